package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.Status;
import org.plutro.server.http.Params;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Times;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.ModeratorActions;
import org.plutro.server.service.ReportService;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.Page;
import org.plutro.server.store.ReportStore;
import org.plutro.server.store.ReportStore.Report;
import org.plutro.server.store.StatusStore;

/**
 * {@code /admin/reports}: the moderation queue (unresolved or resolved, newest first) and
 * {@code /admin/reports/:id}, a report with who filed it, about whom, the posts, and one form
 * whose buttons resolve, reopen, assign, forward it to the reported account's server, or act on
 * the account (which resolves it), each with the admin's note for the audit log. The same
 * {@link ModeratorActions} as the admin API. Anyone but an admin finds nothing here (404).
 */
public final class ReportsPages {
  public static final String PATH = "/admin/reports";
  private static final int PAGE_SIZE = 30;

  /** An account as the pages name it. */
  public record Who(long id, String handle, String displayName, boolean local, String domain, String profileUrl) {}

  /** A report in the queue. */
  public record Row(long id, Who target, Who reporter, String category, String comment, String filed,
      String filedIso, int posts, String assigned) {}

  /** A reported post: its text (stored sanitised), its content warning and its media's alt texts. */
  public record Post(String url, String contentHtml, String spoiler, List<String> altTexts, String posted,
      String postedIso) {}

  /** A report in full. */
  public record Shown(long id, Who reporter, Who target, String category, List<String> rules, String comment,
      boolean forwarded, boolean resolved, String resolvedBy, String filed, String filedIso, String assigned,
      boolean assignedToMe, List<Post> posts, List<AuditLines.Line> log) {
    public boolean mayForward() {
      return !forwarded && !target.local();
    }
  }

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final ReportStore reports;
  private final ReportService reportService;
  private final ModeratorActions actions;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final Presenter presenter;
  private final AuditLog auditLog;
  private final AuditLines auditLines;
  private final String authority;

  public ReportsPages(Visits visits, Pages pages, Notices notices, ReportStore reports, ReportService reportService,
      ModeratorActions actions, AccountStore accounts, StatusStore statuses, Presenter presenter, AuditLog auditLog,
      AuditLines auditLines, String authority) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.reports = reports;
    this.reportService = reportService;
    this.actions = actions;
    this.accounts = accounts;
    this.statuses = statuses;
    this.presenter = presenter;
    this.auditLog = auditLog;
    this.auditLines = auditLines;
    this.authority = authority;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::queue);
    router.get(PATH + "/:id").handler(this::show);
    router.post(PATH + "/:id").handler(this::act);
  }

  private void queue(RoutingContext ctx) {
    boolean resolved = "1".equals(ctx.request().getParam("resolved"));
    Long maxId = Page.id(ctx.request().getParam("max_id"));
    visits.member(ctx).compose(Admins::only).compose(visit -> reports
        .page(resolved, new Page(maxId, null, null, PAGE_SIZE + 1))
        .compose(found -> {
          List<Future<Row>> rows = new ArrayList<>();
          found.stream().limit(PAGE_SIZE).forEach(report -> rows.add(row(report)));
          return Future.all(rows).map(done -> {
            Map<String, Object> params = new HashMap<>();
            params.put("rows", rows.stream().map(Future::result).toList());
            params.put("resolved", resolved);
            params.put("older", found.size() > PAGE_SIZE
                ? PATH + "?" + (resolved ? "resolved=1&" : "") + "max_id=" + found.get(PAGE_SIZE - 1).id() : null);
            params.put("notice", notices.take(ctx));
            pages.send(ctx, "admin/reports.jte", visit.frame("Reports").hiddenFromSearch(), params);
            return null;
          });
        })).onFailure(ctx::fail);
  }

  private Future<Row> row(Report report) {
    Future<Who> target = whoOrGone(report.targetAccountId());
    Future<Who> reporter = whoOrGone(report.accountId());
    Future<Who> assigned = who(report.assignedAccountId());
    return Future.all(target, reporter, assigned).map(done -> new Row(report.id(), target.result(),
        reporter.result(), category(report.category()), report.comment(), Times.readable(report.createdAt()),
        Times.iso(report.createdAt()), report.statusIds().size(),
        assigned.result() == null ? null : assigned.result().handle()));
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.member(ctx).compose(Admins::only).compose(visit -> reports.byId(id)
        .compose(found -> found.map(report -> shown(visit, report))
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .map(report -> {
          Map<String, Object> params = new HashMap<>();
          params.put("report", report);
          params.put("notice", notices.take(ctx));
          pages.send(ctx, "admin/report.jte", visit.frame("Report #" + id).hiddenFromSearch(), params);
          return null;
        })).onFailure(ctx::fail);
  }

  private Future<Shown> shown(Visit visit, Report report) {
    Future<Who> reporter = whoOrGone(report.accountId());
    Future<Who> target = whoOrGone(report.targetAccountId());
    Future<Who> assigned = who(report.assignedAccountId());
    Future<Who> resolver = who(report.actionTakenBy());
    Future<List<Post>> posts = posts(report.statusIds());
    Future<List<String>> rules = reportService.rules().map(all -> all.stream()
        .filter(rule -> report.ruleIds().contains(rule.id())).map(rule -> rule.text()).toList());
    Future<List<AuditLines.Line>> log = auditLog.about(AuditLog.Target.report(report.id()), 50)
        .compose(auditLines::of);
    return Future.all(List.of(reporter, target, assigned, resolver, posts, rules, log)).map(done -> new Shown(
        report.id(), reporter.result(), target.result(), category(report.category()), rules.result(),
        report.comment(), report.forwarded(), report.actionTakenAt() != null,
        resolver.result() == null ? null : resolver.result().handle(), Times.readable(report.createdAt()),
        Times.iso(report.createdAt()), assigned.result() == null ? null : assigned.result().handle(),
        report.assignedAccountId() != null && report.assignedAccountId() == visit.member().id(),
        posts.result(), log.result()));
  }

  private Future<List<Post>> posts(List<Long> ids) {
    List<Future<Optional<Status>>> loads = new ArrayList<>();
    ids.forEach(id -> loads.add(statuses.byId(id)));
    return Future.all(loads).compose(done -> {
      List<Status> found = new ArrayList<>();
      loads.forEach(load -> load.result().ifPresent(found::add));
      return presenter.statuses(found);
    }).map(ReportsPages::posts);
  }

  private static List<Post> posts(JsonArray entities) {
    List<Post> posts = new ArrayList<>();
    for (int i = 0; i < entities.size(); i++) {
      JsonObject status = entities.getJsonObject(i);
      List<String> alts = new ArrayList<>();
      JsonArray media = status.getJsonArray("media_attachments", new JsonArray());
      for (int j = 0; j < media.size(); j++) {
        String alt = media.getJsonObject(j).getString("description");
        alts.add(alt == null || alt.isBlank() ? "(no alt text)" : alt);
      }
      String created = status.getString("created_at");
      posts.add(new Post(status.getString("url", status.getString("uri")), status.getString("content", ""),
          status.getString("spoiler_text", ""), alts,
          created == null ? "" : Times.readable(java.time.OffsetDateTime.parse(created)), created));
    }
    return posts;
  }

  /** The form's buttons: {@code do} says which. */
  private void act(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    String back = PATH + "/" + id;
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> {
      Params form = Params.of(ctx);
      String doing = form.string("do") == null ? "" : form.string("do");
      String note = form.string("note");
      AuditLog.By by = Admins.by(visit);
      return switch (doing) {
        case "resolve" -> changed(ctx, actions.resolve(by, id, note), back, Notice.REPORT_RESOLVED);
        case "reopen" -> changed(ctx, actions.reopen(by, id, note), back, Notice.REPORT_REOPENED);
        case "assign_to_self" -> changed(ctx, actions.assignToSelf(by, id, note), back, Notice.REPORT_ASSIGNED);
        case "unassign" -> changed(ctx, actions.unassign(by, id, note), back, Notice.REPORT_UNASSIGNED);
        case "forward" -> actions.forward(by, id, note).compose(report -> accounts.byId(report.targetAccountId()))
            .map(target -> {
              notices.redirect(ctx, back, Notice.REPORT_FORWARDED, target.map(Account::domain).orElse("their server"));
              return null;
            });
        case "sensitive", "silence", "suspend", "disable" -> reports.byId(id)
            .compose(report -> report.isEmpty() ? Future.failedFuture(ServiceException.notFound("Record not found"))
                : accounts.byId(report.get().targetAccountId()))
            .compose(target -> target.isEmpty() ? Future.failedFuture(ServiceException.notFound("Record not found"))
                : actions.act(by, target.get(), doing, id, note).map(target.get()))
            .map(target -> {
              notices.redirect(ctx, back, Notice.REPORT_ACTED, "@" + target.acct());
              return null;
            });
        default -> Future.failedFuture(ServiceException.notFound("Record not found"));
      };
    }).onFailure(ctx::fail);
  }

  private Future<Void> changed(RoutingContext ctx, Future<Optional<Report>> change, String back, Notice notice) {
    return change.compose(report -> {
      if (report.isEmpty()) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      notices.redirect(ctx, back, notice);
      return Future.succeededFuture();
    });
  }

  private Future<Who> who(Long accountId) {
    if (accountId == null) {
      return Future.succeededFuture(null);
    }
    return accounts.byId(accountId).map(found -> found.map(this::who).orElse(null));
  }

  /** The account, or a stand-in saying it is gone. */
  private Future<Who> whoOrGone(long accountId) {
    return who(accountId).map(found -> found != null ? found
        : new Who(accountId, "(a removed account)", "", true, null, null));
  }

  Who who(Account account) {
    return new Who(account.id(), "@" + account.username() + "@" + (account.isLocal() ? authority : account.domain()),
        account.displayName() == null || account.displayName().isBlank() ? account.username() : account.displayName(),
        account.isLocal(), account.domain(), account.url() != null ? account.url() : account.uri());
  }

  private static String category(String category) {
    return switch (category) {
      case "spam" -> "Spam";
      case "legal" -> "Illegal content";
      case "violation" -> "Breaks the server's rules";
      default -> "Other";
    };
  }
}
