package org.plutro.server.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.plutro.server.domain.AccessToken;
import org.plutro.server.domain.Account;
import org.plutro.server.service.Scopes;
import org.plutro.server.service.Secrets;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OAuthStore;

/** Bearer-token authentication with Mastodon's status codes and scope checks. */
public final class Auth {
  /**
   * Who is calling: the token, and the member it belongs to (empty for an app-only token), with
   * whether that member has confirmed their address and been let in.
   */
  public record Caller(AccessToken token, Optional<Account> account, boolean confirmed,
      boolean approved) {
    public Account member() {
      return account.orElseThrow();
    }
  }

  private final OAuthStore oauth;

  public Auth(OAuthStore oauth) {
    this.oauth = oauth;
  }

  /** The caller if a valid token is presented; a presented but invalid token is a 401. */
  public Future<Optional<Caller>> optional(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token == null) {
      return Future.succeededFuture(Optional.empty());
    }
    byte[] hash = Secrets.sha256(token);
    return oauth.token(hash).compose(found -> {
      if (found.isEmpty()) {
        // Doorkeeper's descriptions, which Mastodon answers with: revoked tokens are named so.
        return oauth.isRevoked(hash).compose(revoked -> Future.failedFuture(new ServiceException(401,
            revoked ? "The access token was revoked" : "The access token is invalid")));
      }
      AccessToken accessToken = found.get().token();
      touch(accessToken, ctx);
      return Future.succeededFuture(Optional.of(new Caller(accessToken, found.get().account(),
          found.get().confirmed(), found.get().approved())));
    });
  }

  /**
   * Public endpoints that read more with a token (Mastodon's {@code authorize_if_got_token!}): no
   * token is fine, but a presented token must be valid and hold one of {@code scopes}.
   */
  public Future<Optional<Caller>> optional(RoutingContext ctx, String... scopes) {
    return optional(ctx).compose(caller -> {
      if (caller.isPresent() && !Scopes.allows(caller.get().token().scopes(), scopes)) {
        return Future.failedFuture(outsideScopes());
      }
      return Future.succeededFuture(caller);
    });
  }

  /**
   * A token of a member who may act, holding one of {@code scopes}: Mastodon's
   * {@code require_user!}, which refuses a member who has not confirmed their address or is
   * waiting for a moderator, with its words.
   */
  public Future<Caller> member(RoutingContext ctx, String... scopes) {
    return potentialMember(ctx, scopes).compose(caller -> {
      if (!caller.confirmed()) {
        return Future.failedFuture(ServiceException.forbidden(
            "Your login is missing a confirmed e-mail address"));
      }
      if (!caller.approved()) {
        return Future.failedFuture(ServiceException.forbidden("Your login is currently pending approval"));
      }
      return Future.succeededFuture(caller);
    });
  }

  /**
   * A token of any member, confirmed or not: for what an unconfirmed member still needs (their
   * own account, asking for the confirmation mail again).
   */
  public Future<Caller> potentialMember(RoutingContext ctx, String... scopes) {
    return token(ctx, scopes).compose(caller -> caller.account().isPresent()
        ? Future.succeededFuture(caller)
        : Future.failedFuture(new ServiceException(422, "This method requires an authenticated user")));
  }

  /** Any valid token (app or member) holding one of {@code scopes}. */
  public Future<Caller> token(RoutingContext ctx, String... scopes) {
    return optional(ctx).compose(caller -> {
      if (caller.isEmpty()) {
        return Future.failedFuture(new ServiceException(401, "The access token is invalid"));
      }
      if (scopes.length > 0 && !Scopes.allows(caller.get().token().scopes(), scopes)) {
        return Future.failedFuture(outsideScopes());
      }
      return Future.succeededFuture(caller.get());
    });
  }

  private static ServiceException outsideScopes() {
    return new ServiceException(403, "This action is outside the authorized scopes");
  }

  /** The token the request presents, however it presents it. */
  public static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    String param = ctx.request().getParam("access_token");
    if (param != null) {
      return param;
    }
    // Browsers cannot set headers on a WebSocket, so Mastodon's web client sends the token as the
    // subprotocol; the handshake echoes it back (HttpVerticle accepts any subprotocol).
    return ctx.request().getHeader("Sec-WebSocket-Protocol");
  }

  // Last use feeds NodeInfo's active users and the member's session list; once an hour is enough.
  private void touch(AccessToken token, RoutingContext ctx) {
    OffsetDateTime last = token.lastUsedAt();
    if (last == null || last.isBefore(OffsetDateTime.now().minusHours(1))) {
      String agent = ctx.request().getHeader("User-Agent");
      oauth.touch(token.id(), ClientAddress.of(ctx),
          agent == null ? null : agent.substring(0, Math.min(agent.length(), 300)));
    }
  }
}
