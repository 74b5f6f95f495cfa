package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code jobs} table: the job queue claims due jobs under a lease, deletes finished ones and
 * puts failed ones back for later; everything else that queues or drops a job does it here.
 */
public final class JobStore {
  /** A claimed job; {@code attempts} counts this one. */
  public record Job(long id, String kind, JsonObject payload, int attempts) {}

  // Finished jobs are deleted by the statement that claims the next ones: one round trip for both.
  // A crash before that deletes nothing, and the job runs again: handlers are idempotent.
  private static final String CLAIM = "WITH done AS (DELETE FROM jobs WHERE id = ANY($3))"
      + " UPDATE jobs SET locked_until = now() + make_interval(secs => $1),"
      + " attempts = attempts + 1 WHERE id IN (SELECT id FROM jobs WHERE run_at <= now()"
      + " AND (locked_until IS NULL OR locked_until < now()) ORDER BY run_at, id LIMIT $2"
      + " FOR UPDATE SKIP LOCKED) RETURNING id, kind, payload, attempts";
  private static final String DELETE = "DELETE FROM jobs WHERE id = ANY($1)";
  private static final String RETRY = "UPDATE jobs SET locked_until = NULL, last_error = $2,"
      + " run_at = now() + make_interval(secs => $3) WHERE id = $1";

  // A job for a subject (a member, a post) that gathers what happens meanwhile: queued unless one
  // is already waiting; a running one may have read older state, so it does not count.
  private static final String SCHEDULE_ONCE = "INSERT INTO jobs (kind, payload, run_at)"
      + " SELECT $1, jsonb_build_object('subject', $2::text), now() + make_interval(secs => $3)"
      + " WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $1 AND payload ? 'subject'"
      + " AND payload ->> 'subject' = $2::text AND (locked_until IS NULL OR locked_until < now()))";
  // A job for a subject, due after some days and hours.
  private static final String SCHEDULE = "INSERT INTO jobs (kind, payload, run_at)"
      + " VALUES ($1, jsonb_build_object('subject', $2::text),"
      + " now() + make_interval(days => $3, hours => $4))";
  // Every job of a kind for a subject, queued or running.
  private static final String DROP = "DELETE FROM jobs WHERE kind = $1"
      + " AND payload ? 'subject' AND payload ->> 'subject' = $2::text";
  // A job for a subject, unless one is queued or running already: due now, or at a given time.
  private static final String UNLESS_QUEUED = " WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $1"
      + " AND payload ? 'subject' AND payload ->> 'subject' = $2::text)";
  private static final String QUEUE_UNLESS_QUEUED = "INSERT INTO jobs (kind, payload)"
      + " SELECT $1, jsonb_build_object('subject', $2::text)" + UNLESS_QUEUED;
  private static final String SCHEDULE_AT_UNLESS_QUEUED = "INSERT INTO jobs (kind, payload, run_at)"
      + " SELECT $1, jsonb_build_object('subject', $2::text), $3" + UNLESS_QUEUED;
  private static final String QUEUE = "INSERT INTO jobs (kind, payload) VALUES ($1, $2::text::jsonb)";
  // One job per row of an import, each naming its subject (the member), its type, the import, what
  // the row names (an account, a domain or a post: 'acct'), the list it is for, and whether to undo.
  private static final String QUEUE_ROWS = "INSERT INTO jobs (kind, payload)"
      + " SELECT $1, jsonb_build_object('subject', $2::text, 'type', $3::text, 'import', $4::text,"
      + " 'acct', acct, 'list', list, 'undo', undo)"
      + " FROM unnest($5::text[], $6::text[], $7::bool[]) AS r (acct, list, undo)";

  // The inbox's take-in, one statement and one commit: the activity id remembered (a repeat is a
  // no-op), its job queued, and the sender's domain marked available again. The domain is written
  // only when that changes something, or once a minute.
  private static final String DOMAIN_SEEN = " UPDATE instances SET last_seen_at = now(),"
      + " unavailable_since = NULL, failure_days = 0, first_failure_at = NULL,"
      + " last_failure_day = NULL WHERE domain = ANY(%s) AND (unavailable_since IS NOT NULL"
      + " OR failure_days > 0 OR last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')";
  // Jobs are leased to the process taking them in from birth: it runs them at once, from memory;
  // the lease lets another process take one over only if this one dies first.
  private static final String TAKE_IN_ONE = "WITH seen AS (INSERT INTO inbox_seen (uri) VALUES ($1)"
      + " ON CONFLICT DO NOTHING RETURNING uri),"
      + " job AS (INSERT INTO jobs (kind, payload, attempts, locked_until)"
      + " SELECT $5::text, $2::text::jsonb, 1, now() + make_interval(secs => $4)"
      + " FROM seen RETURNING id),"
      + " domain AS (" + DOMAIN_SEEN.formatted("ARRAY[$3]") + " AND EXISTS (SELECT 1 FROM seen))"
      + " SELECT (SELECT id FROM job) AS job";
  private static final String TAKE_IN_MANY = "WITH input AS MATERIALIZED (SELECT * FROM"
      + " unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t (uri, payload, domain, n)),"
      + " seen AS (INSERT INTO inbox_seen (uri) SELECT DISTINCT uri FROM input"
      + " ON CONFLICT DO NOTHING RETURNING uri),"
      // The same id twice in one batch: the first one is taken in.
      + " fresh AS MATERIALIZED (SELECT DISTINCT ON (i.uri) next_id() AS id, i.n, i.payload"
      + " FROM input i JOIN seen s ON s.uri = i.uri ORDER BY i.uri, i.n),"
      + " job AS (INSERT INTO jobs (id, kind, payload, attempts, locked_until)"
      + " SELECT id, $5::text, payload::jsonb, 1, now() + make_interval(secs => $4)"
      + " FROM fresh),"
      + " domain AS (" + DOMAIN_SEEN.formatted("ARRAY(SELECT DISTINCT i.domain FROM input i"
      + " JOIN seen s ON s.uri = i.uri)") + ")"
      + " SELECT n, id FROM fresh";

  /** Single statements on hot paths (the queue's claims, the inbox's take-in): pipelined. */
  private final SqlClient client;
  /** Jobs queued on a request's behalf (a refresh asked for, an import's rows): through the pool. */
  private final SqlClient pool;

  public JobStore(SqlClient pool, SqlClient client) {
    this.pool = pool;
    this.client = client;
  }

  /**
   * Queues a {@code kind} job for {@code subject}, due in {@code days} and {@code hours}; in the
   * caller's transaction.
   */
  public static Future<Void> schedule(SqlClient tx, String kind, String subject, int days, int hours) {
    return tx.preparedQuery(SCHEDULE).execute(Tuple.of(kind, subject, days, hours)).mapEmpty();
  }

  /** Queues one {@code kind} job with {@code payload}, due now; in the caller's transaction. */
  public static Future<Void> queue(SqlClient tx, String kind, JsonObject payload) {
    return tx.preparedQuery(QUEUE).execute(Tuple.of(kind, payload.encode())).mapEmpty();
  }

  /** Deletes every {@code kind} job for {@code subject}, queued or running; in the caller's transaction. */
  public static Future<Void> drop(SqlClient tx, String kind, String subject) {
    return tx.preparedQuery(DROP).execute(Tuple.of(kind, subject)).mapEmpty();
  }

  /**
   * Queues a {@code kind} job for {@code subject} in {@code delaySeconds}, unless one is already
   * waiting; in the caller's transaction.
   */
  public static Future<Void> scheduleOnce(SqlClient tx, String kind, String subject, int delaySeconds) {
    return tx.preparedQuery(SCHEDULE_ONCE).execute(Tuple.of(kind, subject, delaySeconds)).mapEmpty();
  }

  /**
   * Queues a {@code kind} job for {@code subject}, due at {@code runAt}, unless one is queued or
   * running; in the caller's transaction.
   */
  public static Future<Void> scheduleAtUnlessQueued(SqlClient tx, String kind, String subject,
      OffsetDateTime runAt) {
    return tx.preparedQuery(SCHEDULE_AT_UNLESS_QUEUED).execute(Tuple.of(kind, subject, runAt)).mapEmpty();
  }

  /** Queues a {@code kind} job for {@code subject}, due now, unless one is queued or running. */
  public Future<Void> queueUnlessQueued(String kind, String subject) {
    return pool.preparedQuery(QUEUE_UNLESS_QUEUED).execute(Tuple.of(kind, subject)).mapEmpty();
  }

  /**
   * Queues one {@code kind} job, due now, for each row of the import {@code importId}: its item
   * (an account, a domain or a post), its list title (or null) and its {@code undo} flag, all
   * in the same order; in the caller's transaction.
   */
  public static Future<Void> queueRows(SqlClient tx, String kind, String subject, String type,
      long importId, String[] items, String[] lists, Boolean[] undo) {
    return tx.preparedQuery(QUEUE_ROWS).execute(Tuple.tuple().addString(kind).addString(subject)
        .addString(type).addString(Long.toString(importId)).addArrayOfString(items)
        .addArrayOfString(lists).addArrayOfBoolean(undo)).mapEmpty();
  }

  /**
   * The inbox's take-in of one activity ({@code uri}, from {@code domain}): a {@code kind} job with
   * {@code payload}, leased for {@code leaseSeconds}. The job's id, or null when this activity id
   * was taken in before.
   */
  public Future<Long> takeIn(String kind, String uri, String payload, String domain, long leaseSeconds) {
    return client.preparedQuery(TAKE_IN_ONE).execute(Tuple.of(uri, payload, domain, leaseSeconds, kind))
        .map(rows -> rows.iterator().next().getLong("job"));
  }

  /**
   * The take-in of several activities in one statement (all or nothing): the jobs' ids in the
   * order given, null for an activity taken in before or earlier in the same batch.
   */
  public Future<List<Long>> takeIn(String kind, String[] uris, String[] payloads, String[] domains,
      long leaseSeconds) {
    return client.preparedQuery(TAKE_IN_MANY).execute(Tuple.of(uris, payloads, domains, leaseSeconds, kind))
        .map(rows -> {
          List<Long> jobs = new ArrayList<>(uris.length);
          for (int i = 0; i < uris.length; i++) {
            jobs.add(null);
          }
          for (Row row : rows) {
            jobs.set((int) row.getLong("n").longValue() - 1, row.getLong("id"));
          }
          return jobs;
        });
  }

  /** Deletes the {@code finished} jobs, and claims up to {@code limit} due ones for {@code lease}. */
  public Future<List<Job>> claim(int limit, Duration lease, Long[] finished) {
    return client.preparedQuery(CLAIM).execute(Tuple.of(lease.toSeconds(), limit, finished))
        .map(rows -> {
          List<Job> jobs = new ArrayList<>(rows.size());
          for (Row row : rows) {
            jobs.add(new Job(row.getLong("id"), row.getString("kind"),
                (JsonObject) row.getValue("payload"), row.getInteger("attempts")));
          }
          return jobs;
        });
  }

  public Future<Void> delete(Long[] ids) {
    return client.preparedQuery(DELETE).execute(Tuple.of((Object) ids)).mapEmpty();
  }

  /** Unlocks a failed job and makes it due again after {@code delay}. */
  public Future<Void> retry(long id, String error, Duration delay) {
    return client.preparedQuery(RETRY).execute(Tuple.of(id, error, delay.toMillis() / 1000.0))
        .mapEmpty();
  }
}
