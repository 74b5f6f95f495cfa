package org.plutro.server.http.oauth;

import org.plutro.server.http.web.WebSessions;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.OAuthApp;
import org.plutro.server.http.ClientAddress;
import org.plutro.server.http.Params;
import org.plutro.server.http.oauth.AuthorizationRequest.PageError;
import org.plutro.server.http.oauth.AuthorizationRequest.RedirectError;
import org.plutro.server.service.SignIn;
import org.plutro.server.service.Secrets;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.OAuthCodeStore;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.WebSessionStore.WebSession;

/**
 * The authorization endpoint (RFC 6749 §4.1 with PKCE, RFC 7636): {@code GET /oauth/authorize}
 * shows the sign-in and consent page, {@code POST /oauth/authorize} signs in if asked, then
 * approves (a code, redirected to the app or shown for out-of-band) or denies
 * ({@code error=access_denied}).
 */
public final class AuthorizeRoutes {
  /** Codes live ten minutes, as Doorkeeper's. */
  static final int CODE_LIFETIME_SECONDS = 600;

  private final OAuthStore oauth;
  private final OAuthCodeStore oauthCodes;
  private final AccountStore accounts;
  private final WebSessions sessions;
  private final SignIn signIn;
  private final String instanceName;

  public AuthorizeRoutes(OAuthStore oauth, OAuthCodeStore oauthCodes, AccountStore accounts,
      WebSessions sessions, SignIn signIn, String instanceName) {
    this.oauth = oauth;
    this.oauthCodes = oauthCodes;
    this.accounts = accounts;
    this.sessions = sessions;
    this.signIn = signIn;
    this.instanceName = instanceName;
  }

  public void mount(Router router) {
    router.get("/oauth/authorize").handler(this::show);
    router.post("/oauth/authorize").handler(this::decide);
  }

  private void show(RoutingContext ctx) {
    Params params = Params.of(ctx);
    request(params).compose(request -> sessions.currentOrNew(ctx).compose(session ->
            signedIn(session).map(account -> {
              boolean askSignIn = account.isEmpty() || request.forceLogin();
              return AuthorizePage.consent(instanceName, request,
                  account.orElse(null), askSignIn, session.csrfToken(), null);
            })))
        .onSuccess(html -> AuthorizePage.send(ctx, 200, html))
        .onFailure(failure -> fail(ctx, failure));
  }

  private void decide(RoutingContext ctx) {
    Params params = Params.of(ctx);
    sessions.current(ctx).compose(session -> {
      if (session.isEmpty() || !WebSessions.csrfMatches(session.get(),
          params.string("authenticity_token"))) {
        AuthorizePage.send(ctx, 403, AuthorizePage.message("Form expired",
            "This form is no longer valid. Go back to the app and start again."));
        return Future.succeededFuture();
      }
      return request(params).compose(request -> "deny".equals(params.string("decision"))
          ? deny(ctx, request)
          : approve(ctx, params, request, session.get()));
    }).onFailure(failure -> fail(ctx, failure));
  }

  private Future<Void> deny(RoutingContext ctx, AuthorizationRequest request) {
    if (request.outOfBand()) {
      AuthorizePage.send(ctx, 200, AuthorizePage.message("Authorization denied",
          "You denied " + request.client().name() + " access to your account."));
    } else {
      redirect(ctx, request.redirectUri(), "error", "access_denied", "error_description",
          "The resource owner or authorization server denied the request.", "state",
          request.state());
    }
    return Future.succeededFuture();
  }

  private Future<Void> approve(RoutingContext ctx, Params params, AuthorizationRequest request,
      WebSession session) {
    String login = params.string("login");
    if (login != null) {
      return signIn.check(login, params.string("password"), ClientAddress.of(ctx),
          ctx.request().getHeader("User-Agent"), "authorize").compose(result ->
          switch (result.outcome()) {
            case SIGNED_IN -> sessions.signIn(ctx, Optional.of(session), result.user().get().accountId())
                .compose(signedIn -> issue(ctx, request, signedIn.accountId()));
            // The same words whether the login exists or not.
            case INVALID -> again(ctx, 422, request, session, "Invalid login or password.");
            case THROTTLED -> again(ctx, 429, request, session,
                "Too many failed sign-in attempts. Try again later.");
          });
    }
    if (session.accountId() == null || request.forceLogin()) {
      return again(ctx, 422, request, session, "Sign in to authorize this app.");
    }
    return issue(ctx, request, session.accountId());
  }

  private Future<Void> again(RoutingContext ctx, int status, AuthorizationRequest request,
      WebSession session, String error) {
    return signedIn(session).map(account -> {
      AuthorizePage.send(ctx, status, AuthorizePage.consent(instanceName, request,
          account.orElse(null), true, session.csrfToken(), error));
      return null;
    });
  }

  private Future<Void> issue(RoutingContext ctx, AuthorizationRequest request, long accountId) {
    String code = Secrets.token();
    return oauthCodes.insert(Secrets.sha256(code), request.client().id(), accountId,
            request.redirectUri(), request.scopes(), request.codeChallenge(), CODE_LIFETIME_SECONDS)
        .map(done -> {
          if (request.outOfBand()) {
            AuthorizePage.send(ctx, 200, AuthorizePage.code(code));
          } else {
            redirect(ctx, request.redirectUri(), "code", code, "state", request.state());
          }
          return null;
        });
  }

  private Future<AuthorizationRequest> request(Params params) {
    String clientId = params.string("client_id");
    Future<Optional<OAuthApp>> client = clientId == null || clientId.isBlank()
        ? Future.succeededFuture(Optional.empty()) : oauth.appByClientId(clientId);
    return client.map(found -> AuthorizationRequest.parse(params, found.orElseThrow(() ->
        new PageError("Client authentication failed due to unknown client."))));
  }

  private Future<Optional<Account>> signedIn(WebSession session) {
    if (session.accountId() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return accounts.byId(session.accountId());
  }

  /** Appends the parameters (pairs; null values left out) to the redirect URI and sends a 302. */
  static void redirect(RoutingContext ctx, String uri, String... pairs) {
    StringBuilder location = new StringBuilder(uri);
    char separator = uri.contains("?") ? '&' : '?';
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        continue;
      }
      location.append(separator).append(AuthorizePage.encode(pairs[i])).append('=')
          .append(AuthorizePage.encode(pairs[i + 1]));
      separator = '&';
    }
    ctx.response().setStatusCode(302).putHeader("Location", location.toString())
        .putHeader("Cache-Control", "no-store").end();
  }

  private void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof PageError page) {
      AuthorizePage.send(ctx, 400, AuthorizePage.message("Authorization failed", page.getMessage()));
    } else if (failure instanceof RedirectError error) {
      if (RedirectUris.OOB.equals(error.redirectUri)) {
        AuthorizePage.send(ctx, 400, AuthorizePage.message("Authorization failed", error.getMessage()));
      } else {
        redirect(ctx, error.redirectUri, "error", error.code, "error_description",
            error.getMessage(), "state", error.state);
      }
    } else {
      ctx.fail(failure);
    }
  }
}
