package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;

/**
 * Delete of the actor (the account was closed: its posts, follows and profile go) or of one of
 * the actor's posts (tombstoned).
 */
public final class DeleteHandler implements ActivityHandler {
  private final AppContext app;

  public DeleteHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    String objectId = inbound.objectId();
    if (inbound.actor().uri().equals(objectId)) {
      return app.remoteActors().forget(inbound.actor());
    }
    return app.statuses().byUri(objectId).compose(found -> found
        .filter(status -> status.accountId() == inbound.actor().id())
        .map(status -> app.statuses().tombstone(status.id()).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }
}
