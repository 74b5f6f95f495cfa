package org.plutro.server.domain;

import java.time.OffsetDateTime;

/**
 * A link's preview (Mastodon's preview card), read from the page's OpenGraph and Twitter tags or
 * its oEmbed answer. Shared by every post whose first link is {@code url}. {@code html} is only
 * ever an iframe we built; {@code imageUrl} is the picture on its own server.
 */
public record PreviewCard(
    String url,
    String type,
    String title,
    String description,
    String authorName,
    String authorUrl,
    String providerName,
    String providerUrl,
    String html,
    String imageUrl,
    int width,
    int height,
    String embedUrl,
    String language,
    OffsetDateTime publishedAt,
    String blurhash,
    OffsetDateTime fetchedAt) {

  /** Nothing worth showing: no title and no player (as Mastodon, such a page gets no card). */
  public boolean isEmpty() {
    return title.isBlank() && html.isBlank();
  }
}
