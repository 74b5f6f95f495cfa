package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.plutro.federation.vocab.AsObject;
import org.plutro.federation.vocab.Collection;
import org.plutro.federation.vocab.Ref;
import org.plutro.federation.vocab.Vocab;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.json.Refs;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.InteractionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another server's pins, read from the actor's featured collection whenever we store the actor
 * (first seen, refreshed, updated), as Mastodon synchronises it: the posts it lists (on the
 * actor's origin, by the actor; fetched when we do not hold them) become its pins here, exactly.
 * A collection that cannot be read leaves the pins as they were.
 */
public final class FeaturedSync {
  public static final String JOB = "actor.featured";
  /** Pins are few (Mastodon allows five); a longer list is read this far. */
  private static final int MAX_ITEMS = 20;
  private static final Logger LOG = LoggerFactory.getLogger(FeaturedSync.class);

  private final AccountStore accounts;
  private final DocumentFetcher fetcher;
  private final RemoteStatuses statuses;
  private final Pool pool;

  public FeaturedSync(AccountStore accounts, DocumentFetcher fetcher, RemoteStatuses statuses, Pool pool) {
    this.accounts = accounts;
    this.fetcher = fetcher;
    this.statuses = statuses;
    this.pool = pool;
  }

  /** The job: reads the actor's featured collection and makes its posts the actor's pins. */
  public Future<Void> run(JsonObject payload) {
    long accountId = Long.parseLong(payload.getString("subject"));
    return accounts.byId(accountId).compose(found -> {
      Account actor = found.orElse(null);
      if (actor == null || actor.isLocal() || actor.suspended() || actor.deletedAt() != null
          || actor.featuredUrl() == null || !Refs.sameOrigin(actor.featuredUrl(), actor.uri())) {
        return Future.succeededFuture();
      }
      return items(actor.featuredUrl())
          .compose(ids -> pinnedPosts(actor, ids))
          .compose(pins -> InteractionStore.replacePins(pool, actor.id(), pins))
          .recover(failure -> {
            LOG.debug("Cannot read the featured collection of {}: {}", actor.uri(), failure.toString());
            return Future.succeededFuture();
          });
    });
  }

  /** The ids the collection lists: its own items, or its first page's. */
  private Future<List<String>> items(String url) {
    return fetcher.fetch(url).map(Vocab::parseCollection).compose(collection -> {
      Ref<Collection> first = collection.first();
      if (first == null) {
        return Future.succeededFuture(collection);
      }
      return first.embedded().map(Future::succeededFuture).orElseGet(() -> Refs.sameOrigin(first.id(), url)
          ? fetcher.fetch(first.id()).map(Vocab::parseCollection)
          : Future.failedFuture(new IllegalArgumentException("first page on another origin")));
    }).map(collection -> collection.items().stream().map(Ref::id)
        .filter(id -> id != null && Refs.sameOrigin(id, url)).limit(MAX_ITEMS).toList());
  }

  /** The listed posts that are the actor's own, in the collection's order. */
  private Future<List<Long>> pinnedPosts(Account actor, List<String> ids) {
    List<Long> pins = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.compose(done -> statuses.find(id)).map(found -> {
        found.filter(status -> status.accountId() == actor.id() && !status.isDeleted())
            .ifPresent(status -> pins.add(status.id()));
        return null;
      });
    }
    return chain.map(pins);
  }
}
