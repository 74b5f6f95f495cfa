package org.plutro.server.federation.handler;

import org.plutro.server.store.StatusStore;
import org.plutro.server.store.FavouriteStore;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.service.NotificationService;
import org.plutro.server.domain.NotificationType;
import io.vertx.core.Future;
import java.util.Optional;
import org.plutro.server.domain.Status;

/**
 * Like of one of our members' posts: counted on the post (the counter row is kept by the
 * database in the same statement). As in Mastodon, likes of posts from elsewhere are the origin's
 * to count and are ignored, as are likes of posts the actor may not see. The author is notified.
 */
public final class LikeHandler implements ActivityHandler {
  private final StatusStore statuses;
  private final StatusVisibility statusVisibility;
  private final FavouriteStore favourites;
  private final NotificationService notifications;

  public LikeHandler(StatusStore statuses, StatusVisibility statusVisibility, FavouriteStore favourites,
      NotificationService notifications) {
    this.statuses = statuses;
    this.statusVisibility = statusVisibility;
    this.favourites = favourites;
    this.notifications = notifications;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return statuses.byUri(inbound.objectId()).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || !found.get().local()
          || found.get().reblogOfId() != null) {
        return Future.succeededFuture();
      }
      Status status = found.get();
      return statusVisibility.maySee(Optional.of(inbound.actor()), status).compose(visible -> visible
          ? favourites.insert(inbound.actor().id(), status.id(), inbound.id())
              .compose(done -> notifications.notify(status.accountId(),
                  NotificationType.FAVOURITE, inbound.actor().id(), status.id()))
          : Future.succeededFuture());
    });
  }
}
