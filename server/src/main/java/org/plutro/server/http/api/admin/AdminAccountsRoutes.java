package org.plutro.server.http.api.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.AccountModeration;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.SignUpApprovals;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.AdminAccountStore;
import org.plutro.server.store.Page;
import org.plutro.server.store.ReportStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/**
 * Mastodon's admin API for accounts: {@code GET /api/v1/admin/accounts} (filters {@code local},
 * {@code remote}, {@code active}, {@code disabled}, {@code silenced}, {@code suspended},
 * {@code sensitized}, {@code staff}, {@code pending}, {@code username}, {@code display_name},
 * {@code by_domain}, {@code email}, {@code ip}) and {@code /api/v2/admin/accounts} ({@code origin}, {@code status}, and the same
 * text filters), {@code GET /:id}, {@code POST /:id/action} ({@code type}: none, sensitive,
 * disable, silence, suspend; {@code report_id} resolves that report), and the undoing
 * {@code /enable}, {@code /unsilence}, {@code /unsuspend}, {@code /unsensitive}; and, for sign-ups
 * waiting for approval ({@code pending=true}), {@code /approve} and {@code /reject}. Admins only.
 */
public final class AdminAccountsRoutes {
  private final Auth auth;
  private final UserStore users;
  private final AccountStore accounts;
  private final AdminAccountStore adminAccounts;
  private final AccountModeration moderation;
  private final SignUpApprovals approvals;
  private final ReportStore reports;
  private final AdminAccountEntity adminAccountEntity;
  private final AuditLog auditLog;
  private final Uris uris;

  public AdminAccountsRoutes(Auth auth, UserStore users, AccountStore accounts,
      AdminAccountStore adminAccounts, AccountModeration moderation, SignUpApprovals approvals,
      ReportStore reports, AdminAccountEntity adminAccountEntity, AuditLog auditLog, Uris uris) {
    this.auth = auth;
    this.users = users;
    this.accounts = accounts;
    this.adminAccounts = adminAccounts;
    this.moderation = moderation;
    this.approvals = approvals;
    this.reports = reports;
    this.adminAccountEntity = adminAccountEntity;
    this.auditLog = auditLog;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v1/admin/accounts").handler(ctx -> list(ctx, false));
    router.get("/api/v2/admin/accounts").handler(ctx -> list(ctx, true));
    router.get("/api/v1/admin/accounts/:id").handler(ctx -> change(ctx, "admin:read:accounts", null,
        (admin, target) -> Future.succeededFuture()));
    router.post("/api/v1/admin/accounts/:id/action").handler(this::action);
    router.post("/api/v1/admin/accounts/:id/enable").handler(ctx -> change(ctx, "admin:write:accounts", "enable",
        (admin, target) -> moderation.enable(target)));
    router.post("/api/v1/admin/accounts/:id/unsilence").handler(ctx -> change(ctx, "admin:write:accounts", "unsilence",
        (admin, target) -> moderation.unsilence(target)));
    router.post("/api/v1/admin/accounts/:id/unsuspend").handler(ctx -> change(ctx, "admin:write:accounts", "unsuspend",
        (admin, target) -> moderation.unsuspend(target)));
    router.post("/api/v1/admin/accounts/:id/unsensitive").handler(ctx -> change(ctx, "admin:write:accounts", "unsensitive",
        (admin, target) -> moderation.unsensitize(target)));
    router.post("/api/v1/admin/accounts/:id/approve").handler(ctx -> change(ctx, "admin:write:accounts", "approve",
        (admin, target) -> approvals.approve(target.id())));
    router.post("/api/v1/admin/accounts/:id/reject").handler(this::reject);
  }

  /** Rejecting removes the account: the answer is the account as it was, as Mastodon's. */
  private void reject(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:write:accounts")
        .compose(admin -> accounts.byId(id).compose(found -> found.filter(a -> a.deletedAt() == null)
            .map(target -> adminAccountEntity.of(target)
                .compose(entity -> approvals.reject(target.id())
                    .compose(done -> auditLog.record(AuditLog.By.member(admin), "reject",
                        AuditLog.Target.account(target), ""))
                    .map(entity)))
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found")))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx, boolean v2) {
    Page page = Pagination.page(ctx, 200);
    Page asked = ctx.request().getParam("limit") == null
        ? new Page(page.maxId(), page.sinceId(), page.minId(), 100) : page;
    Params params = Params.of(ctx);
    Boolean local = v2 ? origin(params.string("origin"))
        : flag(params, "local") ? Boolean.TRUE : flag(params, "remote") ? Boolean.FALSE : null;
    String status = v2 && params.string("status") != null ? params.string("status").strip().toLowerCase(Locale.ROOT) : "";
    AdminAccountStore.Filter filter = new AdminAccountStore.Filter(local,
        flag(params, "disabled") || status.equals("disabled"), flag(params, "silenced") || status.equals("silenced"),
        flag(params, "suspended") || status.equals("suspended"), flag(params, "sensitized"),
        flag(params, "staff") || params.string("permissions") != null, flag(params, "active") || status.equals("active"),
        text(params, "username"), text(params, "display_name"), text(params, "by_domain"), text(params, "email"),
        flag(params, "pending") || status.equals("pending"), text(params, "ip"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:read:accounts")
        .compose(admin -> validAddress(filter.ip()))
        .compose(valid -> adminAccounts.list(filter, asked))
        .compose(listed -> {
          List<Account> found = new ArrayList<>(listed);
          if (asked.ascending()) {
            java.util.Collections.reverse(found);
          }
          List<Long> cursors = found.stream().map(Account::id).toList();
          Pagination.links(ctx, uris.base(), cursors, found.size() == asked.limit(), "min_id",
              "local", "remote", "origin", "status", "active", "disabled", "silenced", "suspended", "sensitized",
              "staff", "username", "display_name", "by_domain", "email", "pending", "ip", "limit");
          List<Future<JsonObject>> entities = new ArrayList<>();
          found.forEach(account -> entities.add(adminAccountEntity.of(account)));
          return Future.all(entities).map(done -> {
            JsonArray array = new JsonArray();
            entities.forEach(entity -> array.add(entity.result()));
            return array;
          });
        })
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }

  private void action(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String type = params.string("type") == null ? "" : params.string("type").strip().toLowerCase(Locale.ROOT);
    String reportId = params.string("report_id");
    boolean withReport = reportId != null && !reportId.isBlank();
    // As Mastodon: an unknown report_id is 404, found before anything is done to the account.
    // "none" with a report only resolves it: the report's entry says so, the account's does not.
    change(ctx, "admin:write:accounts", type.equals("none") ? null : type, (admin, target) -> (withReport
        ? reports.byId(Params.parseId(reportId)).compose(report -> report.isPresent() ? Future.<Void>succeededFuture()
            : Future.failedFuture(ServiceException.notFound("Record not found")))
        : Future.<Void>succeededFuture())
        .compose(known -> moderation.act(target, type))
        .compose(done -> withReport ? reports.resolve(Params.parseId(reportId), admin.id())
            .compose(resolved -> auditLog.record(AuditLog.By.member(admin), "resolve",
                AuditLog.Target.report(Params.parseId(reportId)), params.string("text")))
            : Future.succeededFuture()));
  }

  /**
   * Runs {@code action} on the account named in the path, then answers its Admin::Account; the
   * audit log records it as {@code logged} (nothing for a read, null).
   */
  private void change(RoutingContext ctx, String scope, String logged,
      BiFunction<Account, Account, Future<Void>> action) {
    String note = Params.of(ctx).string("text");
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, scope)
        .compose(admin -> accounts.byId(id).compose(found -> found.filter(a -> a.deletedAt() == null)
            .map(target -> changed(admin, target, logged == null ? action
                : action.andThen(done -> done.compose(ok -> auditLog.record(AuditLog.By.member(admin), logged,
                    AuditLog.Target.account(target), note)))))
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found")))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /** {@code action} run on the account, then its Admin::Account as it is now. */
  private Future<JsonObject> changed(Account admin, Account target,
      BiFunction<Account, Account, Future<Void>> action) {
    return action.apply(admin, target)
        .compose(done -> accounts.byId(target.id()))
        .compose(now -> adminAccountEntity.of(now.orElseThrow()));
  }

  /** An {@code ip} filter PostgreSQL cannot read as an address or range is 422, not a failed query. */
  private Future<Void> validAddress(String ip) {
    if (ip == null) {
      return Future.succeededFuture();
    }
    return adminAccounts.isAddressOrRange(ip).compose(valid -> valid ? Future.<Void>succeededFuture()
        : Future.failedFuture(new ValidationErrors()
            .add("ip", "ERR_INVALID", "is not an IP address or range").toException()));
  }

  private static Boolean origin(String origin) {
    return origin == null ? null : switch (origin.strip().toLowerCase(Locale.ROOT)) {
      case "local" -> Boolean.TRUE;
      case "remote" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static boolean flag(Params params, String name) {
    return Boolean.TRUE.equals(params.bool(name));
  }

  private static String text(Params params, String name) {
    String value = params.string(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
