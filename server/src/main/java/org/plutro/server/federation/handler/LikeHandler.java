package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;

/**
 * Like of one of our members' posts: counted on the post (the counter row is kept by the
 * database in the same statement). As in Mastodon, likes of posts from elsewhere are the origin's
 * to count and are ignored, as are likes of posts the actor may not see.
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
      return maySee(inbound, status).compose(visible -> visible
          // notify: favourite
          ? app.favourites().insert(inbound.actor().id(), status.id(), inbound.id())
          : Future.succeededFuture());
    });
  }

  private Future<Boolean> maySee(Inbound inbound, Status status) {
    if (status.visibility().isPubliclyReadable()) {
      return Future.succeededFuture(true);
    }
    if (status.visibility() == Visibility.DIRECT) {
      return Future.succeededFuture(false);
    }
    return app.follows().byPair(inbound.actor().id(), status.accountId())
        .map(follow -> follow.isPresent() && follow.get().accepted());
  }
}
