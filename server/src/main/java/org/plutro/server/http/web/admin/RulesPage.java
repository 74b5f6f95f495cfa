package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.Params;
import org.plutro.server.http.web.Form;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visit;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.InstanceRules;
import org.plutro.server.service.InstanceRules.Rule;

/**
 * {@code /admin/rules} (Mastodon's path): the instance's rules in their order, each with a hint,
 * to add, edit, move up or down and delete. The same {@link InstanceRules} as {@code /about},
 * sign-up and {@code /api/v1/instance/rules}; opening this page takes over {@code rules.txt}
 * (its rules are copied in, and edited here from then on). Each change goes into the audit log.
 */
public final class RulesPage {
  public static final String PATH = "/admin/rules";
  static final Map<String, String> LABELS = Map.of("text", "Rule", "hint", "Hint");

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final InstanceRules rules;
  private final AuditLog auditLog;

  public RulesPage(Visits visits, Pages pages, Notices notices, InstanceRules rules, AuditLog auditLog) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.rules = rules;
    this.auditLog = auditLog;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::index);
    router.post(PATH).handler(this::add);
    router.get(PATH + "/:id/edit").handler(this::editForm);
    router.post(PATH + "/:id").handler(this::edit);
    router.post(PATH + "/:id/up").handler(ctx -> move(ctx, true));
    router.post(PATH + "/:id/down").handler(ctx -> move(ctx, false));
    router.post(PATH + "/:id/delete").handler(this::delete);
  }

  private void index(RoutingContext ctx) {
    visits.member(ctx).compose(Admins::only).compose(visit -> list(ctx, 200, visit, Form.empty()))
        .onFailure(ctx::fail);
  }

  private Future<Void> list(RoutingContext ctx, int status, Visit visit, Form form) {
    return rules.forEditing().map(all -> {
      Map<String, Object> params = new HashMap<>();
      params.put("rules", all);
      params.put("form", form);
      params.put("notice", status == 200 ? notices.take(ctx) : null);
      pages.send(ctx, status, "admin/rules.jte", visit.frame("Rules").hiddenFromSearch(), params);
      return null;
    });
  }

  private void add(RoutingContext ctx) {
    Form form = Form.submitted(ctx, "text", "hint");
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> rules.add(form.value("text"), form.value("hint"))
        .compose(id -> auditLog.record(Admins.by(visit), "create", target(id, form.value("text")), ""))
        .onSuccess(done -> notices.redirect(ctx, PATH, Notice.RULE_SAVED))
        .recover(failure -> {
          Form again = AdminForms.refused(form, failure, LABELS);
          return again == null ? Future.failedFuture(failure) : list(ctx, 422, visit, again);
        })).onFailure(ctx::fail);
  }

  private void editForm(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.member(ctx).compose(Admins::only).compose(visit -> rule(id).map(rule -> {
      sendEdit(ctx, 200, visit, id, Form.empty().with("text", rule.text()).with("hint", rule.hint()));
      return null;
    })).onFailure(ctx::fail);
  }

  private void sendEdit(RoutingContext ctx, int status, Visit visit, long id, Form form) {
    pages.send(ctx, status, "admin/rule.jte", visit.frame("Edit rule").hiddenFromSearch(),
        Map.of("id", id, "form", form));
  }

  private void edit(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    Form form = Form.submitted(ctx, "text", "hint");
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> rule(id)
        .compose(rule -> rules.edit(id, form.value("text"), form.value("hint")))
        .compose(done -> auditLog.record(Admins.by(visit), "update", target(id, form.value("text")), ""))
        .onSuccess(done -> notices.redirect(ctx, PATH + "#rule-" + id, Notice.RULE_SAVED))
        .recover(failure -> {
          Form again = AdminForms.refused(form, failure, LABELS);
          if (again == null) {
            return Future.failedFuture(failure);
          }
          sendEdit(ctx, 422, visit, id, again);
          return Future.succeededFuture();
        })).onFailure(ctx::fail);
  }

  private void move(RoutingContext ctx, boolean up) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> rule(id)
        .compose(rule -> rules.move(id, up)
            .compose(done -> auditLog.record(Admins.by(visit), up ? "move_up" : "move_down",
                target(id, rule.text()), ""))))
        .onSuccess(done -> Notices.redirect(ctx, PATH + "#rule-" + id))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> rule(id)
        .compose(rule -> rules.delete(id)
            .compose(done -> auditLog.record(Admins.by(visit), "delete", target(id, rule.text()), ""))))
        .onSuccess(done -> notices.redirect(ctx, PATH, Notice.RULE_DELETED))
        .onFailure(ctx::fail);
  }

  private Future<Rule> rule(long id) {
    return rules.forEditing().compose(all -> all.stream().filter(rule -> rule.id().equals(Long.toString(id)))
        .findFirst().map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private static AuditLog.Target target(long id, String text) {
    String line = text == null ? "" : text.strip();
    return new AuditLog.Target("Rule", Long.toString(id), line.length() > 60 ? line.substring(0, 59) + "…" : line);
  }

  /** Whether the rule at {@code index} of {@code all} can move up or down. */
  public static boolean canMove(List<Rule> all, int index, boolean up) {
    return up ? index > 0 : index < all.size() - 1;
  }
}
