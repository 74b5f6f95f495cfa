package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.plutro.server.db.Batcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code deliveries} table as the delivery queue uses it: claim due deliveries under a lease
 * (with what sending one needs), and record what became of each, with its domain's availability:
 * a domain failing on seven distinct days is marked unavailable; any success clears that.
 */
public final class DeliveryStore {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryStore.class);
  static final int UNAVAILABLE_AFTER_DAYS = 7;

  /**
   * A claimed delivery ({@code attempts} counts this one), its activity's signer and body, and
   * whether its domain is marked unavailable or suspended by the admins.
   */
  public record Due(long id, String inboxUrl, String domain, int attempts, long accountId,
      String body, boolean unavailable, boolean suspended) {}

  private static final String DUE = " state = 'queued' AND next_attempt_at <= now()"
      + " AND (locked_until IS NULL OR locked_until < now()) ORDER BY next_attempt_at, id LIMIT ";
  // First attempts before retries (V528): the retries of servers that failed or hung do not go
  // ahead of a new activity's first deliveries; retries fill what first attempts leave.
  private static final String CLAIM = "WITH first AS (SELECT id FROM deliveries WHERE attempts = 0 AND"
      + DUE + "$2 FOR UPDATE SKIP LOCKED),"
      + " again AS (SELECT id FROM deliveries WHERE attempts > 0 AND"
      + DUE + "$2 - (SELECT count(*) FROM first) FOR UPDATE SKIP LOCKED)"
      + " UPDATE deliveries d"
      + " SET locked_until = now() + make_interval(secs => $1), attempts = d.attempts + 1"
      + " FROM outbound_activities a"
      + " WHERE d.id IN (SELECT id FROM first UNION ALL SELECT id FROM again) AND a.id = d.activity_id"
      + " RETURNING d.id, d.inbox_url, d.domain, d.attempts, a.account_id, a.body,"
      + " EXISTS (SELECT 1 FROM instances i WHERE i.domain = d.domain"
      + " AND i.unavailable_since IS NOT NULL) AS unavailable,"
      // Nothing goes to a domain the admins suspended (exactly, or one it is under, on any port
      // when the block names none).
      + " EXISTS (SELECT 1 FROM instance_domain_blocks b WHERE b.severity = 'suspend'"
      + " AND domain_covers(b.domain, d.domain)) AS suspended";
  private static final String FAILED = "UPDATE deliveries SET state = 'failed', locked_until = NULL,"
      + " last_status = $2, last_error = $3 WHERE id = $1";
  // Deliveries that succeeded together are recorded together, with their domains' success, in
  // one statement and one commit (group commit: a fan-out to thousands of instances would else
  // wait for the disk twice per delivery). A domain's row is written only when that changes
  // something or once a minute, and in domain order, so concurrent batches never deadlock.
  private static final String DELIVERED_MANY = "WITH done AS (UPDATE deliveries d"
      + " SET state = 'delivered', delivered_at = now(), locked_until = NULL, last_status = t.status,"
      + " last_error = NULL FROM unnest($1::bigint[], $2::int[]) AS t (id, status)"
      + " WHERE d.id = t.id RETURNING d.domain)"
      + " INSERT INTO instances AS i (domain, last_success_at)"
      + " SELECT DISTINCT domain, now() FROM done ORDER BY 1"
      + " ON CONFLICT (domain) DO UPDATE SET last_success_at = now(),"
      + " unavailable_since = NULL, failure_days = 0, first_failure_at = NULL, last_failure_day = NULL"
      + " WHERE i.last_success_at IS NULL OR i.last_success_at < now() - interval '1 minute'"
      + " OR i.unavailable_since IS NOT NULL OR i.failure_days > 0";
  private static final int MAX_BATCH = 256;
  // One at a time: outcomes arrive spread out (one per answer), and a second batch written at once
  // split them into batches of two or three, a commit each (0.4 commits per delivery in a closure).
  private static final int BATCHES_IN_FLIGHT = 1;
  // Counts distinct days of failure; the seventh marks the domain unavailable (as Mastodon does).
  private static final String FAILURE_DAY = " ON CONFLICT (domain) DO UPDATE SET"
      + " first_failure_at = coalesce(i.first_failure_at, now()),"
      + " failure_days = CASE WHEN i.last_failure_day = current_date THEN i.failure_days"
      + " ELSE i.failure_days + 1 END,"
      + " last_failure_day = current_date,"
      + " unavailable_since = CASE WHEN i.unavailable_since IS NOT NULL THEN i.unavailable_since"
      + " WHEN (CASE WHEN i.last_failure_day = current_date THEN i.failure_days"
      + " ELSE i.failure_days + 1 END) >= " + UNAVAILABLE_AFTER_DAYS + " THEN now() END";
  private static final String INSTANCE_FAILURE = "INSERT INTO instances AS i (domain, first_failure_at,"
      + " failure_days, last_failure_day) VALUES ($1, now(), 1, current_date)" + FAILURE_DAY;

  // Failures are recorded together the same way, each with a failure of its domain today (see
  // INSTANCE_FAILURE; counting a domain once per batch counts the same days): a closure to
  // thousands of instances of which hundreds fail would else commit twice per failure.
  private static final String RETRY_MANY = "WITH failed AS (UPDATE deliveries d"
      + " SET locked_until = NULL, last_status = t.status, last_error = t.error,"
      + " next_attempt_at = now() + make_interval(secs => t.delay)"
      + " FROM unnest($1::bigint[], $2::int[], $3::text[], $4::float8[]) AS t (id, status, error, delay)"
      + " WHERE d.id = t.id RETURNING d.domain)"
      + " INSERT INTO instances AS i (domain, first_failure_at, failure_days, last_failure_day)"
      + " SELECT DISTINCT domain, now(), 1, current_date FROM failed ORDER BY 1" + FAILURE_DAY;

  private record Delivered(long id, int status) {}

  private record Retry(long id, Integer status, String error, Duration delay) {}

  private final SqlClient client;
  private final Batcher<Delivered, Void> delivered =
      new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, this::recordDelivered,
          one -> recordDelivered(List.of(one)).map(done -> null));
  private final Batcher<Retry, Void> retries =
      new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, this::recordRetries,
          one -> recordRetries(List.of(one)).map(done -> null));

  public DeliveryStore(SqlClient client) {
    this.client = client;
  }

  /** Claims up to {@code limit} due deliveries for {@code lease}. */
  public Future<List<Due>> claim(int limit, Duration lease) {
    return client.preparedQuery(CLAIM).execute(Tuple.of(lease.toSeconds(), limit)).map(rows -> {
      List<Due> due = new ArrayList<>(rows.size());
      for (Row row : rows) {
        due.add(new Due(row.getLong("id"), row.getString("inbox_url"), row.getString("domain"),
            row.getInteger("attempts"), row.getLong("account_id"), row.getString("body"),
            row.getBoolean("unavailable"), row.getBoolean("suspended")));
      }
      return due;
    });
  }

  /** Records a delivery as made, and its domain as answering (with others: group commit). */
  public Future<Void> delivered(long id, int status) {
    return delivered.submit(new Delivered(id, status));
  }

  /**
   * Unlocks a delivery that failed this time, due again after {@code delay}, and counts a failure
   * of its domain today (with others: group commit).
   */
  public Future<Void> retry(long id, Integer status, String error, Duration delay) {
    return retries.submit(new Retry(id, status, error, delay));
  }

  /** Records a delivery as failed for good. */
  public Future<Void> failed(long id, Integer status, String error) {
    return client.preparedQuery(FAILED).execute(Tuple.of(id, status, error)).mapEmpty();
  }

  /** Counts a failure of {@code domain} today (the seventh such day marks it unavailable). */
  public Future<Void> domainFailed(String domain) {
    return client.preparedQuery(INSTANCE_FAILURE).execute(Tuple.of(domain)).mapEmpty();
  }

  private Future<List<Void>> recordRetries(List<Retry> items) {
    Long[] ids = new Long[items.size()];
    Integer[] statuses = new Integer[items.size()];
    String[] errors = new String[items.size()];
    Double[] delays = new Double[items.size()];
    for (int i = 0; i < items.size(); i++) {
      Retry retry = items.get(i);
      ids[i] = retry.id();
      statuses[i] = retry.status();
      errors[i] = retry.error();
      delays[i] = retry.delay().toMillis() / 1000.0;
    }
    return client.preparedQuery(RETRY_MANY)
        .execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(statuses)
            .addArrayOfString(errors).addArrayOfDouble(delays))
        .onFailure(failure -> LOG.warn("Cannot record {} failed deliveries: {}", items.size(),
            failure.toString()))
        .map(done -> Collections.nCopies(items.size(), (Void) null));
  }

  private Future<List<Void>> recordDelivered(List<Delivered> items) {
    Long[] ids = new Long[items.size()];
    Integer[] statuses = new Integer[items.size()];
    for (int i = 0; i < items.size(); i++) {
      ids[i] = items.get(i).id();
      statuses[i] = items.get(i).status();
    }
    return client.preparedQuery(DELIVERED_MANY)
        .execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(statuses))
        .onFailure(failure -> LOG.warn("Cannot record {} deliveries: {}", items.size(), failure.toString()))
        .map(done -> Collections.nCopies(items.size(), (Void) null));
  }
}
