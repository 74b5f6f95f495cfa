package org.plutro.server.cli;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.SignUpApprovals;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.UserStore.PendingSignUp;

/**
 * {@code account pending}, {@code account approve|reject --account NAME}: the sign-ups waiting for
 * a moderator (registrations = approval), with the reasons they gave, and the moderator's answer.
 */
final class AccountApprovalCommand {
  static final java.util.Set<String> ACTIONS = java.util.Set.of("pending", "approve", "reject");

  private AccountApprovalCommand() {}

  static int run(AccountStore accounts, SignUpApprovals approvals, AuditLog auditLog, String action,
      Map<String, String> options,
      PrintStream out, PrintStream err) throws Exception {
    if (action.equals("pending")) {
      List<PendingSignUp> waiting = Await.result(approvals.pending());
      for (PendingSignUp signUp : waiting) {
        out.printf("@%s <%s> %s, %s%n  %s%n", signUp.username(), signUp.email(),
            signUp.createdAt().toLocalDate(), signUp.confirmed() ? "address confirmed" : "address not confirmed",
            signUp.reason() == null ? "(no reason given)" : signUp.reason().replaceAll("\\s+", " "));
      }
      out.println(waiting.size() + (waiting.size() == 1 ? " sign-up waits" : " sign-ups wait"));
      return 0;
    }
    String name = options.get("account");
    if (name == null || name.isBlank()) {
      err.println("plutro: --account is required (a member's name)");
      return 2;
    }
    String username = name.strip().replaceFirst("^@", "");
    Optional<Account> account = Await.result(accounts.anyLocalByUsername(username));
    if (account.isEmpty() || account.get().deletedAt() != null) {
      err.println("plutro: no member " + username + " here");
      return 1;
    }
    Future<Void> done = action.equals("approve") ? approvals.approve(account.get().id())
        : approvals.reject(account.get().id());
    AuditLog.Target target = AuditLog.Target.account(account.get());
    done = done.compose(ok -> auditLog.record(AuditLog.By.COMMAND_LINE, action, target, ""));
    try {
      Await.result(done);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ServiceException) {
        err.println("plutro: @" + username + " is not waiting for approval");
        return 1;
      }
      throw e;
    }
    out.println("@" + username + (action.equals("approve") ? ": approved" : ": rejected and removed"));
    return 0;
  }

}
