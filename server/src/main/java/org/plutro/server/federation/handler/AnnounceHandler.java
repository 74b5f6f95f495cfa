package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;
import org.plutro.server.federation.mapper.RemoteStatus;

/**
 * Announce (a share): stored as the actor's share of the post. A post we do not hold yet is
 * fetched, signed, from its origin (never taken from the Announce itself, which another server
 * could have forged). Only posts anyone may read can be shared.
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
    return app.remoteStatuses().find(inbound.objectId()).compose(found -> found
        .filter(status -> !status.isDeleted() && status.visibility().isPubliclyReadable()
            && status.reblogOfId() == null)
        // notify: reblog (when the shared post is a local member's)
        .map(status -> app.statuses().insertRemote(RemoteStatus.reblog(inbound, status)).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }
}
