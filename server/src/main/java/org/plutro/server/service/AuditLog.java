package org.plutro.server.service;

import io.vertx.core.Future;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.store.AuditLogStore;
import org.plutro.server.store.AuditLogStore.Entry;

/**
 * The audit log of moderation (Mastodon's {@code Admin::ActionLog}): every action a moderator
 * takes, from the web pages, the admin API or the command line, with who, what, on what, when
 * and the note they gave. Admins read it at {@code /admin/action_logs}; it is kept.
 */
public final class AuditLog {
  /** Who acted: a member of ours, or the server's command line. */
  public record By(Long accountId, String name) {
    public static final By COMMAND_LINE = new By(null, "command line");

    public static By member(Account moderator) {
      return new By(moderator.id(), "@" + moderator.acct());
    }
  }

  /** What was acted on, named as it was at the time ({@code label}). */
  public record Target(String type, String id, String label) {
    public static Target account(Account account) {
      return new Target("Account", Long.toString(account.id()), "@" + account.acct());
    }

    public static Target report(long reportId) {
      return new Target("Report", Long.toString(reportId), "report #" + reportId);
    }

    public static Target domain(String type, String domain) {
      return new Target(type, domain, domain);
    }
  }

  private final AuditLogStore store;

  public AuditLog(AuditLogStore store) {
    this.store = store;
  }

  /** Records that {@code by} took {@code action} (a verb such as {@code suspend}) on {@code target}. */
  public Future<Void> record(By by, String action, Target target, String note) {
    return store.insert(by.accountId(), by.name(), action, target.type(), target.id(), target.label(),
        note == null ? "" : note.strip());
  }

  public Future<List<Entry>> page(Long maxId, int limit) {
    return store.page(maxId, limit);
  }

  public Future<List<Entry>> about(Target target, int limit) {
    return store.forTarget(target.type(), target.id(), limit);
  }
}
