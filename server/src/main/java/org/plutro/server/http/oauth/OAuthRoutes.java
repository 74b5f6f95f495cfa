package org.plutro.server.http.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.plutro.server.domain.AccessToken;
import org.plutro.server.domain.AuthorizationCode;
import org.plutro.server.domain.OAuthApp;
import org.plutro.server.http.ClientAddress;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.Pkce;
import org.plutro.server.service.Scopes;
import org.plutro.server.service.Secrets;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.SignIn;
import org.plutro.server.store.OAuthCodeStore;
import org.plutro.server.store.OAuthStore;

/**
 * The OAuth 2 token endpoint (RFC 6749): {@code authorization_code} (with PKCE, RFC 7636) for
 * apps, {@code client_credentials} and {@code password} for registration and scripts; and token
 * revocation (RFC 7009). No refresh tokens: Mastodon issues none, its tokens do not expire.
 * Errors use OAuth's own shape: {@code {"error": "invalid_grant", "error_description": "..."}}.
 */
public final class OAuthRoutes {
  static final String INVALID_GRANT = "The provided authorization grant is invalid, expired,"
      + " revoked, does not match the redirection URI used in the authorization request, or was"
      + " issued to another client.";

  private final OAuthStore oauth;
  private final OAuthCodeStore oauthCodes;
  private final SignIn signIn;

  public OAuthRoutes(OAuthStore oauth, OAuthCodeStore oauthCodes, SignIn signIn) {
    this.oauth = oauth;
    this.oauthCodes = oauthCodes;
    this.signIn = signIn;
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
    authenticateClient(ctx, params).compose(client -> switch (grant) {
      case "authorization_code" -> authorizationCodeGrant(params, client);
      case "client_credentials" -> requestedScopes(params, client)
          .compose(scopes -> issue(client, null, scopes));
      case "password" -> requestedScopes(params, client)
          .compose(scopes -> passwordGrant(ctx, params, client, scopes));
      default -> Future.<JsonObject>failedFuture(new OAuthException(new OAuthError(400,
          "unsupported_grant_type", "The authorization grant type is not supported.")));
    }).onSuccess(issued -> {
      // RFC 6749 §5.1: token answers must not be cached.
      ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
      Responses.json(ctx, issued);
    }).onFailure(failure -> fail(ctx, failure));
  }

  /** The {@code scope} of a client_credentials or password grant: within the app's scopes. */
  private static Future<List<String>> requestedScopes(Params params, OAuthApp client) {
    List<String> scopes = params.string("scope") == null
        ? List.of("read") : Scopes.parse(params.string("scope"));
    if (!Scopes.within(scopes, client.scopes())) {
      return Future.failedFuture(new OAuthException(new OAuthError(400, "invalid_scope",
          "The requested scope is invalid, unknown, or malformed.")));
    }
    return Future.succeededFuture(scopes);
  }

  /**
   * RFC 6749 §4.1.3 with RFC 7636 §4.6: the code must be this client's, unexpired and unused, the
   * redirect URI the one it was issued for, and the verifier must match its challenge. A code used
   * twice revokes the tokens issued from it (§4.1.2).
   */
  private Future<JsonObject> authorizationCodeGrant(Params params, OAuthApp client) {
    String code = params.string("code");
    if (code == null || code.isBlank()) {
      return Future.failedFuture(new OAuthException(new OAuthError(400, "invalid_request",
          "The request is missing a required parameter: code.")));
    }
    OAuthException invalid = new OAuthException(new OAuthError(400, "invalid_grant",
        INVALID_GRANT));
    return oauthCodes.byHash(Secrets.sha256(code)).compose(found -> found.isEmpty()
        || found.get().appId() != client.id() ? Future.failedFuture(invalid)
        : redeem(params, found.get(), invalid));
  }

  /** This client's code, checked and exchanged once for a token; used already, it is a replay. */
  private Future<JsonObject> redeem(Params params, AuthorizationCode grant, OAuthException invalid) {
    if (grant.usedAt() != null) {
      return replayed(grant, invalid);
    }
    String verifier = params.string("code_verifier");
    boolean pkceOk = grant.codeChallenge() == null
        ? verifier == null // a verifier for a code issued without a challenge is a mix-up
        : Pkce.verifies(verifier, grant.codeChallenge());
    if (grant.expired() || !grant.redirectUri().equals(params.string("redirect_uri")) || !pkceOk) {
      return Future.failedFuture(invalid);
    }
    String token = Secrets.token();
    return oauthCodes.exchange(grant, Secrets.sha256(token)).compose(issued -> issued
        .map(stored -> Future.succeededFuture(tokenEntity(token, stored)))
        // Lost a race with another exchange of the same code: that is a replay too.
        .orElseGet(() -> replayed(grant, invalid)));
  }

  /** A code used twice: the tokens issued from it revoked (and forgotten here), the grant refused. */
  private Future<JsonObject> replayed(AuthorizationCode grant, OAuthException invalid) {
    return oauthCodes.revokeTokensIssuedFrom(grant.id()).onSuccess(revoked -> oauth.forgetAll())
        .compose(revoked -> Future.failedFuture(invalid));
  }

  private Future<JsonObject> passwordGrant(RoutingContext ctx, Params params, OAuthApp client,
      List<String> scopes) {
    return signIn.check(params.string("username"), params.string("password"), ClientAddress.of(ctx),
        ctx.request().getHeader("User-Agent"), "password")
        .compose(result -> switch (result.outcome()) {
          case SIGNED_IN -> issue(client, result.user().get().accountId(), scopes);
          case THROTTLED -> Future.failedFuture(new ServiceException(429, "Too many requests"));
          // A member with two-factor sign-in gets no token for a password alone: the grant has
          // no room for a code, so they authorize the app in the browser (as Mastodon does).
          case SECOND_FACTOR, INVALID, EXPIRED -> Future.failedFuture(new OAuthException(
              new OAuthError(400, "invalid_grant", INVALID_GRANT)));
        });
  }

  private Future<JsonObject> issue(OAuthApp client, Long accountId, List<String> scopes) {
    String token = Secrets.token();
    return oauth.insertToken(Secrets.sha256(token), client.id(), accountId, scopes)
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
    authenticateClient(ctx, params).compose(client -> {
      if (token == null || token.isBlank()) {
        return Future.failedFuture(notYours());
      }
      byte[] hash = Secrets.sha256(token);
      // RFC 7009: an unknown or already revoked token is not an error; another app's token is
      // refused, as Doorkeeper does (403 unauthorized_client).
      return oauth.tokenAppId(hash).compose(owner -> {
        if (owner.isPresent() && owner.get() != client.id()) {
          return Future.failedFuture(notYours());
        }
        return oauth.revoke(hash, client.id());
      });
    }).onSuccess(ignored -> Responses.json(ctx, new JsonObject()))
        .onFailure(failure -> fail(ctx, failure));
  }

  private static OAuthException notYours() {
    return new OAuthException(new OAuthError(403, "unauthorized_client",
        "You are not authorized to revoke this token"));
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
    return oauth.appByClientId(clientId).compose(found -> found
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
