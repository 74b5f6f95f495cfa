package org.plutro.server.http.activitypub;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.federation.mapper.EmojiTags;
import org.plutro.server.http.ContentNegotiation;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.store.CustomEmojiStore;
import org.plutro.server.uri.Uris;

/**
 * {@code /emojis/:id}, the id our Emoji tags give our custom emoji: the {@code Emoji} object, as
 * Mastodon serves it, for peers that look an emoji up by its id. A browser is sent on to the
 * image. Another server's emoji, or one removed, is 404.
 */
public final class EmojiRoutes {
  private final CustomEmojiStore emojis;
  private final Uris uris;

  public EmojiRoutes(CustomEmojiStore emojis, Uris uris) {
    this.emojis = emojis;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/emojis/:id").handler(this::emoji);
  }

  private void emoji(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    emojis.localById(id)
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(emoji -> {
          if (ContentNegotiation.wantsHtml(ctx)) {
            ctx.redirect(uris.emojiImage(emoji));
          } else {
            Responses.activity(ctx, 200, EmojiTags.document(emoji, uris));
          }
        })
        .onFailure(ctx::fail);
  }
}
