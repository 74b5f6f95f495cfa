package org.plutro.server.http.web.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.plutro.server.domain.User;
import org.plutro.server.http.ClientAddress;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.WebPaths;
import org.plutro.server.service.SignIn;

/**
 * Signing in and out in the browser: {@code /auth/sign_in} (email or username and password,
 * through {@link SignIn}: the same throttling and sign-in history as the apps' password grant),
 * and {@code POST /auth/sign_out}. Signing in replaces the session, so a cookie planted before
 * is worth nothing after; {@code return_to} is followed only to a path on this server.
 */
public final class SignInPage {
  /** Notices another page may ask this one to show, by name (never text from the address bar). */
  private static final Map<String, String> NOTICES = Map.of(
      "password_changed", "Your password was changed, and every other session ended. Sign in with the new one.",
      "signed_out", "You are signed out.");

  private final Visits visits;
  private final Pages pages;
  private final SignIn signIn;

  public SignInPage(Visits visits, Pages pages, SignIn signIn) {
    this.visits = visits;
    this.pages = pages;
    this.signIn = signIn;
  }

  public void mount(Router router) {
    router.get(WebPaths.SIGN_IN).handler(this::show);
    router.post(WebPaths.SIGN_IN).handler(this::submit);
    router.post(WebPaths.SIGN_OUT).handler(this::signOut);
  }

  private void show(RoutingContext ctx) {
    String returnTo = returnTo(ctx.request().getParam("return_to"));
    visits.withSession(ctx).onSuccess(visit -> {
      if (visit.signedIn()) {
        redirect(ctx, returnTo);
        return;
      }
      send(ctx, 200, visit, Form.empty().with("return_to", returnTo),
          NOTICES.get(String.valueOf(ctx.request().getParam("notice"))));
    }).onFailure(ctx::fail);
  }

  private void submit(RoutingContext ctx) {
    Form form = Form.submitted(ctx, "login");
    String returnTo = returnTo(ctx.request().getFormAttribute("return_to"));
    visits.form(ctx).compose(visit -> signIn.check(form.value("login"),
            ctx.request().getFormAttribute("password"), ClientAddress.of(ctx),
            ctx.request().getHeader("User-Agent"), "web")
        .compose(result -> switch (result.outcome()) {
          case SIGNED_IN -> passwordAccepted(ctx, visit, result.user().get(), returnTo);
          // The same words whether the login exists or not.
          case INVALID -> again(ctx, 422, visit, form, returnTo, "Invalid login or password.");
          case THROTTLED -> again(ctx, 429, visit, form, returnTo,
              "Too many failed sign-in attempts. Try again later.");
        }))
        .onFailure(ctx::fail);
  }

  /**
   * The password was right. A second step (a code from an authenticator app, for a member who set
   * up two-factor authentication) belongs here, before the session is signed in: show its form,
   * keep who passed the first step in the anonymous session, and come back here when it passes.
   */
  private Future<Void> passwordAccepted(RoutingContext ctx, Visit visit, User user, String returnTo) {
    return visits.signIn(ctx, visit, user.accountId()).map(signedIn -> {
      // A member who may not act yet learns why first.
      redirect(ctx, user.functional() ? returnTo : WebPaths.SETUP);
      return null;
    });
  }

  private Future<Void> again(RoutingContext ctx, int status, Visit visit, Form form, String returnTo,
      String alert) {
    send(ctx, status, visit, new Form(form.with("return_to", returnTo).values(), Map.of(), alert), null);
    return Future.succeededFuture();
  }

  private void signOut(RoutingContext ctx) {
    visits.form(ctx).compose(visit -> visits.signOut(ctx, visit))
        .onSuccess(done -> ctx.response().setStatusCode(303)
            .putHeader("Location", WebPaths.SIGN_IN + "?notice=signed_out").end())
        .onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx, int status, Visit visit, Form form, String notice) {
    Map<String, Object> params = new HashMap<>();
    params.put("form", form);
    params.put("notice", notice);
    pages.send(ctx, status, "auth/sign_in.jte", visit.frame("Sign in"), params);
  }

  private static void redirect(RoutingContext ctx, String returnTo) {
    ctx.response().setStatusCode(303).putHeader("Location", returnTo.isEmpty() ? WebPaths.HOME : returnTo)
        .putHeader("Cache-Control", "no-store").end();
  }

  /** Where to go after signing in: a path on this server, else nowhere in particular. */
  private static String returnTo(String asked) {
    return WebPaths.isLocalPath(asked) ? asked : "";
  }
}
