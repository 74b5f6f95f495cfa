package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What the delivery and job queues hold, for the metrics and {@code plutro queue}, and the two
 * things an admin may do to one domain's deliveries: make them due now, or drop them. A delivery
 * is pending while {@code state = 'queued'}; it is retrying once an attempt failed and left an
 * error; it is due when its time has come and no worker holds its lease.
 */
public final class QueueStore {
  /** What {@code drop} writes: the rows stay, so a closure's progress still shows each domain. */
  public static final String DROPPED = "dropped by an admin";
  /** Failed deliveries younger than this are made due again by {@link #retryDomain}. */
  public static final int RETRY_FAILED_WITHIN_DAYS = 7;

  private static final String DUE = "next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())";
  private static final String JOB_DUE = "run_at <= now() AND (locked_until IS NULL OR locked_until < now())";
  // One scan of each queue, for a scrape or the command line.
  private static final String DEPTH = "SELECT d.*, j.*, i.* FROM"
      + " (SELECT count(*) AS deliveries_pending,"
      + " count(*) FILTER (WHERE last_error IS NOT NULL) AS deliveries_retrying,"
      + " count(*) FILTER (WHERE locked_until >= now()) AS deliveries_in_flight,"
      + " count(*) FILTER (WHERE " + DUE + ") AS deliveries_due,"
      + " coalesce(extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE " + DUE + ")), 0)::float8"
      + " AS deliveries_oldest_due_seconds"
      + " FROM deliveries WHERE state = 'queued') d,"
      + " (SELECT count(*) AS jobs_pending, count(*) FILTER (WHERE " + JOB_DUE + ") AS jobs_due,"
      + " coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE " + JOB_DUE + ")), 0)::float8"
      + " AS jobs_oldest_due_seconds FROM jobs) j,"
      + " (SELECT count(*) AS unavailable_domains FROM instances WHERE unavailable_since IS NOT NULL) i";
  private static final String RETRYING_BY_DOMAIN = "SELECT d.domain, count(*) AS deliveries,"
      + " min(d.created_at) AS oldest, min(d.next_attempt_at) AS next_attempt, max(d.attempts) AS attempts,"
      + " (SELECT e.last_error FROM deliveries e WHERE e.domain = d.domain AND e.state = 'queued'"
      + " AND e.last_error IS NOT NULL ORDER BY e.id DESC LIMIT 1) AS last_error"
      + " FROM deliveries d WHERE d.state = 'queued' AND d.last_error IS NOT NULL"
      + " GROUP BY d.domain ORDER BY count(*) DESC, d.domain LIMIT $1";
  private static final String UNAVAILABLE = "SELECT i.domain, i.unavailable_since, i.failure_days,"
      + " i.last_success_at, (SELECT count(*) FROM deliveries d WHERE d.domain = i.domain"
      + " AND d.state = 'failed' AND d.last_error = 'domain unavailable'"
      + " AND d.created_at >= i.unavailable_since) AS skipped"
      + " FROM instances i WHERE i.unavailable_since IS NOT NULL ORDER BY i.unavailable_since, i.domain";
  private static final String JOBS_BY_KIND = "SELECT kind, count(*) AS pending,"
      + " count(*) FILTER (WHERE " + JOB_DUE + ") AS due,"
      + " count(*) FILTER (WHERE locked_until >= now()) AS leased,"
      + " count(*) FILTER (WHERE last_error IS NOT NULL) AS retrying,"
      + " min(created_at) AS oldest FROM jobs GROUP BY kind ORDER BY kind";
  // A failure worth another try: a server error, a timeout, a refused connection, or a domain
  // skipped while it was marked unavailable; not a refusal for good, a suspension or a drop.
  private static final String RETRYABLE_FAILURE = "last_error IS DISTINCT FROM 'domain suspended'"
      + " AND last_error IS DISTINCT FROM '" + DROPPED + "'"
      + " AND (last_status IS NULL OR last_status IN (0, 401, 408, 429) OR last_status >= 500)";
  // Retrying ones keep their attempts; failed ones start the back-off schedule again.
  private static final String RETRY_DOMAIN = "WITH before AS (SELECT unavailable_since FROM instances"
      + " WHERE domain = $1), due AS (UPDATE deliveries SET next_attempt_at = now(), state = 'queued',"
      + " attempts = CASE WHEN state = 'failed' THEN 0 ELSE attempts END"
      + " WHERE domain = $1 AND ((state = 'queued' AND last_error IS NOT NULL"
      + " AND (locked_until IS NULL OR locked_until < now()))"
      + " OR (state = 'failed' AND created_at > now() - make_interval(days => $2) AND " + RETRYABLE_FAILURE + "))"
      + " RETURNING attempts = 0 AS revived), available AS (UPDATE instances SET unavailable_since = NULL,"
      + " failure_days = 0, first_failure_at = NULL, last_failure_day = NULL WHERE domain = $1)"
      // (A data-modifying WITH runs whether or not the query reads it.)
      + " SELECT (SELECT count(*) FROM due) AS due, (SELECT count(*) FROM due WHERE revived) AS revived,"
      + " EXISTS (SELECT 1 FROM before WHERE unavailable_since IS NOT NULL) AS was_unavailable";
  // Per domain: what waits, what retries, what failed lately (through the partial indexes of
  // queued and failed deliveries), the newest error, and when the domain last answered.
  private static final String BY_DOMAIN = "SELECT d.domain,"
      + " count(*) FILTER (WHERE d.state = 'queued') AS pending,"
      + " count(*) FILTER (WHERE d.state = 'queued' AND d.last_error IS NOT NULL) AS retrying,"
      + " count(*) FILTER (WHERE d.state = 'failed') AS failed,"
      + " min(d.next_attempt_at) FILTER (WHERE d.state = 'queued') AS next_attempt,"
      + " (SELECT e.last_error FROM deliveries e WHERE e.domain = d.domain AND e.state IN ('queued', 'failed')"
      + "   AND e.last_error IS NOT NULL ORDER BY e.id DESC LIMIT 1) AS last_error,"
      + " i.last_success_at, i.unavailable_since"
      + " FROM deliveries d LEFT JOIN instances i ON i.domain = d.domain"
      + " WHERE d.state = 'queued' OR (d.state = 'failed' AND d.created_at > now() - make_interval(days => $2))"
      + " GROUP BY d.domain, i.last_success_at, i.unavailable_since"
      + " ORDER BY count(*) FILTER (WHERE d.state = 'queued') DESC, count(*) DESC, d.domain LIMIT $1";
  private static final String DROP_DOMAIN = "UPDATE deliveries SET state = 'failed', locked_until = NULL,"
      + " last_error = '" + DROPPED + "' WHERE domain = $1 AND state = 'queued'";

  /** Both queues at a glance; ages are in seconds, 0 when nothing is due. */
  public record Depth(long deliveriesPending, long deliveriesRetrying, long deliveriesInFlight,
      long deliveriesDue, double deliveriesOldestDueSeconds, long jobsPending, long jobsDue,
      double jobsOldestDueSeconds, long unavailableDomains) {}

  /** One domain's deliveries that failed and wait for another attempt. */
  public record DomainBacklog(String domain, long deliveries, OffsetDateTime oldest,
      OffsetDateTime nextAttempt, int attempts, String lastError) {}

  /** A domain skipped for delivery, and how many deliveries were skipped since. */
  public record UnavailableDomain(String domain, OffsetDateTime since, int failureDays,
      OffsetDateTime lastSuccess, long skipped) {}

  /** The jobs of one kind. */
  public record JobKind(String kind, long pending, long due, long leased, long retrying,
      OffsetDateTime oldest) {}

  /**
   * What {@link #retryDomain} did: deliveries made due (of which {@code revived} had failed), and
   * whether the domain was marked unavailable.
   */
  public record Retried(long due, long revived, boolean wasUnavailable) {}

  /**
   * One domain's deliveries: pending (of which retrying) and failed in the last
   * {@link #RETRY_FAILED_WITHIN_DAYS} days; {@code unavailableSince} is set while it is skipped.
   */
  public record DomainQueue(String domain, long pending, long retrying, long failed,
      OffsetDateTime nextAttempt, String lastError, OffsetDateTime lastSuccess,
      OffsetDateTime unavailableSince) {}

  private final SqlClient client;

  public QueueStore(SqlClient client) {
    this.client = client;
  }

  public Future<Depth> depth() {
    return client.query(DEPTH).execute().map(rows -> {
      Row row = rows.iterator().next();
      return new Depth(row.getLong("deliveries_pending"), row.getLong("deliveries_retrying"),
          row.getLong("deliveries_in_flight"), row.getLong("deliveries_due"),
          row.getDouble("deliveries_oldest_due_seconds"), row.getLong("jobs_pending"),
          row.getLong("jobs_due"), row.getDouble("jobs_oldest_due_seconds"),
          row.getLong("unavailable_domains"));
    });
  }

  /** Domains with retrying deliveries, the most first. */
  public Future<List<DomainBacklog>> retryingByDomain(int limit) {
    return client.preparedQuery(RETRYING_BY_DOMAIN).execute(Tuple.of(limit)).map(rows -> {
      List<DomainBacklog> domains = new ArrayList<>();
      for (Row row : rows) {
        domains.add(new DomainBacklog(row.getString("domain"), row.getLong("deliveries"),
            row.getOffsetDateTime("oldest"), row.getOffsetDateTime("next_attempt"),
            row.getInteger("attempts"), row.getString("last_error")));
      }
      return domains;
    });
  }

  /** Domains with pending or lately failed deliveries, the most pending first. */
  public Future<List<DomainQueue>> byDomain(int limit) {
    return client.preparedQuery(BY_DOMAIN).execute(Tuple.of(limit, RETRY_FAILED_WITHIN_DAYS)).map(rows -> {
      List<DomainQueue> domains = new ArrayList<>();
      for (Row row : rows) {
        domains.add(new DomainQueue(row.getString("domain"), row.getLong("pending"), row.getLong("retrying"),
            row.getLong("failed"), row.getOffsetDateTime("next_attempt"), row.getString("last_error"),
            row.getOffsetDateTime("last_success_at"), row.getOffsetDateTime("unavailable_since")));
      }
      return domains;
    });
  }

  public Future<List<UnavailableDomain>> unavailableDomains() {
    return client.query(UNAVAILABLE).execute().map(rows -> {
      List<UnavailableDomain> domains = new ArrayList<>();
      for (Row row : rows) {
        domains.add(new UnavailableDomain(row.getString("domain"),
            row.getOffsetDateTime("unavailable_since"), row.getInteger("failure_days"),
            row.getOffsetDateTime("last_success_at"), row.getLong("skipped")));
      }
      return domains;
    });
  }

  public Future<List<JobKind>> jobsByKind() {
    return client.query(JOBS_BY_KIND).execute().map(rows -> {
      List<JobKind> kinds = new ArrayList<>();
      for (Row row : rows) {
        kinds.add(new JobKind(row.getString("kind"), row.getLong("pending"), row.getLong("due"),
            row.getLong("leased"), row.getLong("retrying"), row.getOffsetDateTime("oldest")));
      }
      return kinds;
    });
  }

  /**
   * Makes the domain's retrying deliveries due now, queues again those that failed for a reason
   * that may have passed in the last {@link #RETRY_FAILED_WITHIN_DAYS} days, and lifts the
   * domain's unavailable mark (else the worker would skip them again). Deliveries in flight are
   * left to their worker.
   */
  public Future<Retried> retryDomain(String domain) {
    return client.preparedQuery(RETRY_DOMAIN).execute(Tuple.of(domain, RETRY_FAILED_WITHIN_DAYS))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Retried(row.getLong("due"), row.getLong("revived"),
              row.getBoolean("was_unavailable"));
        });
  }

  /** Takes the domain's pending deliveries out of the queue; answers how many. */
  public Future<Integer> dropDomain(String domain) {
    return client.preparedQuery(DROP_DOMAIN).execute(Tuple.of(domain)).map(rows -> rows.rowCount());
  }
}
