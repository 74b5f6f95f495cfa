package org.plutro.server.federation.handler;

import org.plutro.server.store.StatusStore;
import org.plutro.server.federation.remote.RemoteActors;
import io.vertx.core.Future;
import org.plutro.server.service.RemoteMediaCache;

/**
 * Delete of the actor (the account was closed: its posts, follows and profile go) or of one of
 * the actor's posts (tombstoned). The actor's copied media go with it.
 */
public final class DeleteHandler implements ActivityHandler {
  private final StatusStore statuses;
  private final RemoteActors remoteActors;
  private final RemoteMediaCache remoteMedia;

  public DeleteHandler(StatusStore statuses, RemoteActors remoteActors, RemoteMediaCache remoteMedia) {
    this.statuses = statuses;
    this.remoteActors = remoteActors;
    this.remoteMedia = remoteMedia;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    String objectId = inbound.objectId();
    if (inbound.actor().uri().equals(objectId)) {
      return remoteActors.forget(inbound.actor())
          .compose(done -> remoteMedia.purge(inbound.actor().id()));
    }
    return statuses.byUri(objectId).compose(found -> found
        .filter(status -> status.accountId() == inbound.actor().id())
        .map(status -> statuses.tombstone(status.id()).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }
}
