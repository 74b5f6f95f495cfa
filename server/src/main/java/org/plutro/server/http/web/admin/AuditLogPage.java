package org.plutro.server.http.web.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.AuditLog;
import org.plutro.server.store.Page;

/**
 * {@code /admin/action_logs}: the audit log, newest first, a page at a time ("Older entries").
 * Admins only (404).
 */
public final class AuditLogPage {
  public static final String PATH = "/admin/action_logs";
  private static final int PAGE_SIZE = 40;

  private final Visits visits;
  private final Pages pages;
  private final AuditLog auditLog;
  private final AuditLines auditLines;

  public AuditLogPage(Visits visits, Pages pages, AuditLog auditLog, AuditLines auditLines) {
    this.visits = visits;
    this.pages = pages;
    this.auditLog = auditLog;
    this.auditLines = auditLines;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
  }

  private void show(RoutingContext ctx) {
    Long maxId = Page.id(ctx.request().getParam("max_id"));
    visits.member(ctx).compose(Admins::only).compose(visit -> auditLog.page(maxId, PAGE_SIZE + 1)
        .compose(entries -> auditLines.of(entries.stream().limit(PAGE_SIZE).toList()).map(lines -> {
          Map<String, Object> params = new HashMap<>();
          params.put("lines", lines);
          params.put("older", entries.size() > PAGE_SIZE ? PATH + "?max_id=" + lines.get(PAGE_SIZE - 1).id() : null);
          pages.send(ctx, "admin/action_logs.jte", visit.frame("Audit log").hiddenFromSearch(), params);
          return null;
        }))).onFailure(ctx::fail);
  }
}
