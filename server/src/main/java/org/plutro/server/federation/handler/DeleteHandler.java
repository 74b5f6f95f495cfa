package org.plutro.server.federation.handler;

import org.plutro.server.store.StatusStore;
import org.plutro.server.federation.remote.RemoteActors;
import io.vertx.core.Future;
import org.plutro.server.service.QuoteService;

/**
 * Delete of the actor (the account was closed: its posts, follows and profile go), of one of
 * the actor's posts (tombstoned), or of a stamp the actor gave a quote of their post (revoked).
 */
public final class DeleteHandler implements ActivityHandler {
  private final StatusStore statuses;
  private final RemoteActors remoteActors;
  private final QuoteService quotes;

  public DeleteHandler(StatusStore statuses, RemoteActors remoteActors, QuoteService quotes) {
    this.quotes = quotes;
    this.statuses = statuses;
    this.remoteActors = remoteActors;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    String objectId = inbound.objectId();
    if (inbound.actor().uri().equals(objectId)) {
      return remoteActors.forget(inbound.actor());
    }
    return statuses.byUri(objectId).compose(found -> found.isEmpty()
        ? quotes.revoked(inbound.actor(), objectId).<Void>mapEmpty()
        : found.filter(status -> status.accountId() == inbound.actor().id())
            .map(status -> statuses.tombstone(status.id()).<Void>mapEmpty())
            .orElseGet(Future::succeededFuture));
  }
}
