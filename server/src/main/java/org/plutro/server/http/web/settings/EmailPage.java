package org.plutro.server.http.web.settings;

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
import org.plutro.server.service.ChangeEmail;
import org.plutro.server.store.UserStore;

/**
 * {@code /settings/email}: a member changes their address with their current password; the new
 * one takes over when the link mailed to it is opened, and the old one is told (see
 * {@link ChangeEmail}).
 */
public final class EmailPage {
  public static final String PATH = "/settings/email";
  private static final Map<String, String> LABELS = Map.of("email", "New email address",
      "current_password", "Current password");

  private final Visits visits;
  private final Pages pages;
  private final ChangeEmail changeEmail;
  private final UserStore users;

  public EmailPage(Visits visits, Pages pages, ChangeEmail changeEmail, UserStore users) {
    this.visits = visits;
    this.pages = pages;
    this.changeEmail = changeEmail;
    this.users = users;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH).handler(this::submit);
  }

  private void show(RoutingContext ctx) {
    boolean sent = "1".equals(ctx.request().getParam("sent"));
    visits.member(ctx).onSuccess(visit -> send(ctx, 200, visit, Form.empty(),
            sent ? "Check the new address's inbox: the change happens when you open the link we sent there."
                : null))
        .onFailure(ctx::fail);
  }

  private void submit(RoutingContext ctx) {
    Form form = Form.submitted(ctx, "email");
    visits.memberForm(ctx).compose(visit -> changeEmail.request(visit.user(), form.value("email"),
            ctx.request().getFormAttribute("current_password"))
        .onSuccess(done -> ctx.response().setStatusCode(303).putHeader("Location", PATH + "?sent=1").end())
        .recover(failure -> {
          if (!(failure instanceof ServiceException refused)) {
            return Future.failedFuture(failure);
          }
          send(ctx, refused.status(), visit, form.failed(refused, LABELS), null);
          return Future.succeededFuture();
        }))
        .onFailure(ctx::fail);
  }

  /** The page, with the member's user row as it is now (a change may be waiting for its link). */
  private void send(RoutingContext ctx, int status, Visit visit, Form form, String notice) {
    users.byAccountId(visit.member().id()).onSuccess(user -> {
      Map<String, Object> params = new HashMap<>();
      params.put("user", user.orElse(visit.user()));
      params.put("form", form);
      params.put("notice", notice);
      pages.send(ctx, status, "settings/email.jte", visit.frame("Email address").hiddenFromSearch(), params);
    }).onFailure(ctx::fail);
  }
}
