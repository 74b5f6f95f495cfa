package org.plutro.server.http.activitypub;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.QuoteService;
import org.plutro.server.store.AccountStore;

/**
 * The stamps ({@code QuoteAuthorization}, FEP-044f) our members give remote quotes of their posts,
 * at their ids, for peers that check a quote's {@code quoteAuthorization}. Only public and
 * unlisted posts can be quoted, so a stamp is anyone's to read; a withdrawn one is 404.
 */
public final class QuoteAuthorizationRoutes {
  private final AccountStore accounts;
  private final QuoteService quotes;

  public QuoteAuthorizationRoutes(AccountStore accounts, QuoteService quotes) {
    this.accounts = accounts;
    this.quotes = quotes;
  }

  public void mount(Router router) {
    router.get("/users/:username/quote_authorizations/:id").handler(this::authorization);
  }

  private void authorization(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    accounts.localByUsername(ctx.pathParam("username")).compose(author -> author.isEmpty()
            ? Future.succeededFuture(Optional.<JsonObject>empty())
            : quotes.authorization(author.get(), id))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(stamp -> Responses.activity(ctx, 200, stamp))
        .onFailure(ctx::fail);
  }
}
