package org.plutro.server.http.oauth;

import org.plutro.server.http.web.WebSessions;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.domain.OAuthApp;
import org.plutro.server.http.ClientAddress;
import org.plutro.server.http.Params;
import org.plutro.server.http.oauth.AuthorizationRequest.PageError;
import org.plutro.server.http.oauth.AuthorizationRequest.RedirectError;
import org.plutro.server.service.SignIn;
import org.plutro.server.service.Secrets;
import org.plutro.server.store.OAuthCodeStore;
import org.plutro.server.store.OAuthStore;

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
  private final Visits visits;
  private final AuthorizePage page;
  private final SignIn signIn;

  public AuthorizeRoutes(OAuthStore oauth, OAuthCodeStore oauthCodes, Visits visits, Pages pages,
      SignIn signIn) {
    this.oauth = oauth;
    this.oauthCodes = oauthCodes;
    this.visits = visits;
    this.page = new AuthorizePage(pages);
    this.signIn = signIn;
  }

  public void mount(Router router) {
    router.get("/oauth/authorize").handler(this::show);
    router.post("/oauth/authorize").handler(this::decide);
  }

  private void show(RoutingContext ctx) {
    Params params = Params.of(ctx);
    request(params).compose(request -> visits.withSession(ctx).map(visit -> {
              boolean askSignIn = !visit.signedIn() || request.forceLogin();
              page.consent(ctx, 200, visit.frame(null), request, visit.member(), askSignIn, null);
              return null;
            }))
        .onFailure(failure -> fail(ctx, failure));
  }

  private void decide(RoutingContext ctx) {
    Params params = Params.of(ctx);
    visits.of(ctx).compose(visit -> {
      if (visit.session().isEmpty() || !WebSessions.csrfMatches(visit.session().get(),
          params.string(Visits.CSRF_FIELD))) {
        page.notice(ctx, 403, visit.frame(null), "Form expired",
            "This form is no longer valid. Go back to the app and start again.");
        return Future.succeededFuture();
      }
      return request(params).compose(request -> "deny".equals(params.string("decision"))
          ? deny(ctx, visit, request)
          : approve(ctx, params, request, visit));
    }).onFailure(failure -> fail(ctx, failure));
  }

  private Future<Void> deny(RoutingContext ctx, Visit visit, AuthorizationRequest request) {
    if (request.outOfBand()) {
      page.notice(ctx, 200, visit.frame(null), "Authorization denied",
          "You denied " + request.client().name() + " access to your account.");
    } else {
      redirect(ctx, request.redirectUri(), "error", "access_denied", "error_description",
          "The resource owner or authorization server denied the request.", "state",
          request.state());
    }
    return Future.succeededFuture();
  }

  private Future<Void> approve(RoutingContext ctx, Params params, AuthorizationRequest request,
      Visit visit) {
    String login = params.string("login");
    if (login != null) {
      return signIn.check(login, params.string("password"), ClientAddress.of(ctx),
          ctx.request().getHeader("User-Agent"), "authorize").compose(result ->
          switch (result.outcome()) {
            case SIGNED_IN -> visits.signIn(ctx, visit, result.user().get().accountId())
                .compose(signedIn -> issue(ctx, signedIn, request, result.user().get().accountId()));
            // Two-factor sign-in: the session waits for the code; nothing is signed in yet.
            case SECOND_FACTOR -> signIn.awaitCode(visit.session().get().id(), result.user().get(),
                    login, "authorize", "")
                .compose(waiting -> askCode(ctx, 200, request, visit, null));
            // The same words whether the login exists or not.
            case INVALID, EXPIRED -> again(ctx, 422, request, visit, "Invalid login or password.");
            case THROTTLED -> again(ctx, 429, request, visit,
                "Too many failed sign-in attempts. Try again later.");
          });
    }
    String code = params.string("code");
    if (code != null) {
      return signIn.answer(visit.session().get().id(), code, ClientAddress.of(ctx),
          ctx.request().getHeader("User-Agent")).compose(result -> switch (result.outcome()) {
            case SIGNED_IN -> visits.signIn(ctx, visit, result.user().get().accountId())
                .compose(signedIn -> issue(ctx, signedIn, request, result.user().get().accountId()));
            case THROTTLED -> askCode(ctx, 429, request, visit,
                "Too many failed sign-in attempts. Try again later.");
            case EXPIRED -> again(ctx, 422, request, visit,
                "The time to type the code is over. Sign in again.");
            default -> askCode(ctx, 422, request, visit, "That code is not right, or was used already.");
          });
    }
    if (!visit.signedIn() || request.forceLogin()) {
      return again(ctx, 422, request, visit, "Sign in to authorize this app.");
    }
    return issue(ctx, visit, request, visit.member().id());
  }

  private Future<Void> again(RoutingContext ctx, int status, AuthorizationRequest request, Visit visit,
      String error) {
    page.consent(ctx, status, visit.frame(null), request, visit.member(), true, error);
    return Future.succeededFuture();
  }

  private Future<Void> askCode(RoutingContext ctx, int status, AuthorizationRequest request, Visit visit,
      String error) {
    page.consent(ctx, status, visit.frame(null), request, null, true, true, error);
    return Future.succeededFuture();
  }

  private Future<Void> issue(RoutingContext ctx, Visit visit, AuthorizationRequest request, long accountId) {
    String code = Secrets.token();
    return oauthCodes.insert(Secrets.sha256(code), request.client().id(), accountId,
            request.redirectUri(), request.scopes(), request.codeChallenge(), CODE_LIFETIME_SECONDS)
        .compose(done -> {
          if (!request.outOfBand()) {
            redirect(ctx, request.redirectUri(), "code", code, "state", request.state());
            return Future.succeededFuture();
          }
          page.code(ctx, visit.frame(null), code);
          return Future.succeededFuture();
        });
  }

  private Future<AuthorizationRequest> request(Params params) {
    String clientId = params.string("client_id");
    Future<Optional<OAuthApp>> client = clientId == null || clientId.isBlank()
        ? Future.succeededFuture(Optional.empty()) : oauth.appByClientId(clientId);
    return client.map(found -> AuthorizationRequest.parse(params, found.orElseThrow(() ->
        new PageError("Client authentication failed due to unknown client."))));
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
    if (failure instanceof PageError problem) {
      failed(ctx, problem.getMessage());
    } else if (failure instanceof RedirectError error) {
      if (RedirectUris.OOB.equals(error.redirectUri)) {
        failed(ctx, error.getMessage());
      } else {
        redirect(ctx, error.redirectUri, "error", error.code, "error_description",
            error.getMessage(), "state", error.state);
      }
    } else {
      ctx.fail(failure);
    }
  }

  /** A problem with the request itself, said on a page (never sent to an unverified URI). */
  private void failed(RoutingContext ctx, String message) {
    visits.of(ctx).onSuccess(visit -> page.notice(ctx, 400, visit.frame(null), "Authorization failed", message))
        .onFailure(ctx::fail);
  }
}
