package org.plutro.server.text;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Which link of a post gets a preview, as Mastodon chooses it: the first one in its HTML that is
 * neither a mention nor a hashtag (microformats: {@code mention}, {@code hashtag}, {@code u-url},
 * {@code h-card}, {@code rel="tag"}), nor inside a quote's "RE:" line, with an http or https
 * address on a host other than those skipped (this instance, the post's own server).
 */
public final class CardLinks {
  // Parsed once: jsoup parses a query string on every select(String), and this runs for every
  // post that arrives.
  private static final Evaluator LINKS = QueryParser.parse("a[href]");

  private CardLinks() {}

  /** The link to preview; {@code skippedAuthorities} are lower-case {@code host[:port]}. */
  public static Optional<String> first(String html, Set<String> skippedAuthorities) {
    if (html == null || html.isEmpty()) {
      return Optional.empty();
    }
    return first(candidates(Jsoup.parseBodyFragment(html).body()), skippedAuthorities);
  }

  /** The first of the {@link #candidates} on none of the skipped hosts. */
  static Optional<String> first(List<URI> candidates, Set<String> skippedAuthorities) {
    return candidates.stream().filter(link -> !skippedAuthorities.contains(authority(link)))
        .findFirst().map(URI::toString);
  }

  /** The links under {@code root} that may get a preview wherever they point, in their order. */
  static List<URI> candidates(Element root) {
    List<URI> candidates = new ArrayList<>(2);
    for (Element a : root.select(LINKS)) {
      if (!isMentionOrTag(a)) {
        web(a.attr("href")).ifPresent(candidates::add);
      }
    }
    return candidates;
  }

  /** Whether the post has any link that may get a preview (hosts not considered): worth a job. */
  public static boolean any(String html) {
    return html != null && html.contains("href") && first(html, Set.of()).isPresent();
  }

  /** {@code host[:port]} of a web address, lower case. */
  public static String authority(URI uri) {
    return (uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())).toLowerCase(Locale.ROOT);
  }

  /** An absolute http(s) address with a host and no user part, without its fragment. */
  public static Optional<URI> web(String href) {
    try {
      String address = href.strip();
      int fragment = address.indexOf('#');
      URI uri = new URI(fragment < 0 ? address : address.substring(0, fragment));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getRawUserInfo() != null) {
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean isMentionOrTag(Element a) {
    String classes = " " + a.className() + " ";
    if (classes.contains(" mention ") || classes.contains(" hashtag ") || classes.contains(" u-url ")
        || (" " + a.attr("rel") + " ").contains(" tag ")) {
      return true;
    }
    for (Element parent : a.parents()) {
      if (parent.hasClass("h-card") || parent.hasClass("quote-inline")) {
        return true;
      }
    }
    return false;
  }
}
