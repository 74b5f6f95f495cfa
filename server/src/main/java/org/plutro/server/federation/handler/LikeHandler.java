package org.plutro.server.federation.handler;

import org.plutro.server.domain.NotificationType;
import io.vertx.core.Future;
import java.util.Optional;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Status;

/**
 * Like of one of our members' posts: counted on the post (the counter row is kept by the
 * database in the same statement). As in Mastodon, likes of posts from elsewhere are the origin's
 * to count and are ignored, as are likes of posts the actor may not see. The author is notified.
 */
public final class LikeHandler implements ActivityHandler {
  private final AppContext app;

  public LikeHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return app.statuses().byUri(inbound.objectId()).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || !found.get().local()
          || found.get().reblogOfId() != null) {
        return Future.succeededFuture();
      }
      Status status = found.get();
      return app.statusVisibility().maySee(Optional.of(inbound.actor()), status).compose(visible -> visible
          ? app.favourites().insert(inbound.actor().id(), status.id(), inbound.id())
              .compose(done -> app.notifications().notify(status.accountId(),
                  NotificationType.FAVOURITE, inbound.actor().id(), status.id()))
          : Future.succeededFuture());
    });
  }
}
