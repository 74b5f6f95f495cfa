package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.plutro.server.http.Auth;
import org.plutro.server.store.FilterStore;
import org.plutro.server.domain.Filter;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.FilterEntity;
import org.plutro.server.service.FilterRules;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.FilterStore.Changes;
import org.plutro.server.store.FilterStore.KeywordChange;

import static org.plutro.server.http.Params.parseId;

/**
 * The deprecated v1 filters, which many apps still call: each v2 keyword is one v1 filter (its id
 * is the keyword's); creating one makes a filter titled with the phrase holding that one keyword.
 */
public final class FiltersV1Routes {
  private final Auth auth;
  private final FilterStore filters;

  public FiltersV1Routes(Auth auth, FilterStore filters) {
    this.auth = auth;
    this.filters = filters;
  }

  public void mount(Router router) {
    router.get("/api/v1/filters").handler(this::index);
    router.post("/api/v1/filters").handler(this::create);
    router.get("/api/v1/filters/:id").handler(this::show);
    router.put("/api/v1/filters/:id").handler(this::update);
    router.delete("/api/v1/filters/:id").handler(this::delete);
  }

  private void index(RoutingContext ctx) {
    auth.member(ctx, "read:filters")
        .compose(caller -> filters.owned(caller.member().id()))
        .onSuccess(filters -> {
          JsonArray array = new JsonArray();
          for (Filter filter : filters) {
            filter.keywords().forEach(k -> array.add(FilterEntity.v1(filter, k)));
          }
          Responses.json(ctx, array);
        }).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:filters").compose(caller -> v1(id, caller))
        .onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Params params = Params.of(ctx);
    auth.member(ctx, "write:filters").compose(caller -> {
      Input input = input(params, null);
      return filters.insert(caller.member().id(), input.changes(),
              List.of(new KeywordChange(null, input.phrase(), input.wholeWord(), false)))
          .compose(filterId -> filters.one(filterId, caller.member().id()))
          .map(found -> {
            Filter filter = found.orElseThrow();
            return FilterEntity.v1(filter, filter.keywords().get(0));
          });
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    Params params = Params.of(ctx);
    auth.member(ctx, "write:filters").compose(caller -> owner(id, caller).compose(filter -> {
      Filter.Keyword keyword = keyword(filter, id);
      Input input = input(params, new Existing(filter, keyword));
      return filters.update(filter.id(), caller.member().id(), input.changes(),
              List.of(new KeywordChange(id, input.phrase(), input.wholeWord(), false)))
          .compose(done -> v1(id, caller));
    })).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:filters").compose(caller -> owner(id, caller)
            .compose(filter -> filters.deleteKeyword(id, filter.id())
                .compose(done -> filters.deleteIfEmpty(filter.id()))))
        .onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private record Existing(Filter filter, Filter.Keyword keyword) {}

  private record Input(String phrase, boolean wholeWord, Changes changes) {}

  /** phrase, context[], irreversible, whole_word, expires_in; on update, absent keeps. */
  private static Input input(Params params, Existing existing) {
    String phrase = params.string("phrase");
    List<String> context = params.list("context");
    Boolean irreversible = params.bool("irreversible");
    Boolean wholeWord = params.bool("whole_word");
    if (existing != null) {
      phrase = phrase == null ? existing.keyword().keyword() : phrase;
      context = context.isEmpty() ? existing.filter().context() : context;
      irreversible = irreversible == null ? "hide".equals(existing.filter().action()) : irreversible;
      wholeWord = wholeWord == null ? existing.keyword().wholeWord() : wholeWord;
    }
    ValidationErrors errors = new ValidationErrors();
    if (phrase == null || phrase.isBlank()) {
      errors.add("phrase", "ERR_BLANK", "can't be blank");
    }
    FilterRules.validateContext(context, errors);
    String expiresIn = params.string("expires_in");
    Integer seconds = FilterRules.expiresIn(expiresIn, errors);
    errors.throwIfAny();
    String action = Boolean.TRUE.equals(irreversible) ? "hide" : "warn";
    String title = existing != null ? existing.filter().title() : phrase;
    return new Input(phrase, Boolean.TRUE.equals(wholeWord), new Changes(title, List.copyOf(context),
        action, existing == null || expiresIn != null, seconds));
  }

  private Future<JsonObject> v1(long keywordId, Caller caller) {
    return owner(keywordId, caller).map(filter -> FilterEntity.v1(filter, keyword(filter, keywordId)));
  }

  private Future<Filter> owner(long keywordId, Caller caller) {
    return filters.keywordFilter(keywordId, caller.member().id())
        .compose(filterId -> filterId.isEmpty()
            ? Future.succeededFuture(java.util.Optional.<Filter>empty())
            : filters.one(filterId.get(), caller.member().id()))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private static Filter.Keyword keyword(Filter filter, long keywordId) {
    return filter.keywords().stream().filter(k -> k.id() == keywordId).findFirst().orElseThrow();
  }
}
