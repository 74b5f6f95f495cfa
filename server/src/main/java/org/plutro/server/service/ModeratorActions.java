package org.plutro.server.service;

import io.vertx.core.Future;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.ReportStore;
import org.plutro.server.store.ReportStore.Report;

/**
 * A moderator's actions on accounts and reports, each recorded in the audit log with the note
 * they gave: the admin pages and the admin API take them here. An action taken from a report
 * resolves it, as Mastodon's {@code Admin::AccountAction} does.
 */
public final class ModeratorActions {
  private final AccountModeration moderation;
  private final ReportStore reports;
  private final ReportService reportService;
  private final SignUpApprovals approvals;
  private final AuditLog auditLog;

  public ModeratorActions(AccountModeration moderation, ReportStore reports, ReportService reportService,
      SignUpApprovals approvals, AuditLog auditLog) {
    this.moderation = moderation;
    this.approvals = approvals;
    this.reports = reports;
    this.reportService = reportService;
    this.auditLog = auditLog;
  }

  /**
   * Takes {@code type} (one of {@link AccountModeration#ACTIONS}) on {@code target}; with a
   * {@code reportId}, that report is resolved too (an unknown one is 404, before anything is done).
   * "none" only resolves the report: the report's entry says so, the account's does not.
   */
  public Future<Void> act(AuditLog.By by, Account target, String type, Long reportId, String note) {
    Future<Void> known = reportId == null ? Future.succeededFuture()
        : reports.byId(reportId).compose(report -> report.isPresent() ? Future.<Void>succeededFuture()
            : Future.failedFuture(ServiceException.notFound("Record not found")));
    return known.compose(ok -> moderation.act(target, type))
        .compose(done -> type.equals("none") ? Future.<Void>succeededFuture()
            : auditLog.record(by, type, AuditLog.Target.account(target), note))
        .compose(done -> reportId == null ? Future.<Void>succeededFuture()
            : resolve(by, reportId, note).mapEmpty());
  }

  /** Undoes a suspension, silence, sensitive mark or disabling ({@code unsuspend}, {@code unsilence}, ...). */
  public Future<Void> undo(AuditLog.By by, Account target, String undo, String note) {
    Future<Void> done = switch (undo) {
      case "unsuspend" -> moderation.unsuspend(target);
      case "unsilence" -> moderation.unsilence(target);
      case "unsensitive" -> moderation.unsensitize(target);
      case "enable" -> moderation.enable(target);
      default -> Future.failedFuture(ServiceException.notFound("Record not found"));
    };
    return done.compose(ok -> auditLog.record(by, undo, AuditLog.Target.account(target), note));
  }

  /** Lets a waiting sign-up in (the person is mailed). */
  public Future<Void> approve(AuditLog.By by, Account target, String note) {
    return approvals.approve(target.id())
        .compose(done -> auditLog.record(by, "approve", AuditLog.Target.account(target), note));
  }

  /** Refuses a waiting sign-up: the account is removed (the person is mailed). */
  public Future<Void> reject(AuditLog.By by, Account target, String note) {
    return approvals.reject(target.id())
        .compose(done -> auditLog.record(by, "reject", AuditLog.Target.account(target), note));
  }

  public Future<Optional<Report>> resolve(AuditLog.By by, long reportId, String note) {
    return logged(by, "resolve", reportId, note, reports.resolve(reportId, by.accountId()));
  }

  public Future<Optional<Report>> reopen(AuditLog.By by, long reportId, String note) {
    return logged(by, "reopen", reportId, note, reports.reopen(reportId));
  }

  public Future<Optional<Report>> assignToSelf(AuditLog.By by, long reportId, String note) {
    return logged(by, "assign_to_self", reportId, note, reports.assign(reportId, by.accountId()));
  }

  public Future<Optional<Report>> unassign(AuditLog.By by, long reportId, String note) {
    return logged(by, "unassign", reportId, note, reports.assign(reportId, null));
  }

  /** Sends the report to the reported account's server, when it was not (see {@link ReportService#forward}). */
  public Future<Report> forward(AuditLog.By by, long reportId, String note) {
    return reportService.forward(reportId)
        .compose(report -> auditLog.record(by, "forward", AuditLog.Target.report(reportId), note).map(report));
  }

  private Future<Optional<Report>> logged(AuditLog.By by, String action, long reportId, String note,
      Future<Optional<Report>> change) {
    return change.compose(report -> report.isEmpty() ? Future.succeededFuture(report)
        : auditLog.record(by, action, AuditLog.Target.report(reportId), note).map(report));
  }
}
