package org.plutro.server.http.api.v1;

import org.plutro.server.http.Auth;
import org.plutro.server.store.AccountStore;
import org.plutro.server.text.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.service.ReportService;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.ReportStore.Report;

/** {@code POST /api/v1/reports}: a member reports an account to the moderators (Mastodon's Report). */
public final class ReportsRoutes {
  private final Auth auth;
  private final ReportService reports;
  private final AccountStore accounts;
  private final Presenter presenter;

  public ReportsRoutes(Auth auth, ReportService reports, AccountStore accounts, Presenter presenter) {
    this.auth = auth;
    this.reports = reports;
    this.accounts = accounts;
    this.presenter = presenter;
  }

  public void mount(Router router) {
    router.post("/api/v1/reports").handler(this::create);
  }

  private void create(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String accountId = params.string("account_id");
    long target;
    try {
      target = Long.parseLong(accountId == null ? "" : accountId.strip());
    } catch (NumberFormatException e) {
      ctx.fail(ServiceException.notFound("Record not found"));
      return;
    }
    auth.member(ctx, "write:reports")
        .compose(caller -> reports.report(caller.member(), new ReportService.Draft(target,
            params.list("status_ids"), params.string("comment"), Boolean.TRUE.equals(params.bool("forward")),
            params.string("category"), params.list("rule_ids"))))
        .compose(report -> accounts.byId(report.targetAccountId())
            .compose(account -> presenter.account(account.orElseThrow()))
            .map(account -> entity(report, account)))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /** Mastodon's {@code Report} entity. */
  public static JsonObject entity(Report report, JsonObject targetAccount) {
    JsonArray statusIds = new JsonArray();
    report.statusIds().forEach(id -> statusIds.add(Long.toString(id)));
    return new JsonObject()
        .put("id", Long.toString(report.id()))
        .put("action_taken", report.actionTakenAt() != null)
        .put("action_taken_at", report.actionTakenAt() == null ? null
            : Timestamps.iso(report.actionTakenAt()))
        .put("category", report.category())
        .put("comment", report.comment())
        .put("forwarded", report.forwarded())
        .put("created_at", Timestamps.iso(report.createdAt()))
        .put("status_ids", statusIds.isEmpty() ? null : statusIds)
        .put("rule_ids", report.ruleIds().isEmpty() ? null : new JsonArray(report.ruleIds()))
        .put("target_account", targetAccount);
  }
}
