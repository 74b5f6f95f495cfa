package org.plutro.server.cli;

import org.plutro.server.store.AccountStore;
import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.plutro.server.domain.Account;
import org.plutro.server.service.AccountModeration;
import org.plutro.server.service.AuditLog;
import org.plutro.server.domain.ServiceException;

/**
 * {@code account suspend|unsuspend|silence|unsilence|sensitive|unsensitive|disable|enable
 * --account NAME} (a member, or {@code user@domain} for a remote account we know): the admin API's
 * account actions from the command line.
 */
final class AccountModerationCommand {
  static final java.util.Set<String> ACTIONS = java.util.Set.of("suspend", "unsuspend", "silence", "unsilence",
      "sensitive", "unsensitive", "disable", "enable");

  private AccountModerationCommand() {}

  static int run(AccountStore accounts, AccountModeration moderation, AuditLog auditLog, String action,
      Map<String, String> options,
      PrintStream out, PrintStream err)
      throws Exception {
    String name = options.get("account");
    if (name == null || name.isBlank()) {
      err.println("plutro: --account is required (a member's name, or user@domain)");
      return 2;
    }
    String handle = name.strip().replaceFirst("^@", "");
    int at = handle.indexOf('@');
    Account account = Await.result(at < 0 ? accounts.anyLocalByUsername(handle)
        : accounts.remoteByHandle(handle.substring(0, at), handle.substring(at + 1).toLowerCase()))
        .filter(found -> found.deletedAt() == null).orElse(null);
    if (account == null) {
      err.println("plutro: no account " + handle + " here");
      return 1;
    }
    Future<Void> done = switch (action) {
      case "unsuspend" -> moderation.unsuspend(account);
      case "unsilence" -> moderation.unsilence(account);
      case "unsensitive" -> moderation.unsensitize(account);
      case "enable" -> moderation.enable(account);
      default -> moderation.act(account, action);
    };
    done = done.compose(ok -> auditLog.record(AuditLog.By.COMMAND_LINE, action, AuditLog.Target.account(account),
        options.get("note")));
    try {
      Await.result(done);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ServiceException problem) {
        err.println("plutro: " + problem.getMessage());
        return 1;
      }
      throw e;
    }
    Account now = Await.result(accounts.byId(account.id())).orElseThrow();
    out.println("@" + handle + ": " + (now.suspended() ? "suspended" : "not suspended")
        + (now.silencedAt() != null ? ", silenced" : "") + (now.sensitizedAt() != null ? ", sensitive" : ""));
    return 0;
  }

}
