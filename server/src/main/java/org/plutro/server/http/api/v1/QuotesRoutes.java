package org.plutro.server.http.api.v1;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.service.QuoteService;
import org.plutro.server.store.Page;
import org.plutro.server.uri.Uris;

/** Mastodon's {@code GET /api/v1/statuses/:id/quotes}: the accepted quotes of a post, newest first. */
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
  }

  private void quotes(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    Page page = Pagination.mastodonPage(ctx, DEFAULT_LIMIT);
    auth.optional(ctx, "read:statuses").compose(caller -> {
      Optional<Account> viewer = caller.flatMap(Auth.Caller::account);
      Long viewerId = viewer.map(Account::id).orElse(null);
      return quotes.quotesOf(viewer, id, page).compose(ids -> {
        Pagination.link(ctx, uris.base(), ids);
        return presenter.byIds(ids, viewerId);
      });
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }
}
