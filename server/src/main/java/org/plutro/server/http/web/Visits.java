package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.User;
import org.plutro.server.store.WebSessionStore.Current;
import org.plutro.server.store.WebSessionStore.WebSession;

/**
 * Who is behind a browser request. The member is read with the session on every request (one
 * statement), so a closed, suspended or disabled account's cookie stops working at once.
 */
public final class Visits {
  /** The form field that carries the CSRF token, named as Mastodon's (Rails') forms name it. */
  public static final String CSRF_FIELD = "authenticity_token";

  private final Site site;
  private final WebSessions sessions;

  public Visits(Site site, WebSessions sessions) {
    this.site = site;
    this.sessions = sessions;
  }

  public Site site() {
    return site;
  }

  /** The visit as it is: a visitor without a session, or a session, signed in or not. */
  public Future<Visit> of(RoutingContext ctx) {
    return sessions.current(ctx).compose(this::resolve);
  }

  /** For a page with a form: a session is started if there is none, to bind the form's token. */
  public Future<Visit> withSession(RoutingContext ctx) {
    return sessions.currentOrNew(ctx).compose(current -> resolve(Optional.of(current)));
  }

  /**
   * A signed-in member's visit; anyone else is sent to sign in (401, which pages turn into that).
   * A member who may not act yet (address not confirmed, sign-up waiting for approval) is sent to
   * {@link WebPaths#SETUP}, which says what is missing, as Mastodon's {@code require_functional!}.
   */
  public Future<Visit> member(RoutingContext ctx) {
    return of(ctx).compose(visit -> functional(ctx, visit));
  }

  /**
   * A form posted by a signed-in member, with its CSRF token checked. A missing or wrong token is
   * refused with 403 before anything is read or changed.
   */
  public Future<Visit> memberForm(RoutingContext ctx) {
    return form(ctx).compose(visit -> functional(ctx, visit));
  }

  /** A signed-in member's visit, whether or not they may act yet (the pages that help them to). */
  public Future<Visit> anyMember(RoutingContext ctx) {
    return of(ctx).compose(Visits::signedIn);
  }

  /** A form posted by a signed-in member who may not act yet, with its CSRF token checked. */
  public Future<Visit> anyMemberForm(RoutingContext ctx) {
    return form(ctx).compose(Visits::signedIn);
  }

  private static Future<Visit> signedIn(Visit visit) {
    return visit.signedIn() ? Future.succeededFuture(visit)
        : Future.failedFuture(ServiceException.unauthorized("Sign in to see this page"));
  }

  private static Future<Visit> functional(RoutingContext ctx, Visit visit) {
    if (!visit.signedIn() || visit.user().functional()) {
      return signedIn(visit);
    }
    if ("GET".equals(ctx.request().method().name())) {
      // Answered here: the route's failure handler finds the response sent and adds nothing.
      ctx.response().setStatusCode(303).putHeader("Location", WebPaths.SETUP)
          .putHeader("Cache-Control", "no-store").end();
    }
    return Future.failedFuture(ServiceException.forbidden(visit.user().confirmed()
        ? "Your account is waiting for a moderator's approval."
        : "Confirm your email address first: open the link we mailed you."));
  }

  /** A form posted by anyone (signing in, signing up), with its CSRF token checked. */
  public Future<Visit> form(RoutingContext ctx) {
    return of(ctx).compose(visit -> {
      String presented = ctx.request().getFormAttribute(CSRF_FIELD);
      if (visit.session().isEmpty() || !WebSessions.csrfMatches(visit.session().get(), presented)) {
        return Future.failedFuture(ServiceException.forbidden(
            "This form has expired. Go back, reload the page and try again."));
      }
      return Future.succeededFuture(visit);
    });
  }

  /**
   * Starts a signed-in session for {@code accountId}, ending the visit's old one; the answer is
   * the new visit (a page sent in the same answer shows the member signed in).
   */
  public Future<Visit> signIn(RoutingContext ctx, Visit visit, long accountId) {
    return sessions.signIn(ctx, visit.session(), accountId).compose(current -> resolve(Optional.of(current)));
  }

  /** Ends the visit's session and forgets its cookie. */
  public Future<Void> signOut(RoutingContext ctx, Visit visit) {
    return sessions.signOut(ctx, visit.session());
  }

  private Future<Visit> resolve(Optional<Current> current) {
    Optional<WebSession> session = current.map(Current::session);
    return Future.succeededFuture(current.isPresent() && active(current.get().account(), current.get().user())
        ? new Visit(site, session, current.get().account().get(), current.get().user().get())
        : new Visit(site, session, null, null));
  }

  private static boolean active(Optional<Account> account, Optional<User> user) {
    return account.isPresent() && user.isPresent() && account.get().deletedAt() == null
        && !account.get().suspended() && !user.get().disabled();
  }
}
