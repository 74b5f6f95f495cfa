package org.plutro.server.http.oauth;

import org.plutro.server.http.web.settings.ApplicationsPage;
import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.OAuthStore.AuthorizedApp;

/**
 * The apps a member has let into their account, and revoking any of them (policy 5.2). Mastodon
 * has only a settings page for this ({@code /oauth/authorized_applications}, now
 * {@link ApplicationsPage}, where that address leads); we add the same as an API,
 * {@code GET /api/v1/plutro/authorized_apps} and {@code DELETE .../:id}, for apps.
 */
public final class AuthorizedAppsRoutes {
  private static final String PAGE = "/oauth/authorized_applications";

  private final Auth auth;
  private final OAuthStore oauth;

  public AuthorizedAppsRoutes(Auth auth, OAuthStore oauth) {
    this.auth = auth;
    this.oauth = oauth;
  }

  public void mount(Router router) {
    router.get("/api/v1/plutro/authorized_apps").handler(this::list);
    router.delete("/api/v1/plutro/authorized_apps/:id").handler(this::revoke);
    router.get(PAGE).handler(AuthorizedAppsRoutes::moved);
  }

  private void list(RoutingContext ctx) {
    auth.member(ctx, "read:accounts")
        .compose(caller -> oauth.authorizedApps(caller.member().id()))
        .onSuccess(apps -> {
          JsonArray array = new JsonArray();
          apps.forEach(authorized -> array.add(entity(authorized)));
          Responses.json(ctx, array);
        })
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    long appId = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:accounts")
        .compose(caller -> oauth.revokeApp(caller.member().id(), appId))
        .compose(revoked -> revoked ? Future.succeededFuture()
            : Future.failedFuture(ServiceException.notFound("Record not found")))
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  static JsonObject entity(AuthorizedApp authorized) {
    return new JsonObject()
        .put("id", Long.toString(authorized.appId()))
        .put("name", authorized.name())
        .put("website", authorized.website())
        .put("scopes", new JsonArray(List.copyOf(authorized.scopes())))
        .put("created_at", Timestamps.iso(authorized.authorizedAt()))
        .put("last_used_at", authorized.lastUsedAt() == null ? null
            : Timestamps.iso(authorized.lastUsedAt()));
  }

  /** Mastodon's old address of the page, kept working for links and habits. */
  private static void moved(RoutingContext ctx) {
    ctx.response().setStatusCode(301).putHeader("Location", ApplicationsPage.PATH).end();
  }
}
