package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Times;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.SignUpApprovals;
import org.plutro.server.store.UserStore.PendingSignUp;

/**
 * {@code /admin/accounts?status=pending} (Mastodon's path): for admins, the sign-ups waiting for
 * approval with the reasons they gave, each with Approve and Refuse (the same
 * {@link SignUpApprovals} as the admin API and the command line; the person is mailed the
 * answer). Only this queue for now: the rest of an admin's pages are still to come. Anyone else
 * finds nothing here (404); a visitor is asked to sign in first.
 */
public final class PendingSignUpsPage {
  public static final String PATH = "/admin/accounts";
  public static final String QUEUE = PATH + "?status=pending";

  /** A waiting sign-up as the queue shows it. */
  public record Row(long id, String handle, String email, String signedUp, String signedUpIso,
      boolean confirmed, String reason) {}

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final SignUpApprovals approvals;
  private final AuditLog auditLog;
  private final String authority;

  public PendingSignUpsPage(Visits visits, Pages pages, Notices notices, SignUpApprovals approvals,
      AuditLog auditLog, String authority) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.approvals = approvals;
    this.auditLog = auditLog;
    this.authority = authority;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH + "/:id/approve").handler(ctx -> answer(ctx, true));
    router.post(PATH + "/:id/reject").handler(ctx -> answer(ctx, false));
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx).compose(Admins::only).compose(visit -> approvals.pending().map(waiting -> {
      Map<String, Object> params = new HashMap<>();
      params.put("signUps", rows(waiting));
      params.put("notice", notices.take(ctx));
      pages.send(ctx, "admin/pending.jte", visit.frame("Sign-ups waiting").hiddenFromSearch(), params);
      return null;
    })).onFailure(ctx::fail);
  }

  /** Approves or refuses; a sign-up answered meanwhile (another admin, the command line) changes nothing. */
  private void answer(RoutingContext ctx, boolean approve) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> approvals.waiting(id)
        .compose(waiting -> {
          if (waiting.isEmpty()) {
            notices.redirect(ctx, QUEUE, Notice.SIGN_UP_GONE);
            return Future.succeededFuture();
          }
          String handle = "@" + waiting.get().username();
          AuditLog.Target target = new AuditLog.Target("Account", Long.toString(id), handle);
          return (approve ? approvals.approve(id) : approvals.reject(id))
              .compose(done -> auditLog.record(Admins.by(visit), approve ? "approve" : "reject", target, ""))
              .onSuccess(done -> notices.redirect(ctx, QUEUE,
                  approve ? Notice.SIGN_UP_APPROVED : Notice.SIGN_UP_REFUSED, handle))
              .recover(failure -> {
                if (failure instanceof ServiceException refused && refused.status() == 403) {
                  notices.redirect(ctx, QUEUE, Notice.SIGN_UP_GONE);
                  return Future.succeededFuture();
                }
                return Future.failedFuture(failure);
              });
        })).onFailure(ctx::fail);
  }

  private List<Row> rows(List<PendingSignUp> waiting) {
    return waiting.stream().map(signUp -> new Row(signUp.accountId(),
        "@" + signUp.username() + "@" + authority, signUp.email(), Times.readable(signUp.createdAt()),
        Times.iso(signUp.createdAt()), signUp.confirmed(),
        signUp.reason() == null ? "" : signUp.reason().strip())).toList();
  }
}
