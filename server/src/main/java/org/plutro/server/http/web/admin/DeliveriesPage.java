package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.Notices.Notice;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Times;
import org.plutro.server.http.web.Visits;
import org.plutro.server.service.AuditLog;
import org.plutro.server.store.QueueStore;
import org.plutro.server.store.QueueStore.DomainQueue;

/**
 * {@code /admin/deliveries}: the delivery queue per destination domain (what waits, retries,
 * failed lately, the newest error, the last success, the next attempt), and what {@code plutro
 * queue retry|drop} does for one domain: retry now, or drop its pending backlog. The same
 * {@link QueueStore}; each action goes into the audit log.
 */
public final class DeliveriesPage {
  public static final String PATH = "/admin/deliveries";
  static final int DOMAINS_SHOWN = 200;
  private static final int ERROR_SHOWN = 140;

  /** A domain as the table shows it. */
  public record Row(String domain, long pending, long retrying, long failed, String nextAttempt,
      String lastError, String lastSuccess, String unavailableSince) {}

  private final Visits visits;
  private final Pages pages;
  private final Notices notices;
  private final QueueStore queue;
  private final AuditLog auditLog;

  public DeliveriesPage(Visits visits, Pages pages, Notices notices, QueueStore queue, AuditLog auditLog) {
    this.visits = visits;
    this.pages = pages;
    this.notices = notices;
    this.queue = queue;
    this.auditLog = auditLog;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH + "/retry").handler(ctx -> act(ctx, true));
    router.post(PATH + "/drop").handler(ctx -> act(ctx, false));
  }

  private void show(RoutingContext ctx) {
    visits.member(ctx).compose(Admins::only).compose(visit -> Future.all(queue.depth(),
        queue.byDomain(DOMAINS_SHOWN)).map(all -> {
          Map<String, Object> params = new HashMap<>();
          params.put("depth", all.resultAt(0));
          params.put("domains", rows(all.resultAt(1)));
          params.put("notice", notices.take(ctx));
          pages.send(ctx, "admin/deliveries.jte", visit.frame("Deliveries").hiddenFromSearch(), params);
          return null;
        })).onFailure(ctx::fail);
  }

  private void act(RoutingContext ctx, boolean retry) {
    String typed = ctx.request().getFormAttribute("domain");
    String domain = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
    visits.memberForm(ctx).compose(Admins::only).compose(visit -> {
      if (domain.isEmpty() || !domain.matches("[a-z0-9.:\\-\\[\\]]{1,253}")) {
        Notices.redirect(ctx, PATH); // the buttons send a domain of the list; nothing to do otherwise
        return Future.<Void>succeededFuture();
      }
      AuditLog.Target target = AuditLog.Target.domain("Deliveries", domain);
      Future<String> done = retry
          ? queue.retryDomain(domain).map(retried -> retried.due() + " due now"
              + (retried.wasUnavailable() ? ", no longer skipped" : ""))
          : queue.dropDomain(domain).map(dropped -> dropped + " dropped");
      return done.compose(note -> auditLog.record(Admins.by(visit), retry ? "retry" : "drop", target, note))
          .onSuccess(recorded -> notices.redirect(ctx, PATH,
              retry ? Notice.DELIVERIES_RETRIED : Notice.DELIVERIES_DROPPED, domain));
    }).onFailure(ctx::fail);
  }

  private static List<Row> rows(List<DomainQueue> domains) {
    return domains.stream().map(domain -> new Row(domain.domain(), domain.pending(), domain.retrying(),
        domain.failed(), domain.nextAttempt() == null ? "—" : Times.readable(domain.nextAttempt()),
        shortError(domain.lastError()),
        domain.lastSuccess() == null ? "never" : Times.readable(domain.lastSuccess()),
        domain.unavailableSince() == null ? null : Times.readable(domain.unavailableSince()))).toList();
  }

  private static String shortError(String error) {
    if (error == null) {
      return "";
    }
    String line = error.replace('\n', ' ').replace('\r', ' ').strip();
    return line.length() > ERROR_SHOWN ? line.substring(0, ERROR_SHOWN - 1) + "…" : line;
  }
}
