package org.plutro.server.http.api.v1;

import org.plutro.server.http.Auth;
import org.plutro.server.http.Params;
import org.plutro.server.text.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.http.Responses;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.WebSessionStore;

/**
 * A member's sessions and sign-ins (policy 2.4, 2.5): {@code GET /api/v1/plutro/sessions} (every
 * live token: app, device, address, last use; {@code current} marks the caller's),
 * {@code DELETE /api/v1/plutro/sessions/:id} (revoke one), {@code GET /api/v1/plutro/login_history}.
 * Addresses older than {@code PLUTRO_IP_RETENTION_DAYS} have been erased and show as null.
 */
public final class SessionsRoutes {
  private final Auth auth;
  private final OAuthStore oauth;
  private final WebSessionStore webSessions;

  public SessionsRoutes(Auth auth, OAuthStore oauth, WebSessionStore webSessions) {
    this.auth = auth;
    this.oauth = oauth;
    this.webSessions = webSessions;
  }

  public void mount(Router router) {
    router.get("/api/v1/plutro/sessions").handler(this::list);
    router.delete("/api/v1/plutro/sessions/:id").handler(this::revoke);
    router.get("/api/v1/plutro/login_history").handler(this::history);
  }

  private void list(RoutingContext ctx) {
    auth.member(ctx, "read:accounts").compose(caller -> oauth.sessions(caller.member().id())
            .map(live -> {
              JsonArray sessions = new JsonArray();
              for (OAuthStore.Session session : live) {
                sessions.add(new JsonObject()
                    .put("id", Long.toString(session.tokenId()))
                    .put("app", session.appName())
                    .put("scopes", String.join(" ", session.scopes()))
                    .put("created_at", Timestamps.iso(session.createdAt()))
                    .put("last_used_at", session.lastUsedAt() == null ? null
                        : Timestamps.iso(session.lastUsedAt()))
                    .put("ip", session.lastAddress())
                    .put("user_agent", session.userAgent())
                    .put("current", session.tokenId() == caller.token().id()));
              }
              return sessions;
            }))
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:accounts")
        .compose(caller -> oauth.revokeSession(caller.member().id(), id))
        .onSuccess(revoked -> {
          if (!revoked) {
            ctx.fail(ServiceException.notFound("Record not found"));
          } else {
            Responses.json(ctx, new JsonObject());
          }
        })
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    auth.member(ctx, "read:accounts").compose(caller -> webSessions.signIns(caller.member().id())
            .map(signIns -> {
              JsonArray history = new JsonArray();
              for (WebSessionStore.SignIn signIn : signIns) {
                history.add(new JsonObject()
                    .put("created_at", Timestamps.iso(signIn.createdAt()))
                    .put("ip", signIn.address())
                    .put("user_agent", signIn.userAgent())
                    .put("method", signIn.method()));
              }
              return history;
            }))
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }
}
