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
 * for a member with two-factor sign-in then {@code /auth/sign_in/two_factor} (a code from their
 * app or a recovery code), and {@code POST /auth/sign_out}. Signing in replaces the session, so a
 * cookie planted before is worth nothing after; {@code return_to} is followed only to a path on
 * this server.
 */
public final class SignInPage {
  /** Notices another page may ask this one to show, by name (never text from the address bar). */
  private static final Map<String, String> NOTICES = Map.of(
      "password_changed", "Your password was changed, and every other session ended. Sign in with the new one.",
      "code_expired", "The time to type the code is over. Sign in again.",
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
    router.get(WebPaths.SIGN_IN_CODE).handler(this::showCode);
    router.post(WebPaths.SIGN_IN_CODE).handler(this::submitCode);
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
          case SIGNED_IN -> signedIn(ctx, visit, result.user().get(), returnTo);
          case SECOND_FACTOR -> signIn.awaitCode(visit.session().get().id(), result.user().get(),
                  form.value("login"), "web", returnTo)
              .map(waiting -> {
                seeOther(ctx, WebPaths.SIGN_IN_CODE);
                return null;
              });
          // The same words whether the login exists or not.
          case INVALID, EXPIRED -> again(ctx, 422, visit, form, returnTo, "Invalid login or password.");
          case THROTTLED -> again(ctx, 429, visit, form, returnTo,
              "Too many failed sign-in attempts. Try again later.");
        }))
        .onFailure(ctx::fail);
  }

  /**
   * The second step, for a member with two-factor sign-in: the session is still anonymous and
   * waits (server-side, for a few minutes) for a code; without such a wait, back to the first step.
   */
  private void showCode(RoutingContext ctx) {
    visits.withSession(ctx).compose(visit -> {
      if (visit.signedIn()) {
        redirect(ctx, "");
        return Future.succeededFuture();
      }
      return signIn.awaitsCode(visit.session().get().id()).map(waits -> {
        if (waits) {
          sendCode(ctx, 200, visit, null);
        } else {
          seeOther(ctx, WebPaths.SIGN_IN);
        }
        return null;
      });
    }).onFailure(ctx::fail);
  }

  private void submitCode(RoutingContext ctx) {
    visits.form(ctx).compose(visit -> signIn.answer(visit.session().get().id(),
            ctx.request().getFormAttribute("code"), ClientAddress.of(ctx),
            ctx.request().getHeader("User-Agent"))
        .compose(result -> switch (result.outcome()) {
          case SIGNED_IN -> signedIn(ctx, visit, result.user().get(), returnTo(result.returnTo()));
          case THROTTLED -> {
            sendCode(ctx, 429, visit, "Too many failed sign-in attempts. Try again later.");
            yield Future.<Void>succeededFuture();
          }
          case EXPIRED -> {
            seeOther(ctx, WebPaths.SIGN_IN + "?notice=code_expired");
            yield Future.<Void>succeededFuture();
          }
          default -> {
            sendCode(ctx, 422, visit, "That code is not right, or was used already.");
            yield Future.<Void>succeededFuture();
          }
        }))
        .onFailure(ctx::fail);
  }

  private void sendCode(RoutingContext ctx, int status, Visit visit, String alert) {
    Map<String, Object> params = new HashMap<>();
    params.put("form", new Form(Map.of(), Map.of(), alert));
    pages.send(ctx, status, "auth/two_factor.jte", visit.frame("Two-factor sign-in"), params);
  }

  /** Every step passed: the session becomes a signed-in one (a new id: nothing planted survives). */
  private Future<Void> signedIn(RoutingContext ctx, Visit visit, User user, String returnTo) {
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

  private static void seeOther(RoutingContext ctx, String path) {
    ctx.response().setStatusCode(303).putHeader("Location", path).putHeader("Cache-Control", "no-store").end();
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
