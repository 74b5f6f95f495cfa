package org.plutro.server.http.web.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Frame;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.WebPaths;
import org.plutro.server.service.EmailConfirmation;

/**
 * Proving an address in the browser: the link mailed to it ({@code /auth/confirmation?
 * confirmation_token=…}, Mastodon's path, for a new member's address and for a new address), and
 * {@code /auth/setup}, where a signed-in member who may not act yet sees what is missing: the
 * link to open (with a button that sends it again, and a way to correct a mistyped address), or
 * a moderator's approval.
 */
public final class ConfirmationPages {
  private static final Map<String, String> NOTICES = Map.of(
      "sent", "A new link is on its way. It may take a minute to arrive.");

  private final Visits visits;
  private final Pages pages;
  private final EmailConfirmation confirmation;

  public ConfirmationPages(Visits visits, Pages pages, EmailConfirmation confirmation) {
    this.visits = visits;
    this.pages = pages;
    this.confirmation = confirmation;
  }

  public void mount(Router router) {
    router.get(WebPaths.CONFIRMATION).handler(this::open);
    router.post(WebPaths.CONFIRMATION).handler(this::resend);
    router.get(WebPaths.SETUP).handler(this::setup);
    router.post(WebPaths.SETUP).handler(this::correct);
  }

  /** The mailed link: it confirms (a GET, as Mastodon's; the token is the proof), once. */
  private void open(RoutingContext ctx) {
    visits.of(ctx).compose(visit -> confirmation.confirm(ctx.request().getParam("confirmation_token"))
        .map(outcome -> {
          Frame frame = visit.frame(switch (outcome) {
            case CONFIRMED -> "Address confirmed";
            case CHANGED -> "Address changed";
            case TAKEN, INVALID -> "This link does not work";
          }).hiddenFromSearch();
          // A new member's next step is their profile.
          boolean welcome = visit.signedIn() && outcome == EmailConfirmation.Outcome.CONFIRMED;
          String next = welcome ? WebPaths.SETTINGS
              : visit.signedIn() ? WebPaths.HOME : WebPaths.SIGN_IN;
          String nextText = welcome ? "Set up your profile"
              : visit.signedIn() ? "Go to the front page" : "Sign in";
          String text = switch (outcome) {
            case CONFIRMED -> "Thank you: your email address is confirmed.";
            case CHANGED -> "Your account now uses its new email address.";
            case TAKEN -> "Another account uses this address now, so your address stays as it was.";
            case INVALID -> "It was used already, it expired, or the address it was for has changed."
                + " Sign in to have a new one sent.";
          };
          int status = outcome == EmailConfirmation.Outcome.INVALID ? 404
              : outcome == EmailConfirmation.Outcome.TAKEN ? 409 : 200;
          pages.send(ctx, status, "auth/message.jte", frame, Map.of("text", text, "linkHref", next,
              "linkText", nextText));
          return null;
        }))
        .onFailure(ctx::fail);
  }

  private void setup(RoutingContext ctx) {
    visits.anyMember(ctx).onSuccess(visit -> {
      if (visit.user().functional()) {
        ctx.response().setStatusCode(303).putHeader("Location", WebPaths.HOME).end();
        return;
      }
      send(ctx, 200, visit, Form.empty(), NOTICES.get(String.valueOf(ctx.request().getParam("notice"))));
    }).onFailure(ctx::fail);
  }

  /** "Send the link again". */
  private void resend(RoutingContext ctx) {
    visits.anyMemberForm(ctx).compose(visit -> confirmation.resend(visit.user())
            .onSuccess(done -> ctx.response().setStatusCode(303)
                .putHeader("Location", WebPaths.SETUP + "?notice=sent").end())
            .recover(failure -> refused(ctx, visit, Form.empty(), failure)))
        .onFailure(ctx::fail);
  }

  /** A mistyped address, corrected before it was confirmed; the link goes to the new one. */
  private void correct(RoutingContext ctx) {
    Form form = Form.submitted(ctx, "email");
    visits.anyMemberForm(ctx).compose(visit -> confirmation.correct(visit.user(), form.value("email"))
            .onSuccess(done -> ctx.response().setStatusCode(303)
                .putHeader("Location", WebPaths.SETUP + "?notice=sent").end())
            .recover(failure -> refused(ctx, visit, form, failure)))
        .onFailure(ctx::fail);
  }

  private Future<Void> refused(RoutingContext ctx, Visit visit, Form form, Throwable failure) {
    if (!(failure instanceof ServiceException refused)) {
      return Future.failedFuture(failure);
    }
    send(ctx, refused.status(), visit, form.failed(refused, Map.of("email", "Email address")), null);
    return Future.succeededFuture();
  }

  private void send(RoutingContext ctx, int status, Visit visit, Form form, String notice) {
    Map<String, Object> params = new HashMap<>();
    params.put("user", visit.user());
    params.put("form", form);
    params.put("notice", notice);
    String title = visit.user().confirmed() ? "Waiting for approval" : "Confirm your email address";
    pages.send(ctx, status, "auth/setup.jte", visit.frame(title).hiddenFromSearch(), params);
  }
}
