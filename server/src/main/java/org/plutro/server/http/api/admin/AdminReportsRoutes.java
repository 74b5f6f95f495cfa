package org.plutro.server.http.api.admin;

import org.plutro.server.service.InstanceRules;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.http.Params;
import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.instance.InstanceEntity;
import org.plutro.server.http.api.v1.ReportsRoutes;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.ReportService;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.Page;
import org.plutro.server.store.ReportStore;
import org.plutro.server.store.ReportStore.Report;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/**
 * The moderation queue, as Mastodon's admin API: {@code GET /api/v1/admin/reports} (unresolved by
 * default, {@code resolved=true} for the others), {@code /:id}, and {@code resolve},
 * {@code reopen}, {@code assign_to_self}, {@code unassign}. Admins only, with admin scopes.
 */
public final class AdminReportsRoutes {
  private final Auth auth;
  private final UserStore users;
  private final ReportStore reports;
  private final ReportService service;
  private final StatusStore statuses;
  private final Presenter presenter;
  private final AdminAccountEntity adminAccountEntity;
  private final AuditLog auditLog;
  private final Uris uris;

  public AdminReportsRoutes(Auth auth, UserStore users, ReportStore reports, ReportService service,
      StatusStore statuses, Presenter presenter, AdminAccountEntity adminAccountEntity, AuditLog auditLog,
      Uris uris) {
    this.auth = auth;
    this.users = users;
    this.reports = reports;
    this.service = service;
    this.statuses = statuses;
    this.presenter = presenter;
    this.adminAccountEntity = adminAccountEntity;
    this.auditLog = auditLog;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v1/admin/reports").handler(this::list);
    router.get("/api/v1/admin/reports/:id").handler(ctx -> change(ctx, "admin:read:reports", null,
        (admin, id) -> reports.byId(id)));
    router.post("/api/v1/admin/reports/:id/resolve").handler(ctx -> change(ctx, "admin:write:reports", "resolve",
        (admin, id) -> reports.resolve(id, admin.id())));
    router.post("/api/v1/admin/reports/:id/reopen").handler(ctx -> change(ctx, "admin:write:reports", "reopen",
        (admin, id) -> reports.reopen(id)));
    router.post("/api/v1/admin/reports/:id/assign_to_self").handler(ctx -> change(ctx,
        "admin:write:reports", "assign_to_self", (admin, id) -> reports.assign(id, admin.id())));
    router.post("/api/v1/admin/reports/:id/unassign").handler(ctx -> change(ctx, "admin:write:reports", "unassign",
        (admin, id) -> reports.assign(id, null)));
  }

  /** An admin's token with {@code scope}, or 403. */
  static Future<Account> admin(Auth auth, UserStore users, RoutingContext ctx, String scope) {
    return auth.member(ctx, scope).compose(caller -> users.byAccountId(caller.member().id())
        .compose(user -> user.isPresent() && user.get().isAdmin()
            ? Future.succeededFuture(caller.member())
            : Future.failedFuture(ServiceException.forbidden("This action is not allowed"))));
  }

  private void list(RoutingContext ctx) {
    String resolved = ctx.request().getParam("resolved");
    Page page = Pagination.page(ctx, 200);
    Page asked = ctx.request().getParam("limit") == null
        ? new Page(page.maxId(), page.sinceId(), page.minId(), 100) : page;
    admin(auth, users, ctx, "admin:read:reports")
        .compose(admin -> reports.page("true".equalsIgnoreCase(resolved), asked))
        .compose(found -> {
          List<Long> cursors = new ArrayList<>();
          found.forEach(r -> cursors.add(r.id()));
          Pagination.links(ctx, uris.base(), cursors, found.size() == asked.limit(), "min_id",
              "resolved", "limit");
          List<Future<JsonObject>> entities = new ArrayList<>();
          found.forEach(report -> entities.add(entity(report)));
          return Future.all(entities).map(done -> {
            JsonArray array = new JsonArray();
            entities.forEach(e -> array.add(e.result()));
            return array;
          });
        })
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }

  private void change(RoutingContext ctx, String scope, String logged,
      BiFunction<Account, Long, Future<Optional<Report>>> action) {
    long id = Params.parseId(ctx.pathParam("id"));
    admin(auth, users, ctx, scope).compose(admin -> action.apply(admin, id)
            .compose(report -> report.isEmpty() || logged == null ? Future.succeededFuture(report)
                : auditLog.record(AuditLog.By.member(admin), logged, AuditLog.Target.report(id), "")
                    .map(report)))
        .compose(report -> report.map(this::entity)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /** Mastodon's {@code Admin::Report}. */
  private Future<JsonObject> entity(Report report) {
    Future<JsonObject> reporter = adminAccount(report.accountId());
    Future<JsonObject> target = adminAccount(report.targetAccountId());
    Future<JsonObject> assigned = adminAccount(report.assignedAccountId());
    Future<JsonObject> resolver = adminAccount(report.actionTakenBy());
    List<Future<Optional<Status>>> statusLoads = new ArrayList<>();
    report.statusIds().forEach(id -> statusLoads.add(statuses.byId(id)));
    Future<JsonArray> statuses = Future.all(statusLoads).compose(done -> {
      List<Status> found = new ArrayList<>();
      statusLoads.forEach(load -> load.result().ifPresent(found::add));
      return presenter.statuses(found);
    });
    Future<JsonArray> rules = service.rules().map(all -> InstanceEntity.rules(all.stream()
        .filter(rule -> report.ruleIds().contains(rule.id())).toList()));
    // The member's Report entity, with the moderators' accounts, posts and rules in place of ids.
    return Future.all(List.of(reporter, target, assigned, resolver, statuses, rules)).map(done -> {
      JsonObject entity = ReportsRoutes.entity(report, target.result());
      entity.remove("status_ids");
      entity.remove("rule_ids");
      return entity.put("updated_at", Timestamps.iso(report.updatedAt()))
          .put("account", reporter.result())
          .put("assigned_account", assigned.result())
          .put("action_taken_by_account", resolver.result())
          .put("statuses", statuses.result())
          .put("rules", rules.result());
    });
  }

  private Future<JsonObject> adminAccount(Long id) {
    return adminAccountEntity.of(id);
  }
}
