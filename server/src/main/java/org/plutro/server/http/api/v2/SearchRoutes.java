package org.plutro.server.http.api.v2;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.service.ServiceException;

/**
 * {@code GET /api/v2/search}: a handle ({@code @user@host[:port]}) finds the account, resolved by
 * WebFinger when {@code resolve=true} and the caller is a member; a bare name finds local members.
 */
public final class SearchRoutes {
  private final AppContext app;
  private final Presenter presenter;

  public SearchRoutes(AppContext app) {
    this.app = app;
    this.presenter = new Presenter(app);
  }

  public void mount(Router router) {
    router.get("/api/v2/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    boolean resolve = "true".equalsIgnoreCase(ctx.request().getParam("resolve"));
    String type = ctx.request().getParam("type");
    if (q == null || q.isBlank()) {
      ctx.fail(ServiceException.unprocessable("q is required"));
      return;
    }
    String query = q.trim();
    app.auth().optional(ctx).compose(caller -> {
      if (type != null && !type.equals("accounts")) {
        return Future.succeededFuture(List.<Account>of());
      }
      return accounts(query, resolve && caller.flatMap(Caller::account).isPresent());
    }).compose(presenter::accounts).onSuccess(accounts -> Responses.json(ctx, new JsonObject()
        .put("accounts", accounts).put("statuses", new JsonArray()).put("hashtags", new JsonArray())))
        .onFailure(ctx::fail);
  }

  private Future<List<Account>> accounts(String query, boolean resolve) {
    String handle = query.startsWith("@") ? query.substring(1) : query;
    int at = handle.indexOf('@');
    if (at <= 0) {
      return app.accounts().localByUsername(handle).map(found -> found
          .filter(a -> a.deletedAt() == null).map(List::of).orElse(List.of()));
    }
    String username = handle.substring(0, at);
    String host = handle.substring(at + 1).toLowerCase();
    if (host.equals(app.uris().authority())) {
      return accounts(username, false);
    }
    Future<Optional<Account>> known = app.accounts().remoteByHandle(username, host);
    return known.compose(found -> {
      found.ifPresent(app.remoteActors()::lookedUp);
      if (found.isPresent() || !resolve) {
        return Future.succeededFuture(found.filter(a -> a.deletedAt() == null).map(List::of)
            .orElse(List.of()));
      }
      // Unknown and the member asked to resolve it: WebFinger, then fetch the actor.
      return app.remoteActors().byHandle(username + "@" + host).map(List::of)
          .otherwise(List.of());
    });
  }
}
