package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.plutro.server.http.Auth;
import org.plutro.server.store.ListStore;
import org.plutro.server.uri.Uris;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.ListStore.AddRefusal;
import org.plutro.server.store.ListStore.MemberList;
import org.plutro.server.store.Page;

import static org.plutro.server.http.Params.parseId;

/** Lists and their members ({@code read:lists}, {@code write:lists}). Timelines of lists are elsewhere. */
public final class ListsRoutes {
  private static final Set<String> REPLIES_POLICIES = Set.of("followed", "list", "none");

  private final Auth auth;
  private final ListStore lists;
  private final Presenter presenter;
  private final Uris uris;

  public ListsRoutes(Auth auth, ListStore lists, Presenter presenter, Uris uris) {
    this.auth = auth;
    this.lists = lists;
    this.presenter = presenter;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v1/lists").handler(this::index);
    router.post("/api/v1/lists").handler(this::create);
    router.get("/api/v1/lists/:id").handler(this::show);
    router.put("/api/v1/lists/:id").handler(this::update);
    router.delete("/api/v1/lists/:id").handler(this::delete);
    router.get("/api/v1/lists/:id/accounts").handler(this::members);
    router.post("/api/v1/lists/:id/accounts").handler(this::add);
    router.delete("/api/v1/lists/:id/accounts").handler(this::remove);
    router.get("/api/v1/accounts/:id/lists").handler(this::containing);
  }

  public static JsonObject entity(MemberList list) {
    return new JsonObject().put("id", Long.toString(list.id())).put("title", list.title())
        .put("replies_policy", list.repliesPolicy()).put("exclusive", list.exclusive());
  }

  private void index(RoutingContext ctx) {
    auth.member(ctx, "read:lists")
        .compose(caller -> lists.owned(caller.member().id()))
        .onSuccess(lists -> Responses.json(ctx, array(lists))).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:lists").compose(caller -> list(id, caller))
        .onSuccess(list -> Responses.json(ctx, entity(list))).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Params params = Params.of(ctx);
    auth.member(ctx, "write:lists").compose(caller -> {
      MemberList input = input(params, new MemberList(0, caller.member().id(), null, "list", false));
      return lists.insert(caller.member().id(), input.title(), input.repliesPolicy(),
          input.exclusive());
    }).onSuccess(list -> Responses.json(ctx, entity(list))).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    Params params = Params.of(ctx);
    auth.member(ctx, "write:lists")
        .compose(caller -> list(id, caller).compose(list -> lists.update(input(params, list))))
        .onSuccess(list -> Responses.json(ctx, entity(list.orElseThrow()))).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:lists")
        .compose(caller -> lists.delete(id, caller.member().id()))
        .compose(deleted -> deleted ? Future.succeededFuture()
            : Future.failedFuture(ServiceException.notFound("Record not found")))
        .onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  /** Mastodon's defaults: 40 members a page, at most 80; {@code limit=0} gives all, unpaginated. */
  private void members(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    String limit = ctx.request().getParam("limit");
    boolean all = "0".equals(limit);
    Page page = Page.of(ctx.request().getParam("max_id"), ctx.request().getParam("since_id"),
        ctx.request().getParam("min_id"), limit == null ? "40" : limit, 80);
    auth.member(ctx, "read:lists")
        .compose(caller -> list(id, caller))
        .compose(list -> lists.members(list.id(), page, all))
        .compose(result -> {
          if (!all) {
            Pagination.link(ctx, uris.base(), result.cursors());
          }
          return presenter.accounts(result.accounts());
        })
        .onSuccess(accounts -> Responses.json(ctx, accounts)).onFailure(ctx::fail);
  }

  private void add(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    List<Long> accountIds = accountIds(Params.of(ctx));
    auth.member(ctx, "write:lists")
        .compose(caller -> list(id, caller))
        .compose(list -> lists.add(list, accountIds))
        .compose(refused -> {
          if (refused.isEmpty()) {
            return Future.succeededFuture();
          }
          // Mastodon: an account the owner does not follow is not found; a second add is taken.
          return Future.failedFuture(refused.get() == AddRefusal.NOT_FOLLOWED
              ? ServiceException.notFound("Record not found")
              : new ValidationErrors().add("account", "ERR_TAKEN", "has already been taken")
                  .toException());
        })
        .onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    List<Long> accountIds = accountIds(Params.of(ctx));
    auth.member(ctx, "write:lists")
        .compose(caller -> list(id, caller))
        .compose(list -> lists.remove(list.id(), accountIds))
        .onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private void containing(RoutingContext ctx) {
    long accountId = parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:lists")
        .compose(caller -> lists.containing(caller.member().id(), accountId))
        .onSuccess(lists -> Responses.json(ctx, array(lists))).onFailure(ctx::fail);
  }

  private Future<MemberList> list(long id, Caller caller) {
    return lists.one(id, caller.member().id()).compose(found -> found
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private static MemberList input(Params params, MemberList base) {
    String title = params.string("title") == null ? base.title() : params.string("title");
    String policy = params.string("replies_policy") == null ? base.repliesPolicy()
        : params.string("replies_policy");
    Boolean exclusive = params.bool("exclusive");
    if (!REPLIES_POLICIES.contains(policy)) {
      throw new ServiceException(422, "'" + policy + "' is not a valid replies_policy");
    }
    if (title == null || title.isBlank()) {
      new ValidationErrors().add("title", "ERR_BLANK", "can't be blank").throwIfAny();
    }
    return new MemberList(base.id(), base.accountId(), title.trim(), policy,
        exclusive == null ? base.exclusive() : exclusive);
  }

  private static List<Long> accountIds(Params params) {
    List<Long> ids = new ArrayList<>();
    for (String value : params.list("account_ids")) {
      ids.add(parseId(value));
    }
    if (ids.isEmpty()) {
      throw new ServiceException(422, "Missing parameter: account_ids");
    }
    return ids;
  }

  private static JsonArray array(List<MemberList> lists) {
    JsonArray array = new JsonArray();
    lists.forEach(list -> array.add(entity(list)));
    return array;
  }
}
