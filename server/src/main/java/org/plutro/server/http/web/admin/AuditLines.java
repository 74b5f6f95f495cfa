package org.plutro.server.http.web.admin;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.plutro.server.http.web.Times;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.AuditLogStore.Entry;
import org.plutro.server.store.ReportStore;

/**
 * Audit log entries as the admin pages show them: when, who, what in plain words, on what
 * (linked to its admin page while it is still there), and the note.
 */
public final class AuditLines {
  /** One entry; {@code targetHref} null when what it acted on is gone. */
  public record Line(long id, String when, String whenIso, String by, String action, String target,
      String targetHref, String note) {}

  // The verbs the audit log records, in words; others (from newer pages) show as recorded.
  private static final Map<String, String> WORDS = Map.ofEntries(
      Map.entry("Account:suspend", "suspended"), Map.entry("Account:unsuspend", "lifted the suspension of"),
      Map.entry("Account:silence", "limited"), Map.entry("Account:unsilence", "lifted the limit on"),
      Map.entry("Account:sensitive", "marked as sensitive"), Map.entry("Account:unsensitive", "unmarked as sensitive"),
      Map.entry("Account:disable", "disabled the sign-in of"), Map.entry("Account:enable", "enabled the sign-in of"),
      Map.entry("Account:approve", "approved the sign-up of"), Map.entry("Account:reject", "refused the sign-up of"),
      Map.entry("Report:resolve", "resolved"), Map.entry("Report:reopen", "reopened"),
      Map.entry("Report:assign_to_self", "took on"), Map.entry("Report:unassign", "unassigned"),
      Map.entry("Report:forward", "forwarded"),
      Map.entry("DomainBlock:create", "blocked the server"), Map.entry("DomainBlock:update", "changed the block of"),
      Map.entry("DomainBlock:delete", "lifted the block of"),
      Map.entry("DomainAllow:create", "allowed the server"),
      Map.entry("DomainAllow:delete", "removed from the allowed servers"));

  private final AccountStore accounts;
  private final ReportStore reports;

  public AuditLines(AccountStore accounts, ReportStore reports) {
    this.accounts = accounts;
    this.reports = reports;
  }

  public Future<List<Line>> of(List<Entry> entries) {
    List<Future<String>> hrefs = new ArrayList<>();
    entries.forEach(entry -> hrefs.add(href(entry)));
    return Future.all(hrefs).map(done -> {
      List<Line> lines = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        Entry entry = entries.get(i);
        lines.add(new Line(entry.id(), Times.readable(entry.createdAt()), Times.iso(entry.createdAt()),
            entry.byName(), WORDS.getOrDefault(entry.targetType() + ":" + entry.action(), entry.action()),
            entry.targetLabel(), hrefs.get(i).result(), entry.note()));
      }
      return lines;
    });
  }

  /** The admin page of what the entry acted on, if it is still there. */
  private Future<String> href(Entry entry) {
    String id = entry.targetId();
    if (id == null || !id.matches("[0-9]{1,19}") && !entry.targetType().startsWith("Domain")) {
      return Future.succeededFuture(null);
    }
    return switch (entry.targetType()) {
      case "Account" -> accounts.byId(Long.parseLong(id)).map(found -> found
          .filter(a -> a.deletedAt() == null).map(a -> AccountsPages.PATH + "/" + id).orElse(null));
      case "Report" -> reports.byId(Long.parseLong(id)).map(found -> found.map(r -> ReportsPages.PATH + "/" + id)
          .orElse(null));
      case "DomainBlock" -> Future.succeededFuture(ServerBlocksPages.PATH);
      case "DomainAllow" -> Future.succeededFuture(ServerAllowsPage.PATH);
      default -> Future.succeededFuture(null);
    };
  }
}
