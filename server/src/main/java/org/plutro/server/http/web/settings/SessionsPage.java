package org.plutro.server.http.web.settings;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.WebPaths;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.WebSessionStore;
import org.plutro.server.store.WebSessionStore.WebSession;

/**
 * {@code /settings/sessions}: where the member is signed in — browsers and apps — with the one in
 * use marked, each revocable at once, and the history of sign-ins (policy 2.4, 2.5). The same
 * stores as the API's {@code /api/v1/plutro/sessions} and {@code /login_history}.
 */
public final class SessionsPage {
  static final String PATH = "/settings/sessions";
  private static final Map<String, String> NOTICES = Map.of(
      "browser", "That browser is signed out.",
      "app", "That app's session is ended: it can no longer use your account.");

  /** A signed-in browser; {@code current} is the one looking at the page. */
  public record Browser(long id, String device, String userAgent, String signedIn, String signedInIso,
      String address, boolean current) {}

  /** An app's session (an access token). */
  public record App(long id, String name, String userAgent, String scopes,
      String signedIn, String signedInIso, String lastUsed, String lastUsedIso, String address) {}

  /** One sign-in of the history. */
  public record SignIn(String time, String timeIso, String address, String device, String userAgent,
      String method) {}

  private final Visits visits;
  private final Pages pages;
  private final WebSessionStore webSessions;
  private final OAuthStore oauth;

  public SessionsPage(Visits visits, Pages pages, WebSessionStore webSessions, OAuthStore oauth) {
    this.visits = visits;
    this.pages = pages;
    this.webSessions = webSessions;
    this.oauth = oauth;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH + "/browsers/:id/revoke").handler(this::revokeBrowser);
    router.post(PATH + "/apps/:id/revoke").handler(this::revokeApp);
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx).compose(visit -> {
      long memberId = visit.member().id();
      long current = visit.session().map(WebSession::id).orElse(-1L);
      Future<List<Browser>> browsers = webSessions.memberSessions(memberId).map(list -> list.stream()
          .map(s -> new Browser(s.id(), Shown.device(s.userAgent()), s.userAgent(),
              Shown.time(s.createdAt()), Shown.iso(s.createdAt()), Shown.address(s.address()),
              s.id() == current))
          .toList());
      Future<List<App>> apps = oauth.sessions(memberId).map(list -> list.stream()
          .map(s -> new App(s.tokenId(), s.appName() == null ? "Unnamed app" : s.appName(),
              s.userAgent(), String.join(" ", s.scopes()),
              Shown.time(s.createdAt()), Shown.iso(s.createdAt()),
              s.lastUsedAt() == null ? "never" : Shown.time(s.lastUsedAt()), Shown.iso(s.lastUsedAt()),
              s.lastUsedAt() == null ? "none yet" : Shown.address(s.lastAddress())))
          .toList());
      Future<List<SignIn>> history = webSessions.signIns(memberId).map(list -> list.stream()
          .map(s -> new SignIn(Shown.time(s.createdAt()), Shown.iso(s.createdAt()),
              Shown.address(s.address()), Shown.device(s.userAgent()), s.userAgent(), method(s.method())))
          .toList());
      return Future.all(browsers, apps, history).map(done -> {
        pages.send(ctx, "settings/sessions.jte", visit.frame("Sessions"), Map.of(
            "notice", SeeOther.notice(ctx, NOTICES), "browsers", browsers.result(),
            "apps", apps.result(), "signIns", history.result()));
        return null;
      });
    }).onFailure(ctx::fail);
  }

  private void revokeBrowser(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> {
      long id = Params.parseId(ctx.pathParam("id"));
      boolean own = visit.session().map(s -> s.id() == id).orElse(false);
      return webSessions.deleteMemberSession(visit.member().id(), id).compose(ended -> {
        if (!ended) {
          return Future.failedFuture(ServiceException.notFound("Record not found"));
        }
        // Ending the session in use signs this browser out: there is no settings page to go back to.
        SeeOther.to(ctx, own ? WebPaths.HOME : PATH, own ? null : "browser");
        return Future.succeededFuture();
      });
    }).onFailure(ctx::fail);
  }

  private void revokeApp(RoutingContext ctx) {
    visits.memberForm(ctx).compose(visit -> {
      long id = Params.parseId(ctx.pathParam("id"));
      return oauth.revokeSession(visit.member().id(), id).compose(revoked -> {
        if (!revoked) {
          return Future.failedFuture(ServiceException.notFound("Record not found"));
        }
        SeeOther.to(ctx, PATH, "app");
        return Future.succeededFuture();
      });
    }).onFailure(ctx::fail);
  }

  /** How a sign-in was made, in words. */
  static String method(String method) {
    return switch (method) {
      case "password" -> "An app, with your password";
      case "authorize" -> "The sign-in page, for an app";
      case "settings" -> "The sign-in page";
      default -> method;
    };
  }
}
