package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.plutro.server.store.InteractionStore;
import org.plutro.server.store.StatusStore;

/** Remove of a post from the actor's own featured collection: it unpinned the post. */
public final class RemoveHandler implements ActivityHandler {
  private final StatusStore statuses;
  private final Pool pool;

  public RemoveHandler(StatusStore statuses, Pool pool) {
    this.statuses = statuses;
    this.pool = pool;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    if (!AddHandler.toOwnFeatured(inbound)) {
      return Future.succeededFuture();
    }
    return statuses.byUri(inbound.objectId()).compose(found -> found
        .filter(status -> status.accountId() == inbound.actor().id())
        .map(status -> InteractionStore.unpin(pool, inbound.actor().id(), status.id()).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }
}
