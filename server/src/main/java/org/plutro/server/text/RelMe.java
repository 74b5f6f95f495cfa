package org.plutro.server.text;

import io.vertx.core.json.JsonObject;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.Elements;

/**
 * Profile links verified the way Mastodon verifies them (rel="me", microformats): a field whose
 * whole value is one link is verified when the page it names links back to the profile with
 * {@code rel="me"}.
 */
public final class RelMe {
  private RelMe() {}

  /**
   * The link a field can be verified by: a member's field typed as just a URL, or another
   * server's field whose HTML is one link showing its own address. Only https (http too when
   * {@code allowHttp}, for instances on a private network), no user name in it, a plain host.
   */
  public static Optional<URI> verifiableLink(JsonObject field, boolean allowHttp) {
    String typed = field.getString("source_value");
    String candidate = typed != null ? typed.strip() : linkOf(field.getString("value", ""));
    if (candidate == null || candidate.isEmpty() || candidate.chars().anyMatch(Character::isWhitespace)) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(candidate);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean schemeOk = scheme.equals("https") || (allowHttp && scheme.equals("http"));
      String host = uri.getHost();
      // A host that is not plain lower-case ASCII could show one name and lead to another.
      boolean hostOk = host != null && host.equals(IDN.toASCII(host).toLowerCase(Locale.ROOT));
      return schemeOk && hostOk && uri.getRawUserInfo() == null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether a field still waits for verification: it has a link and no {@code verified_at}. */
  public static boolean awaitsVerification(JsonObject field, boolean allowHttp) {
    return field.getValue("verified_at") == null && verifiableLink(field, allowHttp).isPresent();
  }

  /** The page's {@code <a rel="me">} and {@code <link rel="me">} targets, in page order. */
  public static List<String> relMeLinks(String html, String pageUrl) {
    Elements links = Jsoup.parse(html, pageUrl).select("a[rel], link[rel]");
    return links.stream()
        .filter(link -> List.of(link.attr("rel").toLowerCase(Locale.ROOT).trim().split("\\s+")).contains("me"))
        .map(link -> link.attr("href").strip())
        .filter(href -> !href.isEmpty())
        .toList();
  }

  /** Whether one of {@code links} is {@code profileUrl} (case aside, as Mastodon compares). */
  public static boolean linksBack(List<String> links, String profileUrl) {
    return links.stream().anyMatch(link -> link.equalsIgnoreCase(profileUrl));
  }

  /** The address of HTML that is exactly one link whose text is its own address. */
  private static String linkOf(String html) {
    List<Node> nodes = Jsoup.parseBodyFragment(html).body().childNodes();
    if (nodes.size() != 1 || !(nodes.get(0) instanceof Element link) || !link.tagName().equals("a")) {
      return null;
    }
    String href = link.attr("href");
    return href.equals(link.text()) ? href : null;
  }
}
