package org.plutro.server.federation.handler;

import org.plutro.server.store.StatusStore;
import org.plutro.server.federation.remote.RemoteActors;
import io.vertx.core.Future;

/**
 * Delete of the actor (the account was closed: its posts, follows and profile go) or of one of
 * the actor's posts (tombstoned).
 */
public final class DeleteHandler implements ActivityHandler {
  private final StatusStore statuses;
  private final RemoteActors remoteActors;

  public DeleteHandler(StatusStore statuses, RemoteActors remoteActors) {
    this.statuses = statuses;
    this.remoteActors = remoteActors;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    String objectId = inbound.objectId();
    if (inbound.actor().uri().equals(objectId)) {
      return remoteActors.forget(inbound.actor());
    }
    return statuses.byUri(objectId).compose(found -> found
        .filter(status -> status.accountId() == inbound.actor().id())
        .map(status -> statuses.tombstone(status.id()).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }
}
