package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;
import org.plutro.server.service.NotificationService;

/**
 * Announce (a share) of a post we hold: stored as the actor's share of it. The shared post must
 * be readable by anyone; a share of a followers-only post is ignored. The author is notified.
 */
public final class AnnounceHandler implements ActivityHandler {
  private final AppContext app;

  public AnnounceHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    if (!inbound.sameOriginAsActor(inbound.id())) {
      return Future.succeededFuture();
    }
    return app.statuses().byUri(inbound.objectId()).compose(found -> found
        .filter(status -> !status.isDeleted() && status.visibility().isPubliclyReadable()
            && status.reblogOfId() == null)
        .map(status -> app.statuses().insertRemote(
                org.plutro.server.federation.mapper.RemoteStatus.reblog(inbound, status))
            .compose(stored -> stored.isEmpty() ? Future.<Void>succeededFuture()
                : app.notifications().notify(status.accountId(), NotificationService.REBLOG,
                    inbound.actor().id(), status.id())))
        .orElseGet(Future::succeededFuture));
  }
}
