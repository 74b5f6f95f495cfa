package org.plutro.server.http.web.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.WebPaths;
import org.plutro.server.service.PasswordReset;

/**
 * A forgotten password, Mastodon's paths: {@code /auth/password/new} asks for the address (and
 * answers the same whether or not it is known), the mailed link {@code /auth/password/edit?
 * reset_password_token=…} asks for the new password. Setting it ends every session and app token
 * of the account, and sends the person to sign in.
 */
public final class PasswordPages {
  private static final String REQUEST = "/auth/password";
  private static final String EDIT = "/auth/password/edit";
  private static final Map<String, String> LABELS = Map.of("password", "New password",
      "password_confirmation", "The confirmation");

  private final Visits visits;
  private final Pages pages;
  private final PasswordReset reset;

  public PasswordPages(Visits visits, Pages pages, PasswordReset reset) {
    this.visits = visits;
    this.pages = pages;
    this.reset = reset;
  }

  public void mount(Router router) {
    router.get(WebPaths.PASSWORD_RESET).handler(this::ask);
    router.post(REQUEST).handler(this::request);
    router.get(EDIT).handler(this::edit);
    router.post(EDIT).handler(this::change);
  }

  private void ask(RoutingContext ctx) {
    boolean sent = "1".equals(ctx.request().getParam("sent"));
    visits.withSession(ctx).onSuccess(visit -> pages.send(ctx, "auth/password_new.jte",
            visit.frame("Reset your password").hiddenFromSearch(), Map.of("form", Form.empty(), "sent", sent)))
        .onFailure(ctx::fail);
  }

  /** The same answer whether or not an account has this address: nothing to learn from it. */
  private void request(RoutingContext ctx) {
    String email = ctx.request().getFormAttribute("email");
    visits.form(ctx).compose(visit -> reset.request(email))
        .onSuccess(done -> ctx.response().setStatusCode(303)
            .putHeader("Location", WebPaths.PASSWORD_RESET + "?sent=1").end())
        .onFailure(ctx::fail);
  }

  private void edit(RoutingContext ctx) {
    String token = ctx.request().getParam("reset_password_token");
    visits.withSession(ctx).compose(visit -> reset.valid(token).map(valid -> {
      if (valid) {
        sendForm(ctx, 200, visit, Form.empty().with("reset_password_token", token));
      } else {
        deadLink(ctx, visit);
      }
      return null;
    })).onFailure(ctx::fail);
  }

  private void change(RoutingContext ctx) {
    String token = ctx.request().getFormAttribute("reset_password_token");
    visits.form(ctx).compose(visit -> reset.reset(token, ctx.request().getFormAttribute("password"),
            ctx.request().getFormAttribute("password_confirmation"))
        .onSuccess(done -> ctx.response().setStatusCode(303)
            .putHeader("Location", WebPaths.SIGN_IN + "?notice=password_changed").end())
        .recover(failure -> {
          if (failure instanceof ServiceException refused && refused.status() == 404) {
            deadLink(ctx, visit);
          } else if (failure instanceof ServiceException refused) {
            sendForm(ctx, refused.status(), visit,
                Form.empty().with("reset_password_token", token).failed(refused, LABELS));
          } else {
            return Future.failedFuture(failure);
          }
          return Future.succeededFuture();
        }))
        .onFailure(ctx::fail);
  }

  private void sendForm(RoutingContext ctx, int status, Visit visit, Form form) {
    pages.send(ctx, status, "auth/password_edit.jte", visit.frame("Choose a new password").hiddenFromSearch(),
        Map.of("form", form));
  }

  private void deadLink(RoutingContext ctx, Visit visit) {
    Map<String, Object> params = new HashMap<>();
    params.put("text", "It was used already, or it expired: a link works once, for an hour.");
    params.put("linkHref", WebPaths.PASSWORD_RESET);
    params.put("linkText", "Ask for a new link");
    pages.send(ctx, 404, "auth/message.jte", visit.frame("This link does not work").hiddenFromSearch(), params);
  }
}
