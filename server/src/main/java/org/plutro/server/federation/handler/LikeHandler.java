package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;
import org.plutro.server.service.NotificationService;

/** Like of one of our posts: counted on the post, and its author notified. Likes of posts we do not hold are ignored. */
public final class LikeHandler implements ActivityHandler {
  private final AppContext app;

  public LikeHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return app.statuses().byUri(inbound.objectId()).compose(found -> found
        .filter(status -> !status.isDeleted())
        .map(status -> app.favourites().insert(inbound.actor().id(), status.id(), inbound.id())
            .compose(done -> app.notifications().notify(status.accountId(),
                NotificationService.FAVOURITE, inbound.actor().id(), status.id())))
        .orElseGet(Future::succeededFuture));
  }
}
