package org.plutro.server.http.api.v2;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.plutro.server.http.Auth;
import org.plutro.server.store.FilterStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.domain.Filter;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.FilterEntity;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.FilterRules;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.FilterStore.Changes;
import org.plutro.server.store.FilterStore.KeywordChange;

import static org.plutro.server.http.Params.parseId;

/** Filters v2: filter groups, their keywords and their statuses ({@code read:filters}, {@code write:filters}). */
public final class FiltersRoutes {
  private final Auth auth;
  private final FilterStore filters;
  private final StatusStore statuses;

  public FiltersRoutes(Auth auth, FilterStore filters, StatusStore statuses) {
    this.auth = auth;
    this.filters = filters;
    this.statuses = statuses;
  }

  public void mount(Router router) {
    router.get("/api/v2/filters").handler(this::index);
    router.post("/api/v2/filters").handler(this::create);
    router.get("/api/v2/filters/keywords/:id").handler(this::showKeyword);
    router.put("/api/v2/filters/keywords/:id").handler(this::updateKeyword);
    router.delete("/api/v2/filters/keywords/:id").handler(this::deleteKeyword);
    router.get("/api/v2/filters/statuses/:id").handler(this::showStatus);
    router.delete("/api/v2/filters/statuses/:id").handler(this::deleteStatus);
    router.get("/api/v2/filters/:id").handler(this::show);
    router.put("/api/v2/filters/:id").handler(this::update);
    router.delete("/api/v2/filters/:id").handler(this::delete);
    router.get("/api/v2/filters/:id/keywords").handler(this::keywords);
    router.post("/api/v2/filters/:id/keywords").handler(this::addKeyword);
    router.get("/api/v2/filters/:id/statuses").handler(this::statuses);
    router.post("/api/v2/filters/:id/statuses").handler(this::addStatus);
  }

  private void index(RoutingContext ctx) {
    auth.member(ctx, "read:filters")
        .compose(caller -> filters.owned(caller.member().id()))
        .onSuccess(filters -> {
          JsonArray array = new JsonArray();
          filters.forEach(f -> array.add(FilterEntity.of(f, true)));
          Responses.json(ctx, array);
        }).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:filters").compose(caller -> filter(id, caller))
        .onSuccess(f -> Responses.json(ctx, FilterEntity.of(f, true))).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Params params = Params.of(ctx);
    auth.member(ctx, "write:filters").compose(caller -> {
      List<KeywordChange> keywords = keywordChanges(params, true);
      Changes changes = changes(params, null);
      return filters.insert(caller.member().id(), changes, keywords)
          .compose(id -> filter(id, caller));
    }).onSuccess(f -> Responses.json(ctx, FilterEntity.of(f, true))).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    Params params = Params.of(ctx);
    auth.member(ctx, "write:filters").compose(caller -> filter(id, caller).compose(existing ->
            filters.update(id, caller.member().id(), changes(params, existing),
                keywordChanges(params, false)))
        .compose(updated -> filter(id, caller)))
        .onSuccess(f -> Responses.json(ctx, FilterEntity.of(f, true))).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:filters")
        .compose(caller -> filters.delete(id, caller.member().id()))
        .compose(FiltersRoutes::foundOr404)
        .onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private void keywords(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:filters").compose(caller -> filter(id, caller))
        .onSuccess(f -> {
          JsonArray array = new JsonArray();
          f.keywords().forEach(k -> array.add(FilterEntity.keyword(k)));
          Responses.json(ctx, array);
        }).onFailure(ctx::fail);
  }

  private void addKeyword(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    Params params = Params.of(ctx);
    auth.member(ctx, "write:filters").compose(caller -> filter(id, caller).compose(f -> {
      String keyword = params.string("keyword");
      if (keyword == null || keyword.isBlank()) {
        return Future.failedFuture(new ValidationErrors()
            .add("keyword", "ERR_BLANK", "can't be blank").toException());
      }
      boolean wholeWord = !Boolean.FALSE.equals(params.bool("whole_word"));
      return filters.insertKeyword(id, keyword, wholeWord)
          .map(kid -> FilterEntity.keyword(new Filter.Keyword(kid, id, keyword, wholeWord)));
    })).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void showKeyword(RoutingContext ctx) {
    long keywordId = parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:filters").compose(caller -> keyword(keywordId, caller))
        .onSuccess(k -> Responses.json(ctx, FilterEntity.keyword(k))).onFailure(ctx::fail);
  }

  private void updateKeyword(RoutingContext ctx) {
    long keywordId = parseId(ctx.pathParam("id"));
    Params params = Params.of(ctx);
    auth.member(ctx, "write:filters").compose(caller -> keyword(keywordId, caller).compose(k -> {
      String keyword = params.string("keyword") == null ? k.keyword() : params.string("keyword");
      if (keyword.isBlank()) {
        return Future.failedFuture(new ValidationErrors()
            .add("keyword", "ERR_BLANK", "can't be blank").toException());
      }
      Boolean whole = params.bool("whole_word");
      boolean wholeWord = whole == null ? k.wholeWord() : whole;
      return filters.updateKeyword(keywordId, k.filterId(), keyword, wholeWord)
          .map(done -> new Filter.Keyword(keywordId, k.filterId(), keyword, wholeWord));
    })).onSuccess(k -> Responses.json(ctx, FilterEntity.keyword(k))).onFailure(ctx::fail);
  }

  private void deleteKeyword(RoutingContext ctx) {
    long keywordId = parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:filters").compose(caller -> keyword(keywordId, caller)
            .compose(k -> filters.deleteKeyword(keywordId, k.filterId())))
        .onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private void statuses(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:filters").compose(caller -> filter(id, caller))
        .onSuccess(f -> {
          JsonArray array = new JsonArray();
          f.statuses().forEach(s -> array.add(FilterEntity.status(s)));
          Responses.json(ctx, array);
        }).onFailure(ctx::fail);
  }

  private void addStatus(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    Params params = Params.of(ctx);
    auth.member(ctx, "write:filters").compose(caller -> filter(id, caller).compose(f -> {
      long statusId = parseId(params.required("status_id"));
      return statuses.byId(statusId).compose(status -> status.isEmpty()
          ? Future.failedFuture(ServiceException.notFound("Record not found"))
          : filters.insertStatus(id, statusId)).compose(inserted -> inserted.isEmpty()
          ? Future.failedFuture(new ValidationErrors()
              .add("status", "ERR_TAKEN", "has already been taken").toException())
          : Future.succeededFuture(FilterEntity.status(
              new Filter.FilteredStatus(inserted.get(), id, statusId))));
    })).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void showStatus(RoutingContext ctx) {
    long filterStatusId = parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:filters").compose(caller -> filteredStatus(filterStatusId, caller))
        .onSuccess(s -> Responses.json(ctx, FilterEntity.status(s))).onFailure(ctx::fail);
  }

  private void deleteStatus(RoutingContext ctx) {
    long filterStatusId = parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:filters").compose(caller -> filteredStatus(filterStatusId, caller)
            .compose(s -> filters.deleteStatus(filterStatusId)))
        .onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private Future<Filter> filter(long id, Caller caller) {
    return filters.one(id, caller.member().id()).compose(found -> found
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private Future<Filter.Keyword> keyword(long keywordId, Caller caller) {
    return filters.keywordFilter(keywordId, caller.member().id())
        .compose(filterId -> filterId.isEmpty()
            ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : filter(filterId.get(), caller))
        .map(f -> f.keywords().stream().filter(k -> k.id() == keywordId).findFirst().orElseThrow());
  }

  private Future<Filter.FilteredStatus> filteredStatus(long id, Caller caller) {
    return filters.statusFilter(id, caller.member().id())
        .compose(filterId -> filterId.isEmpty()
            ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : filter(filterId.get(), caller))
        .map(f -> f.statuses().stream().filter(s -> s.id() == id).findFirst().orElseThrow());
  }

  /**
   * The filter's fields from the request, validated as Mastodon does ({@link FilterRules}); on
   * update, what is absent stays as it was.
   */
  static Changes changes(Params params, Filter existing) {
    List<String> context = params.list("context");
    return FilterRules.changes(params.string("title"),
        context.isEmpty() && params.string("context") == null ? null : context,
        params.string("filter_action"), params.string("expires_in"), existing);
  }

  static List<KeywordChange> keywordChanges(Params params, boolean creating) {
    return FilterRules.keywordChanges(params.nested("keywords_attributes"), creating);
  }

  private static Future<Void> foundOr404(boolean found) {
    return found ? Future.succeededFuture()
        : Future.failedFuture(ServiceException.notFound("Record not found"));
  }
}
