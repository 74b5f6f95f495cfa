package org.plutro.server.http.oauth;

import org.plutro.server.http.web.WebPaths;
import org.plutro.server.http.web.WebSessions;
import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.plutro.server.http.Auth;
import org.plutro.server.http.ClientAddress;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.SignIn;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.OAuthStore.AuthorizedApp;
import org.plutro.server.store.WebSessionStore.WebSession;
import static org.plutro.server.text.Html.escape;

/**
 * The apps a member has let into their account, and revoking any of them (policy 5.2). Mastodon
 * has only a settings page for this ({@code /oauth/authorized_applications}); we add the same as
 * an API, {@code GET /api/v1/plutro/authorized_apps} and {@code DELETE .../:id}, for apps.
 */
public final class AuthorizedAppsRoutes {
  private static final String PAGE = "/oauth/authorized_applications";

  private final Auth auth;
  private final OAuthStore oauth;
  private final WebSessions sessions;
  private final SignIn signIn;

  public AuthorizedAppsRoutes(Auth auth, OAuthStore oauth, WebSessions sessions, SignIn signIn) {
    this.auth = auth;
    this.oauth = oauth;
    this.sessions = sessions;
    this.signIn = signIn;
  }

  public void mount(Router router) {
    router.get("/api/v1/plutro/authorized_apps").handler(this::list);
    router.delete("/api/v1/plutro/authorized_apps/:id").handler(this::revoke);
    router.get(PAGE).handler(this::page);
    router.post(PAGE + "/sign_in").handler(this::signIn);
    router.post(PAGE + "/:id/revoke").handler(this::revokeFromPage);
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

  private void page(RoutingContext ctx) {
    sessions.currentOrNew(ctx).compose(session -> render(session, null))
        .onSuccess(html -> AuthorizePage.send(ctx, 200, html))
        .onFailure(ctx::fail);
  }

  private void signIn(RoutingContext ctx) {
    Params params = Params.of(ctx);
    sessions.current(ctx).compose(session -> {
      if (session.isEmpty() || !WebSessions.csrfMatches(session.get(), params.string("authenticity_token"))) {
        AuthorizePage.send(ctx, 403, AuthorizePage.message("Form expired",
            "This form is no longer valid. Reload the page and try again."));
        return Future.succeededFuture();
      }
      return signIn.check(params.string("login"), params.string("password"), ClientAddress.of(ctx),
          ctx.request().getHeader("User-Agent"), "settings")
          .compose(result -> switch (result.outcome()) {
            case SIGNED_IN -> sessions.signIn(ctx, session, result.user().get().accountId())
                .map(signedIn -> {
                  seeOther(ctx);
                  return null;
                });
            // The code is asked on the sign-in page, which comes back here.
            case SECOND_FACTOR -> {
              ctx.response().setStatusCode(303).putHeader("Location",
                  WebPaths.signIn(PAGE)).end();
              yield Future.<Void>succeededFuture();
            }
            case INVALID, EXPIRED -> render(session.get(), "Invalid login or password.")
                .map(html -> sent(ctx, 422, html));
            case THROTTLED -> render(session.get(), "Too many failed sign-in attempts. Try again later.")
                .map(html -> sent(ctx, 429, html));
          });
    }).onFailure(ctx::fail);
  }

  private void revokeFromPage(RoutingContext ctx) {
    Params params = Params.of(ctx);
    long appId = Params.parseId(ctx.pathParam("id"));
    sessions.current(ctx).compose(session -> {
      if (session.isEmpty() || session.get().accountId() == null
          || !WebSessions.csrfMatches(session.get(), params.string("authenticity_token"))) {
        AuthorizePage.send(ctx, 403, AuthorizePage.message("Form expired",
            "This form is no longer valid. Reload the page and try again."));
        return Future.succeededFuture();
      }
      return oauth.revokeApp(session.get().accountId(), appId).map(revoked -> {
        seeOther(ctx);
        return null;
      });
    }).onFailure(ctx::fail);
  }

  private Future<String> render(WebSession session, String error) {
    if (session.accountId() == null) {
      StringBuilder body = new StringBuilder("<h1>Authorized apps</h1><p>Sign in to see the apps"
          + " that can use your account.</p>");
      if (error != null) {
        body.append("<p class=\"error\" role=\"alert\">").append(escape(error)).append("</p>");
      }
      body.append("<form method=\"post\" action=\"").append(PAGE).append("/sign_in\">")
          .append(AuthorizePage.hidden("authenticity_token", session.csrfToken()))
          .append("<label>Email or username <input name=\"login\" autocomplete=\"username\" required></label>")
          .append("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>")
          .append("<button type=\"submit\">Sign in</button></form>");
      return Future.succeededFuture(AuthorizePage.page("Authorized apps", body.toString()));
    }
    return oauth.authorizedApps(session.accountId()).map(apps -> {
      StringBuilder body = new StringBuilder("<h1>Authorized apps</h1>");
      if (apps.isEmpty()) {
        body.append("<p>No app can use your account.</p>");
      } else {
        body.append("<table><tr><th>App</th><th>Permissions</th><th>Authorized</th>"
            + "<th>Last used</th><th></th></tr>");
        for (AuthorizedApp authorized : apps) {
          body.append("<tr><td>").append(escape(authorized.name())).append("</td><td>")
              .append(escape(String.join(" ", authorized.scopes()))).append("</td><td>")
              .append(authorized.authorizedAt().toLocalDate()).append("</td><td>")
              .append(authorized.lastUsedAt() == null ? "never" : authorized.lastUsedAt().toLocalDate())
              .append("</td><td><form method=\"post\" action=\"").append(PAGE).append('/')
              .append(authorized.appId()).append("/revoke\">")
              .append(AuthorizePage.hidden("authenticity_token", session.csrfToken()))
              .append("<button type=\"submit\">Revoke</button></form></td></tr>");
        }
        body.append("</table>");
      }
      return AuthorizePage.page("Authorized apps", body.toString());
    });
  }

  private static Void sent(RoutingContext ctx, int status, String html) {
    AuthorizePage.send(ctx, status, html);
    return null;
  }

  /** Post/redirect/get back to the list. */
  private static void seeOther(RoutingContext ctx) {
    ctx.response().setStatusCode(303).putHeader("Location", PAGE).end();
  }

}
