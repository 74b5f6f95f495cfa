package org.plutro.server.http.api.v1;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.service.QuoteService;
import org.plutro.server.store.Page;
import org.plutro.server.uri.Uris;

/**
 * Mastodon's quotes of a member's own post: {@code GET /api/v1/statuses/:id/quotes} (the
 * accepted ones, newest first) and {@code POST /api/v1/statuses/:id/quotes/:quoting_status_id/revoke}.
 */
public final class QuotesRoutes {
  private static final int DEFAULT_LIMIT = 20;
  private final Auth auth;
  private final QuoteService quotes;
  private final StatusPresenter presenter;
  private final Uris uris;

  public QuotesRoutes(Auth auth, QuoteService quotes, StatusPresenter presenter, Uris uris) {
    this.auth = auth;
    this.quotes = quotes;
    this.presenter = presenter;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v1/statuses/:id/quotes").handler(this::quotes);
    router.post("/api/v1/statuses/:id/quotes/:quoting_status_id/revoke").handler(this::revoke);
  }

  private void revoke(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    long quoting = Params.parseId(ctx.pathParam("quoting_status_id"));
    auth.member(ctx, "write:statuses").compose(caller -> quotes.revoke(caller.member(), id, quoting)
            .compose(status -> presenter.status(status, caller.member().id())))
        .onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void quotes(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    Page page = Pagination.mastodonPage(ctx, DEFAULT_LIMIT);
    auth.member(ctx, "read:statuses").compose(caller -> quotes.quotesOf(caller.member(), id, page)
        .compose(ids -> {
          Pagination.link(ctx, uris.base(), ids);
          return presenter.byIds(ids, caller.member().id());
        })).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }
}
