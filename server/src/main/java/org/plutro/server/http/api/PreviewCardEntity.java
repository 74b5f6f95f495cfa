package org.plutro.server.http.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.plutro.server.domain.PreviewCard;
import org.plutro.server.media.CardImages;
import org.plutro.server.text.Timestamps;

/** Mastodon's {@code PreviewCard} entity. */
public final class PreviewCardEntity {
  private PreviewCardEntity() {}

  public static JsonObject of(PreviewCard card, CardImages images) {
    JsonArray authors = new JsonArray();
    if (!card.authorName().isEmpty() || !card.authorUrl().isEmpty()) {
      authors.add(new JsonObject().put("name", card.authorName()).put("url", card.authorUrl())
          .put("account", null));
    }
    return new JsonObject()
        .put("url", card.url())
        .put("title", card.title())
        .put("description", card.description())
        .put("language", card.language())
        .put("type", card.type())
        .put("author_name", card.authorName())
        .put("author_url", card.authorUrl())
        .put("provider_name", card.providerName())
        .put("provider_url", card.providerUrl())
        .put("html", card.html())
        .put("width", card.width())
        .put("height", card.height())
        .put("image", images.url(card))
        .put("image_description", "")
        .put("embed_url", card.embedUrl())
        .put("blurhash", card.blurhash())
        .put("published_at", card.publishedAt() == null ? null : Timestamps.iso(card.publishedAt()))
        .put("authors", authors);
  }
}
