package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.store.InteractionStore;

/**
 * Add of a post to the actor's own featured collection: it pinned the post to its profile, as
 * Mastodon federates pins. A post we do not hold is fetched. Adds to any other collection, and
 * featured hashtags, are ignored (Mastodon does the same with the former).
 */
public final class AddHandler implements ActivityHandler {
  private final RemoteStatuses statuses;
  private final Pool pool;

  public AddHandler(RemoteStatuses statuses, Pool pool) {
    this.statuses = statuses;
    this.pool = pool;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    Account actor = inbound.actor();
    if (!toOwnFeatured(inbound) || inbound.activity().object().embeddedType().filter("Hashtag"::equals).isPresent()) {
      return Future.succeededFuture();
    }
    return statuses.find(inbound.objectId()).compose(found -> found
        .filter(status -> status.accountId() == actor.id() && !status.isDeleted())
        .map(status -> InteractionStore.pinRemote(pool, actor.id(), status.id()))
        .orElseGet(Future::succeededFuture));
  }

  /** Whether the activity's target is the actor's own featured collection. */
  static boolean toOwnFeatured(Inbound inbound) {
    String featured = inbound.actor().featuredUrl();
    return featured != null && inbound.activity().targetId().filter(featured::equals).isPresent();
  }
}
