package org.plutro.server.cli;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.AccountStore;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.store.Page;
import org.plutro.server.store.ReportStore;
import org.plutro.server.store.ReportStore.Report;

/** {@code report list [--resolved]} and {@code report resolve|reopen --id N}: the moderation queue. */
final class ReportCommand {
  private ReportCommand() {}

  static int run(ReportStore reports, AccountStore accounts, Uris uris, String action,
      Map<String, String> options, PrintStream out, PrintStream err) throws Exception {
    if (action.equals("list")) {
      List<Report> found = Await.result(reports.page(options.containsKey("resolved"),
          new Page(null, null, null, 200)));
      out.printf("%-20s %-30s %-30s %-9s %s%n", "id", "reported", "by", "category", "comment");
      for (Report report : found) {
        out.printf("%-20d %-30s %-30s %-9s %s%n", report.id(), handle(accounts, uris, report.targetAccountId()),
            handle(accounts, uris, report.accountId()), report.category(), report.comment().replace('\n', ' '));
      }
      out.println(found.size() + (found.size() == 1 ? " report" : " reports"));
      return 0;
    }
    long id;
    try {
      id = Long.parseLong(options.getOrDefault("id", ""));
    } catch (NumberFormatException e) {
      err.println("plutro: --id N is required");
      return 2;
    }
    // The CLI acts as the instance: the resolver is the instance actor.
    Account instance = Await.result(accounts.byUri(uris.instanceActor())).orElseThrow();
    var changed = Await.result(action.equals("resolve") ? reports.resolve(id, instance.id()) : reports.reopen(id));
    if (changed.isEmpty()) {
      err.println("plutro: no report " + id);
      return 1;
    }
    out.println("Report " + id + (action.equals("resolve") ? " resolved" : " reopened"));
    return 0;
  }

  private static String handle(AccountStore accounts, Uris uris, long accountId) throws Exception {
    return Await.result(accounts.byId(accountId)).map(a -> "@" + (a.isLocal()
        ? uris.acct(a.username()) : a.acct())).orElse("?");
  }

}
