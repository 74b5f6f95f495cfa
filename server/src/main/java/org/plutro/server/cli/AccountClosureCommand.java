package org.plutro.server.cli;

import org.plutro.server.service.CloseAccount;
import org.plutro.server.uri.Uris;
import org.plutro.server.store.AccountStore;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;

/**
 * {@code account close --username NAME}: an admin closes a member's account (the server's delivery
 * workers send the Delete; queued now, it goes when a server runs). {@code account closure
 * --username NAME}: each instance's delivery of that Delete, with counts.
 */
final class AccountClosureCommand {
  private AccountClosureCommand() {}

  static int run(AccountStore accounts, Uris uris, CloseAccount closeAccount, boolean close,
      Map<String, String> options, PrintStream out, PrintStream err) throws Exception {
    String username = options.get("username");
    if (username == null || username.isBlank()) {
      err.println("plutro: --username is required");
      return 2;
    }
    Account member = Await.result(accounts.anyLocalByUsername(username.trim())).orElse(null);
    if (member == null || !"Person".equals(member.actorType())) {
      err.println("plutro: no member @" + username.trim());
      return 1;
    }
    try {
      if (close) {
        var closed = Await.result(closeAccount.close(member, "admin"));
        out.println("Closed @" + uris.acct(member.username()) + " at " + closed.closedAt()
            + "; Delete queued for " + closed.instances() + " instances");
        member = Await.result(accounts.byId(member.id())).orElseThrow();
      }
      print(Await.result(closeAccount.status(member)), out);
      return 0;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ServiceException problem) {
        err.println("plutro: " + problem.getMessage());
        return 1;
      }
      throw e;
    }
  }

  private static void print(JsonObject status, PrintStream out) {
    JsonObject counts = status.getJsonObject("counts");
    out.println("@" + status.getString("acct") + ": " + status.getString("state")
        + (status.getString("closed_at") != null ? " since " + status.getString("closed_at") : ""));
    out.println("instances: " + counts.getInteger("instances")
        + (counts.containsKey("delivered") ? ", delivered " + counts.getInteger("delivered")
            + ", pending " + counts.getInteger("pending") + ", retrying "
            + counts.getInteger("retrying") + ", failed " + counts.getInteger("failed") : ""));
    for (Object item : status.getJsonArray("instances")) {
      JsonObject instance = (JsonObject) item;
      out.printf("  %-40s %-10s %s%n", instance.getString("domain"),
          instance.getString("state", "to be told"),
          instance.getString("last_error") != null ? instance.getString("last_error")
              : instance.getString("delivered_at", instance.getString("last_contact_at", "")));
    }
  }

}
