package org.plutro.server.federation.handler;

import org.plutro.server.store.StatusStore;
import org.plutro.server.federation.remote.RemoteActors;
import io.vertx.core.Future;
import org.plutro.server.service.QuoteService;
import org.plutro.server.service.RemoteMediaCache;

/**
 * Delete of the actor (the account was closed: its posts, follows and profile go; its copied media
 * with them), of one of the actor's posts (tombstoned), or of a stamp the actor gave a quote of
 * their post (revoked).
 */
public final class DeleteHandler implements ActivityHandler {
  private final StatusStore statuses;
  private final RemoteActors remoteActors;
  private final RemoteMediaCache remoteMedia;
  private final QuoteService quotes;

  public DeleteHandler(StatusStore statuses, RemoteActors remoteActors, RemoteMediaCache remoteMedia,
      QuoteService quotes) {
    this.statuses = statuses;
    this.remoteActors = remoteActors;
    this.remoteMedia = remoteMedia;
    this.quotes = quotes;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    String objectId = inbound.objectId();
    if (inbound.actor().uri().equals(objectId)) {
      return remoteActors.forget(inbound.actor())
          .compose(done -> remoteMedia.purge(inbound.actor().id()));
    }
    return statuses.byUri(objectId).compose(found -> found.isEmpty()
        ? quotes.revoked(inbound.actor(), objectId).<Void>mapEmpty()
        : found.filter(status -> status.accountId() == inbound.actor().id())
            .map(status -> statuses.tombstone(status.id()).<Void>mapEmpty())
            .orElseGet(Future::succeededFuture));
  }
}
