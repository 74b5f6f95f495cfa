package org.plutro.server.http.activitypub;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.http.Responses;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.InteractionStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;

/**
 * A member's followers, following, outbox and featured collections: OrderedCollections with
 * totals, paged with {@code ?page=N}. Hidden follow lists show their totals only. The instance
 * actor's outbox and featured collection are empty.
 */
public final class CollectionRoutes {
  static final int PAGE_SIZE = 40;

  private final AccountStore accounts;
  private final FollowStore follows;
  private final StatusStore statuses;
  /** Where the featured collection is read from ({@link InteractionStore#featured}). */
  private final SqlClient client;
  private final Uris uris;
  private final SignedFetches signedFetches;

  public CollectionRoutes(AccountStore accounts, FollowStore follows, StatusStore statuses,
      SqlClient client, Uris uris, SignedFetches signedFetches) {
    this.accounts = accounts;
    this.follows = follows;
    this.statuses = statuses;
    this.client = client;
    this.uris = uris;
    this.signedFetches = signedFetches;
  }

  public void mount(Router router) {
    router.get("/users/:username/followers").handler(ctx -> follows(ctx, true));
    router.get("/users/:username/following").handler(ctx -> follows(ctx, false));
    router.get("/users/:username/outbox").handler(this::outbox);
    router.get("/users/:username/collections/featured").handler(this::featured);
    // The instance actor publishes nothing and pins nothing, but peers count and read both.
    router.get("/actor/outbox").handler(ctx -> Responses.activity(ctx, 200,
        empty(uris.instanceActor() + "/outbox")));
    router.get("/actor/collections/featured").handler(ctx -> Responses.activity(ctx, 200,
        empty(uris.instanceFeatured())));
  }

  private static JsonObject empty(String id) {
    return Activities.withContext(new JsonObject().put("id", id).put("type", "OrderedCollection")
        .put("totalItems", 0).put("orderedItems", new JsonArray()));
  }

  private void follows(RoutingContext ctx, boolean followers) {
    member(ctx).compose(account -> follows.acceptedCount(account.id(), followers)
        .compose(total -> {
          String id = followers ? account.followersUrl() : account.followingUrl();
          Integer page = page(ctx);
          if (account.hideCollections()) {
            return Future.succeededFuture(collection(id, total, null));
          }
          if (page == null) {
            return Future.succeededFuture(collection(id, total, id + "?page=1"));
          }
          return follows.acceptedUris(account.id(), followers, PAGE_SIZE, (page - 1) * PAGE_SIZE)
              .map(actorUris -> collectionPage(id, page, total, new JsonArray(new java.util.ArrayList<>(actorUris))));
        }))
        .onSuccess(body -> Responses.activity(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private void outbox(RoutingContext ctx) {
    member(ctx).compose(account -> statuses.publicCount(account.id())
        .compose(total -> {
          Integer page = page(ctx);
          if (page == null) {
            return Future.succeededFuture(collection(account.outboxUrl(), total,
                account.outboxUrl() + "?page=1"));
          }
          return statuses.publicPage(account.id(), PAGE_SIZE, (page - 1) * PAGE_SIZE)
              .map(found -> {
                JsonArray items = new JsonArray();
                for (Status status : found) {
                  items.add(Activities.create(status, account).toJsonEmbedded());
                }
                return collectionPage(account.outboxUrl(), page, total, items);
              });
        }))
        .onSuccess(body -> Responses.activity(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  /** The member's pinned public and unlisted posts, as Notes, most recently pinned first. */
  private void featured(RoutingContext ctx) {
    member(ctx).compose(account -> InteractionStore.featured(client, account.id())
            .map(pinned -> {
              JsonArray items = new JsonArray();
              for (Status status : pinned) {
                items.add(Activities.note(status, account).toJsonEmbedded());
              }
              return Activities.withContext(new JsonObject()
                  .put("id", account.featuredUrl()).put("type", "OrderedCollection")
                  .put("totalItems", items.size()).put("orderedItems", items));
            }))
        .onSuccess(body -> Responses.activity(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private Future<Account> member(RoutingContext ctx) {
    return accounts.localByUsername(ctx.pathParam("username")).compose(found -> {
      Account account = found.filter(a -> "Person".equals(a.actorType())).orElse(null);
      if (account == null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      if (account.deletedAt() != null) {
        return Future.failedFuture(new ServiceException(410, "This account is closed"));
      }
      signedFetches.noteFetch(ctx, account);
      return Future.succeededFuture(account);
    });
  }

  private static Integer page(RoutingContext ctx) {
    String value = ctx.request().getParam("page");
    if (value == null) {
      return null;
    }
    try {
      return Math.max(1, Math.min(10_000, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static JsonObject collection(String id, long total, String first) {
    JsonObject collection = Activities.withContext(new JsonObject().put("id", id)
        .put("type", "OrderedCollection").put("totalItems", total));
    if (first != null) {
      collection.put("first", first);
    }
    return collection;
  }

  private static JsonObject collectionPage(String id, int page, long total, JsonArray items) {
    JsonObject body = Activities.withContext(new JsonObject()
        .put("id", id + "?page=" + page).put("type", "OrderedCollectionPage")
        .put("totalItems", total).put("partOf", id).put("orderedItems", items));
    if ((long) page * PAGE_SIZE < total) {
      body.put("next", id + "?page=" + (page + 1));
    }
    if (page > 1) {
      body.put("prev", id + "?page=" + (page - 1));
    }
    return body;
  }
}
