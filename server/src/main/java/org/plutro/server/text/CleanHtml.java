package org.plutro.server.text;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * HTML from another server once cleaned ({@link Html#clean}), with the links in it that may get a
 * preview ({@link CardLinks#candidates}), in their order: found while the clean document was at
 * hand instead of parsing the HTML again.
 */
public record CleanHtml(String html, List<URI> cardLinks) {
  /** The link to preview; {@code skippedAuthorities} are lower-case {@code host[:port]}. */
  public Optional<String> cardLink(Set<String> skippedAuthorities) {
    return CardLinks.first(cardLinks, skippedAuthorities);
  }
}
