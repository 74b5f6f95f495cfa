package org.plutro.server.http.api.v2;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Responses;
import org.plutro.server.http.SearchQueries;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.http.api.TagEntity;
import org.plutro.server.service.Search;
import org.plutro.server.store.TagStore;
import org.plutro.server.uri.Uris;

/**
 * {@code GET /api/v2/search}: what {@link Search} finds, as Mastodon's entities. {@code q},
 * {@code resolve}, {@code type}, {@code limit} (20, at most 40), {@code offset},
 * {@code following} and {@code account_id} as in Mastodon.
 */
public final class SearchRoutes {
  static final int DEFAULT_LIMIT = 20;
  private final Auth auth;
  private final Search search;
  private final TagStore tags;
  private final StatusPresenter statusPresenter;
  private final Presenter presenter;
  private final Uris uris;

  public SearchRoutes(Auth auth, Search search, TagStore tags, StatusPresenter statusPresenter,
      Presenter presenter, Uris uris) {
    this.auth = auth;
    this.search = search;
    this.tags = tags;
    this.statusPresenter = statusPresenter;
    this.presenter = presenter;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v2/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    if (q == null || q.isBlank()) {
      ctx.fail(ServiceException.unprocessable("q is required"));
      return;
    }
    Search.Query query = SearchQueries.of(ctx, q, DEFAULT_LIMIT, false);
    auth.optional(ctx, "read:search").compose(caller -> {
      Optional<Account> member = caller.flatMap(Caller::account);
      return search.search(member, query).compose(found -> {
        Future<JsonArray> accounts = presenter.accounts(found.accounts());
        Future<JsonArray> statuses = found.statusIds().isEmpty() ? Future.succeededFuture(new JsonArray())
            : statusPresenter.byIds(found.statusIds(), member.map(Account::id).orElse(null));
        Future<JsonArray> hashtags = found.hashtags().isEmpty() ? Future.succeededFuture(new JsonArray())
            : TagEntity.of(tags, uris, found.hashtags(), member.map(Account::id));
        return Future.all(accounts, statuses, hashtags).map(done -> new JsonObject()
            .put("accounts", accounts.result()).put("statuses", statuses.result())
            .put("hashtags", hashtags.result()));
      });
    }).onSuccess(result -> Responses.json(ctx, result)).onFailure(ctx::fail);
  }
}
