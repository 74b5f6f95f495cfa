package org.plutro.server.cli;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.store.QueueStore;
import org.plutro.server.store.QueueStore.Depth;
import org.plutro.server.store.QueueStore.DomainBacklog;
import org.plutro.server.store.QueueStore.JobKind;
import org.plutro.server.store.QueueStore.Retried;
import org.plutro.server.store.QueueStore.UnavailableDomain;

/**
 * {@code queue}: what the delivery and job queues hold; {@code queue retry --domain D}: D's
 * retrying and recently failed deliveries due now, D no longer skipped; {@code queue drop --domain
 * D}: D's pending deliveries out of the queue. A running server picks up what is due within a
 * second.
 */
final class QueueCommand {
  static final Set<String> ACTIONS = Set.of("retry", "drop");
  private static final int DOMAINS_SHOWN = 50;
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private QueueCommand() {}

  static int run(QueueStore queue, String action, Map<String, String> options, PrintStream out,
      PrintStream err) throws Exception {
    if (action == null) {
      return show(queue, out);
    }
    String domain = options.get("domain");
    if (domain == null || domain.isBlank()) {
      err.println("plutro: --domain DOMAIN is required");
      return 2;
    }
    domain = domain.contains("://") ? Publisher.domainOf(domain.trim())
        : domain.trim().toLowerCase(Locale.ROOT);
    if (action.equals("retry")) {
      Retried retried = Await.result(queue.retryDomain(domain));
      out.println(count(retried.due(), "delivery", "deliveries") + " to " + domain + " due now"
          + (retried.revived() > 0 ? " (" + retried.revived() + " had failed)" : ""));
      if (retried.wasUnavailable()) {
        out.println(domain + " is no longer marked unavailable");
      }
      return 0;
    }
    int dropped = Await.result(queue.dropDomain(domain));
    out.println("Dropped " + count(dropped, "pending delivery", "pending deliveries") + " to " + domain);
    return 0;
  }

  private static int show(QueueStore queue, PrintStream out) throws Exception {
    Depth depth = Await.result(queue.depth());
    out.printf("Deliveries: %d pending, %d due now (oldest waiting %s), %d in flight, %d retrying%n",
        depth.deliveriesPending(), depth.deliveriesDue(), seconds(depth.deliveriesOldestDueSeconds()),
        depth.deliveriesInFlight(), depth.deliveriesRetrying());

    List<DomainBacklog> retrying = Await.result(queue.retryingByDomain(DOMAINS_SHOWN));
    out.println();
    out.println("Retrying, by domain:");
    if (retrying.isEmpty()) {
      out.println("  none");
    } else {
      out.printf("  %-32s %10s %-20s %-20s %8s  %s%n", "domain", "deliveries", "oldest",
          "next attempt", "attempts", "last error");
      for (DomainBacklog domain : retrying) {
        out.printf("  %-32s %10d %-20s %-20s %8d  %s%n", domain.domain(), domain.deliveries(),
            time(domain.oldest()), time(domain.nextAttempt()), domain.attempts(),
            domain.lastError() == null ? "" : oneLine(domain.lastError()));
      }
    }

    List<UnavailableDomain> unavailable = Await.result(queue.unavailableDomains());
    out.println();
    out.println("Unavailable domains (skipped until they send us something, or queue retry):");
    if (unavailable.isEmpty()) {
      out.println("  none");
    } else {
      out.printf("  %-32s %-20s %12s %-20s %8s%n", "domain", "since", "failure days",
          "last success", "skipped");
      for (UnavailableDomain domain : unavailable) {
        out.printf("  %-32s %-20s %12d %-20s %8d%n", domain.domain(), time(domain.since()),
            domain.failureDays(), time(domain.lastSuccess()), domain.skipped());
      }
    }

    List<JobKind> kinds = Await.result(queue.jobsByKind());
    out.println();
    out.printf("Jobs: %d pending, %d due now (oldest waiting %s)%n", depth.jobsPending(),
        depth.jobsDue(), seconds(depth.jobsOldestDueSeconds()));
    if (!kinds.isEmpty()) {
      out.printf("  %-24s %8s %8s %8s %8s  %s%n", "kind", "pending", "due", "leased", "retrying",
          "oldest");
      for (JobKind kind : kinds) {
        out.printf("  %-24s %8d %8d %8d %8d  %s%n", kind.kind(), kind.pending(), kind.due(),
            kind.leased(), kind.retrying(), time(kind.oldest()));
      }
    }
    return 0;
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static String seconds(double seconds) {
    return Math.round(seconds) + " s";
  }

  private static String time(OffsetDateTime time) {
    return time == null ? "-" : UTC.format(time);
  }

  private static String oneLine(String text) {
    String line = text.replace('\n', ' ').replace('\r', ' ');
    return line.length() > 80 ? line.substring(0, 79) + "…" : line;
  }

}
