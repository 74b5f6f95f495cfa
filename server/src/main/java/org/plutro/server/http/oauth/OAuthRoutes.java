package org.plutro.server.http.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.plutro.server.AppContext;
import org.plutro.server.domain.AccessToken;
import org.plutro.server.domain.OAuthApp;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.PasswordHasher;
import org.plutro.server.service.Scopes;
import org.plutro.server.service.Secrets;

/**
 * The OAuth 2 token endpoint (RFC 6749) with the grants scripts and registration need —
 * {@code client_credentials} and {@code password} — and token revocation (RFC 7009).
 * Errors use OAuth's own shape: {@code {"error": "invalid_grant", "error_description": "..."}}.
 */
public final class OAuthRoutes {
  // A valid hash of a random password, verified when the login is unknown to even out timing.
  private static final String DUMMY_HASH =
      new PasswordHasher().hash(Secrets.token());

  private final AppContext app;

  public OAuthRoutes(AppContext app) {
    this.app = app;
  }

  public void mount(Router router) {
    router.post("/oauth/token").handler(this::token);
    router.post("/oauth/revoke").handler(this::revoke);
  }

  /** An OAuth error; the status is 400 except for client authentication (401). */
  record OAuthError(int status, String code, String description) {}

  private void token(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String grant = params.string("grant_type");
    if (grant == null || grant.isBlank()) {
      fail(ctx, new OAuthError(400, "invalid_request", "grant_type is required"));
      return;
    }
    authenticateClient(ctx, params).compose(client -> {
      List<String> scopes = params.string("scope") == null
          ? client.scopes() : Scopes.parse(params.string("scope"));
      if (!Scopes.within(scopes, client.scopes())) {
        return Future.failedFuture(new OAuthException(new OAuthError(400, "invalid_scope",
            "The requested scope is invalid, unknown, or malformed.")));
      }
      return switch (grant) {
        case "client_credentials" -> issue(client, null, scopes);
        case "password" -> passwordGrant(params, client, scopes);
        default -> Future.failedFuture(new OAuthException(new OAuthError(400,
            "unsupported_grant_type", "The authorization grant type is not supported.")));
      };
    }).onSuccess(issued -> Responses.json(ctx, issued)).onFailure(failure -> fail(ctx, failure));
  }

  private Future<JsonObject> passwordGrant(Params params, OAuthApp client, List<String> scopes) {
    String login = params.string("username");
    String password = params.string("password");
    OAuthException invalid = new OAuthException(new OAuthError(400, "invalid_grant",
        "The provided authorization grant is invalid, expired, revoked, or was issued to another client."));
    if (login == null || password == null) {
      return Future.failedFuture(invalid);
    }
    return app.users().byLogin(login.trim()).compose(user -> {
      // Hash even when nobody matches, so timing does not reveal which logins exist.
      String hash = user.map(u -> u.passwordHash()).orElse(null);
      return app.vertx().executeBlocking(
              () -> app.passwords().verify(password, hash != null ? hash : DUMMY_HASH) && hash != null,
              false)
          .compose(ok -> ok ? issue(client, user.get().accountId(), scopes)
              : Future.failedFuture(invalid));
    });
  }

  private Future<JsonObject> issue(OAuthApp client, Long accountId, List<String> scopes) {
    String token = Secrets.token();
    return app.oauth().insertToken(Secrets.sha256(token), client.id(), accountId, scopes)
        .map(stored -> tokenEntity(token, stored));
  }

  /** Mastodon's {@code Token} entity. */
  public static JsonObject tokenEntity(String token, AccessToken stored) {
    return new JsonObject()
        .put("access_token", token)
        .put("token_type", "Bearer")
        .put("scope", String.join(" ", stored.scopes()))
        .put("created_at", stored.createdAt().toEpochSecond());
  }

  private void revoke(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String token = params.string("token");
    authenticateClient(ctx, params)
        .compose(client -> token == null || token.isBlank()
            ? Future.succeededFuture(false)
            : app.oauth().revoke(Secrets.sha256(token), client.id()))
        // RFC 7009: an unknown or already revoked token is not an error.
        .onSuccess(ignored -> Responses.json(ctx, new JsonObject()))
        .onFailure(failure -> fail(ctx, failure));
  }

  /** Client credentials from the body or HTTP Basic, checked against the stored hash. */
  private Future<OAuthApp> authenticateClient(RoutingContext ctx, Params params) {
    String clientId = params.string("client_id");
    String secret = params.string("client_secret");
    String basic = ctx.request().getHeader("Authorization");
    if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()),
            StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon > 0) {
          clientId = decoded.substring(0, colon);
          secret = decoded.substring(colon + 1);
        }
      } catch (IllegalArgumentException ignored) {
        // Not Base64: treated as absent credentials below.
      }
    }
    OAuthException invalid = new OAuthException(new OAuthError(401, "invalid_client",
        "Client authentication failed due to unknown client, no client authentication included,"
            + " or unsupported authentication method."));
    if (clientId == null || secret == null) {
      return Future.failedFuture(invalid);
    }
    String presented = secret;
    return app.oauth().appByClientId(clientId).compose(found -> found
        .filter(client -> Secrets.matches(presented, client.clientSecretHash()))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(invalid)));
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof OAuthException oauth) {
      fail(ctx, oauth.error);
    } else {
      ctx.fail(failure);
    }
  }

  private static void fail(RoutingContext ctx, OAuthError error) {
    if (error.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Plutro\"");
    }
    Responses.json(ctx, error.status(), new JsonObject().put("error", error.code())
        .put("error_description", error.description()));
  }

  static final class OAuthException extends RuntimeException {
    final OAuthError error;

    OAuthException(OAuthError error) {
      super(error.code(), null, false, false);
      this.error = error;
    }
  }
}
