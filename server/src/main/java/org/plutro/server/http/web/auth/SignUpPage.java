package org.plutro.server.http.web.auth;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.config.Settings.Registrations;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.WebPaths;
import org.plutro.server.service.RegisterMember;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/**
 * Signing up in the browser: {@code /auth/sign_up}, and {@code /invite/:code} (Mastodon's path),
 * which introduces the member who made the invite. The page follows the instance's registrations
 * (open, invite, approval with a reason, closed) through the same {@link RegisterMember} as the
 * API's {@code POST /api/v1/accounts}. A new member is signed in at once and sent to confirm their
 * address.
 */
public final class SignUpPage {
  /** The fields kept when the form comes back with errors (never the passwords). */
  private static final String[] KEPT = {"display_name", "username", "email", "reason", "agreement"};
  private static final Map<String, String> LABELS = Map.of("display_name", "Display name",
      "username", "Username", "email", "Email address", "password", "Password",
      "password_confirmation", "Password confirmation", "reason", "Your reason",
      "locale", "Language");

  private final Visits visits;
  private final Pages pages;
  private final RegisterMember registerMember;
  private final UserStore users;
  private final AccountStore accounts;
  private final Uris uris;

  public SignUpPage(Visits visits, Pages pages, RegisterMember registerMember, UserStore users,
      AccountStore accounts, Uris uris) {
    this.visits = visits;
    this.pages = pages;
    this.registerMember = registerMember;
    this.users = users;
    this.accounts = accounts;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get(WebPaths.SIGN_UP).handler(ctx -> show(ctx, null));
    router.get("/invite/:code").handler(ctx -> show(ctx, ctx.pathParam("code")));
    router.post(WebPaths.SIGN_UP).handler(this::submit);
  }

  private void show(RoutingContext ctx, String inviteCode) {
    visits.withSession(ctx).compose(visit -> {
      if (visit.signedIn()) {
        ctx.redirect(WebPaths.HOME);
        return Future.succeededFuture();
      }
      return view(inviteCode).map(view -> {
        send(ctx, 200, visit, view, Form.empty());
        return null;
      });
    }).onFailure(ctx::fail);
  }

  private void submit(RoutingContext ctx) {
    Form form = Form.submitted(ctx, KEPT);
    String invite = blankToNull(ctx.request().getFormAttribute("invite_code"));
    visits.form(ctx).compose(visit -> {
      if (visit.signedIn()) {
        ctx.redirect(WebPaths.HOME);
        return Future.succeededFuture();
      }
      var request = new RegisterMember.Request(form.value("username"), form.value("email"),
          ctx.request().getFormAttribute("password"), nullToEmpty(ctx.request().getFormAttribute(
              "password_confirmation")), form.checked("agreement"), "en", invite,
          form.value("reason"), form.value("display_name"));
      return registerMember.signUp(request, null)
          .compose(accountId -> visits.signIn(ctx, visit, accountId))
          .<Void>map(signedIn -> {
            ctx.response().setStatusCode(303).putHeader("Location", WebPaths.SETUP).end();
            return null;
          })
          .recover(failure -> failure instanceof ServiceException refused
              ? view(invite).map(view -> {
                  send(ctx, refused.status(), visit, view, said(form, refused));
                  return null;
                })
              : Future.failedFuture(failure));
    }).onFailure(ctx::fail);
  }

  /** The refusal next to its fields; a dead invite is said for the whole form. */
  private static Form said(Form form, ServiceException refused) {
    Form failed = form.failed(refused, LABELS);
    if (failed.error("invite_code") != null) {
      return new Form(failed.values(), failed.errors(),
          "This invite no longer works: it was used up, or it expired.");
    }
    return failed;
  }

  private void send(RoutingContext ctx, int status, Visit visit, SignUpView view, Form form) {
    String title = view.inviter() != null || view.inviteCode() != null
        ? "Join " + visits.site().name() : "Sign up";
    pages.send(ctx, status, "auth/sign_up.jte", visit.frame(title), Map.of("view", view, "form", form));
  }

  /** What the page shows for these registrations and this invite (null: none). */
  private Future<SignUpView> view(String inviteCode) {
    Registrations mode = registerMember.registrations();
    String authority = uris.authority();
    if (mode == Registrations.CLOSED) {
      return Future.succeededFuture(new SignUpView(false,
          "Sign-up is closed on this server for now.", false, authority, null, null));
    }
    if (inviteCode == null) {
      return Future.succeededFuture(mode == Registrations.INVITE
          ? new SignUpView(false, "Sign-up here is by invitation: ask a member for an invite link.",
              false, authority, null, null)
          : new SignUpView(true, null, mode == Registrations.APPROVAL, authority, null, null));
    }
    return users.invite(inviteCode).compose(found -> {
      if (found.isEmpty() || !found.get().usable()) {
        return Future.succeededFuture(new SignUpView(false,
            "This invite no longer works: it was used up, or it expired.", false, authority, null, null));
      }
      Long inviterId = found.get().inviterAccountId();
      Future<Optional<Account>> inviter = inviterId == null ? Future.succeededFuture(Optional.empty())
          : accounts.byId(inviterId);
      // With an invite, nobody waits for approval (as Mastodon's).
      return inviter.map(account -> new SignUpView(true, null, false, authority, found.get().code(),
          account.filter(a -> a.deletedAt() == null && !a.suspended()).map(this::introduce).orElse(null)));
    });
  }

  private SignUpView.Inviter introduce(Account account) {
    String name = account.displayName() == null || account.displayName().isBlank()
        ? account.username() : account.displayName();
    return new SignUpView.Inviter(name, "@" + uris.acct(account.username()),
        account.avatarUrl() != null ? account.avatarUrl() : uris.defaultAvatar(),
        uris.profilePage(account.username()));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
