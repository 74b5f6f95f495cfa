package org.plutro.server.text;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/**
 * What HTML from other servers keeps: the tags and attributes of jsoup's {@code basic()} list and
 * those Mastodon keeps, links only with the protocols Mastodon allows. Links are checked here, not
 * by jsoup: jsoup first resolves every link against the document's base URI, which is empty for
 * fragments from other servers, and that throws (filling a stack trace) for every link, most of the
 * time spent cleaning a post. The check here is jsoup's with that empty base, without the failing
 * step: an address Java can read is kept as it writes it, any other as it is; it must begin with
 * an allowed protocol, so relative links and {@code javascript:} are dropped. The {@code rel} jsoup
 * enforces on links is set by {@link Html} once the document is clean (jsoup's own enforcing
 * resolves the link once more).
 */
final class RemoteSafelist extends Safelist {
  /**
   * The allowed protocols of each link attribute, by {@code "tag attribute"}, as basic() had them
   * (it checks no protocol of {@code <q cite>}, which browsers do not follow).
   */
  private static final Map<String, List<String>> LINK_PROTOCOLS = Map.of(
      "a href", List.of("ftp", "http", "https", "mailto", "dat", "dweb", "ipfs", "ipns", "ssb", "gopher",
          "xmpp", "magnet", "gemini"),
      "blockquote cite", List.of("http", "https"));
  // As jsoup's StringUtil reads a link.
  private static final Pattern CONTROL_CHARS = Pattern.compile("[\\x00-\\x1f]*");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+-.]*:");

  RemoteSafelist() {
    addTags("a", "b", "blockquote", "br", "cite", "code", "dd", "dl", "dt", "em", "i", "li", "ol",
        "p", "pre", "q", "small", "span", "strike", "strong", "sub", "sup", "u", "ul",
        "del", "h1", "h2", "h3", "h4", "h5", "h6");
    addAttributes("a", "href", "rel", "class", "translate");
    addAttributes("blockquote", "cite");
    addAttributes("q", "cite");
    addAttributes("span", "class", "translate");
    addAttributes("ol", "start", "reversed");
    addAttributes("li", "value");
  }

  @Override
  public boolean isSafeAttribute(String tagName, Element element, Attribute attribute) {
    if (!super.isSafeAttribute(tagName, element, attribute)) {
      return false;
    }
    List<String> protocols = LINK_PROTOCOLS.get(tagName + " " + attribute.getKey());
    return protocols == null || hasProtocol(attribute, protocols);
  }

  /** Whether the link has one of the protocols, the attribute set to the link as it is kept. */
  private static boolean hasProtocol(Attribute link, List<String> protocols) {
    String kept = absolute(link.getValue());
    if (kept.isEmpty()) {
      kept = link.getValue();
    }
    link.setValue(kept);
    String lower = kept.toLowerCase(Locale.ROOT);
    for (String protocol : protocols) {
      if (lower.startsWith(protocol + ":")) {
        return true;
      }
    }
    return false;
  }

  /** The address as Java writes it when it can read it, else as it is when it has a scheme, else "". */
  private static String absolute(String link) {
    String address = CONTROL_CHARS.matcher(link).replaceAll("");
    try {
      return new URL(address).toExternalForm();
    } catch (MalformedURLException e) {
      return SCHEME.matcher(address).find() ? address : "";
    }
  }
}
