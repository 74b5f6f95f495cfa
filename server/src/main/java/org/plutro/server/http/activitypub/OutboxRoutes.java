package org.plutro.server.http.activitypub;

import org.plutro.server.service.BlockService;
import org.plutro.server.store.OwnActivityStore;
import org.plutro.server.service.LocalAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.plutro.server.c2s.Outbox;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.http.Responses;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Auth;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.Page;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.TimelineStore;

/**
 * ActivityPub client-to-server: a member POSTs activities to their own outbox with an OAuth bearer
 * token (201 and the new activity's id in {@code Location}), and reads their inbox (what reached
 * their home timeline, newest first) with a {@code read:statuses} token.
 */
public final class OutboxRoutes {
  private static final int INBOX_PAGE = 20;
  private final Auth auth;
  private final Outbox outbox;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final TimelineStore timelines;

  public OutboxRoutes(Auth auth, Outbox outbox, AccountStore accounts, StatusStore statuses,
      TimelineStore timelines) {
    this.auth = auth;
    this.outbox = outbox;
    this.accounts = accounts;
    this.statuses = statuses;
    this.timelines = timelines;
  }

  public void mount(Router router) {
    router.post("/users/:username/outbox").handler(this::post);
    router.get("/users/:username/inbox").handler(this::inbox);
  }

  private void post(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("application/activity+json") && !lower.startsWith("application/ld+json")
        && !lower.startsWith("application/json")) {
      ctx.fail(new ServiceException(415, "Send application/activity+json"));
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      ctx.fail(new ServiceException(400, "The body is not a JSON object"));
      return;
    }
    JsonObject sent = body;
    owner(ctx).compose(owner -> outbox.read(sent).compose(activity ->
            auth.member(ctx, outbox.scopes(activity)).compose(caller -> {
              if (caller.member().id() != owner.id()) {
                return Future.failedFuture(ServiceException.forbidden("This is not your outbox"));
              }
              return outbox.post(caller.member(), activity);
            })))
        .onSuccess(id -> ctx.response().setStatusCode(201).putHeader("Location", id).end())
        .onFailure(ctx::fail);
  }

  private void inbox(RoutingContext ctx) {
    owner(ctx).compose(owner -> auth.member(ctx, "read:statuses").compose(caller -> {
      if (caller.member().id() != owner.id()) {
        return Future.failedFuture(ServiceException.forbidden("This is not your inbox"));
      }
      String maxId = ctx.request().getParam("max_id");
      Page page = Page.of(maxId, null, null, Integer.toString(INBOX_PAGE), INBOX_PAGE);
      return timelines.home(owner.id(), page).compose(ids -> activities(ids))
          .map(items -> page(owner, maxId, items));
    })).onSuccess(body -> Responses.activity(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** Each status as the activity that brought it: Create for a post, Announce for a share. */
  private Future<List<JsonObject>> activities(List<Long> ids) {
    List<Future<JsonObject>> loads = new ArrayList<>();
    for (long id : ids) {
      loads.add(statuses.byId(id).compose(found -> {
        if (found.isEmpty()) {
          return Future.succeededFuture(null);
        }
        Status status = found.get();
        return accounts.byId(status.accountId()).compose(author -> {
          if (status.reblogOfId() == null) {
            JsonObject create = Activities.create(status, author.orElseThrow()).toJsonEmbedded();
            return Future.succeededFuture(create.put("_cursor", id));
          }
          return statuses.byId(status.reblogOfId()).map(original -> new JsonObject()
              .put("id", status.uri()).put("type", "Announce").put("actor", author.orElseThrow().uri())
              .put("published", status.createdAt().toInstant().toString())
              .put("to", new JsonArray(status.to())).put("cc", new JsonArray(status.cc()))
              .put("object", original.map(Status::uri).orElse(null)).put("_cursor", id));
        });
      }));
    }
    return Future.all(loads).map(done -> {
      List<JsonObject> items = new ArrayList<>();
      loads.forEach(load -> {
        if (load.result() != null) {
          items.add(load.result());
        }
      });
      return items;
    });
  }

  private static JsonObject page(Account owner, String maxId, List<JsonObject> items) {
    String inbox = owner.inboxUrl();
    JsonArray ordered = new JsonArray();
    Long last = null;
    for (JsonObject item : items) {
      last = (Long) item.remove("_cursor");
      ordered.add(item);
    }
    JsonObject page = new JsonObject()
        .put("id", maxId == null ? inbox + "?page=true" : inbox + "?page=true&max_id=" + maxId)
        .put("type", "OrderedCollectionPage").put("partOf", inbox).put("orderedItems", ordered);
    if (last != null && items.size() == INBOX_PAGE) {
      page.put("next", inbox + "?page=true&max_id=" + last);
    }
    return Activities.withContext(page);
  }

  private Future<Account> owner(RoutingContext ctx) {
    return accounts.localByUsername(ctx.pathParam("username")).compose(found -> {
      Account account = found.filter(a -> "Person".equals(a.actorType()) && a.deletedAt() == null)
          .orElse(null);
      return account == null ? Future.failedFuture(ServiceException.notFound("Record not found"))
          : Future.succeededFuture(account);
    });
  }
}
