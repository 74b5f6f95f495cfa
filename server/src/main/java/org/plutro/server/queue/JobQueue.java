package org.plutro.server.queue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable job queue in PostgreSQL, shared by every server process on the database. Workers
 * claim due jobs with {@code FOR UPDATE SKIP LOCKED} and hold a lease; a job whose worker died
 * (kill -9, crash) is claimed again when its lease ends. Failed jobs come back with growing delays.
 * Whoever inserts a job leased to itself runs it at once with {@link #runClaimed}, or calls
 * {@link #wake()} after commit (no NOTIFY: PostgreSQL serialises the commits of notifying
 * transactions); other processes find jobs when they poll.
 */
public final class JobQueue {
  /** Does one job; a failed future means "try again later". */
  @FunctionalInterface
  public interface Handler {
    Future<Void> run(JsonObject payload);
  }

  private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
  private static final int MAX_ATTEMPTS = 10;

  // Finished jobs are deleted by the statement that claims the next ones: one round trip for both.
  // A crash before that deletes nothing, and the job runs again: handlers are idempotent.
  private static final String CLAIM = "WITH done AS (DELETE FROM jobs WHERE id = ANY($3))"
      + " UPDATE jobs SET locked_until = now() + make_interval(secs => $1),"
      + " attempts = attempts + 1 WHERE id IN (SELECT id FROM jobs WHERE run_at <= now()"
      + " AND (locked_until IS NULL OR locked_until < now()) ORDER BY run_at, id LIMIT $2"
      + " FOR UPDATE SKIP LOCKED) RETURNING id, kind, payload, attempts";
  private static final String DONE = "DELETE FROM jobs WHERE id = ANY($1)";
  private static final String RETRY = "UPDATE jobs SET locked_until = NULL, last_error = $2,"
      + " run_at = now() + make_interval(secs => $3) WHERE id = $1";

  // A job for a subject (a member, a post) that gathers what happens meanwhile: queued unless one
  // is already waiting; a running one may have read older state, so it does not count.
  private static final String SCHEDULE_ONCE = "INSERT INTO jobs (kind, payload, run_at)"
      + " SELECT $1, jsonb_build_object('subject', $2::text), now() + make_interval(secs => $3)"
      + " WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $1 AND payload ? 'subject'"
      + " AND payload ->> 'subject' = $2::text AND (locked_until IS NULL OR locked_until < now()))";

  private final Vertx vertx;
  private final io.vertx.core.Context context;
  private final SqlClient pool;
  private final Duration lease;
  private final int concurrency;
  private final Map<String, Handler> handlers = new HashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final java.util.List<Long> finished = new java.util.ArrayList<>();
  private boolean polling;
  private boolean pollAgain;
  // Set when a poll was skipped for lack of free slots: the next finished job polls again.
  private volatile boolean starved;
  private long timer = -1;
  private volatile boolean stopped;

  public JobQueue(Vertx vertx, SqlClient pool, Duration lease, int concurrency) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.lease = lease;
    this.concurrency = concurrency;
  }

  /**
   * Queues a {@code kind} job for {@code subject} in {@code delaySeconds}, unless one is already
   * waiting; in the caller's transaction.
   */
  public static Future<Void> scheduleOnce(SqlClient tx, String kind, String subject, int delaySeconds) {
    return tx.preparedQuery(SCHEDULE_ONCE).execute(Tuple.of(kind, subject, delaySeconds)).mapEmpty();
  }

  public JobQueue register(String kind, Handler handler) {
    handlers.put(kind, handler);
    return this;
  }

  /** Starts polling; {@link #wake()} is called on NOTIFY, the timer catches due retries. */
  public void start(Duration pollInterval) {
    timer = vertx.setPeriodic(pollInterval.toMillis(), id -> wake());
    wake();
  }

  /**
   * Claims no more and, once the jobs under way end (or after {@code grace}), deletes those that
   * finished; one still running then is run again when its lease ends.
   */
  public Future<Void> stop(Duration grace) {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Drain.until(vertx, () -> running.get() == 0, grace).compose(drained -> {
      Long[] done = takeFinished();
      return done.length == 0 ? Future.succeededFuture()
          : pool.preparedQuery(DONE).execute(Tuple.of((Object) done)).mapEmpty();
    });
  }

  private Long[] takeFinished() {
    synchronized (finished) {
      Long[] ids = finished.toArray(Long[]::new);
      finished.clear();
      return ids;
    }
  }

  public long leaseSeconds() {
    return lease.toSeconds();
  }

  /**
   * Runs a job that this process inserted already leased to itself, without claiming it from the
   * database; if the process dies first, the lease ends and another process runs it.
   */
  public void runClaimed(long id, String kind, JsonObject payload) {
    if (!stopped) {
      run(id, kind, payload, 1);
    }
  }

  /** Claims and runs due jobs up to the concurrency limit. Runs on one event loop: no races. */
  public void wake() {
    if (stopped) {
      return;
    }
    // One context for all polling state, whichever thread calls (callbacks arrive on many).
    context.runOnContext(v -> {
      if (polling) {
        pollAgain = true;
        return;
      }
      int free = concurrency - running.get();
      if (free <= 0) {
        starved = true;
        return;
      }
      starved = false;
      polling = true;
      Long[] done = takeFinished();
      pool.preparedQuery(CLAIM).execute(Tuple.of(lease.toSeconds(), free, done))
          .onComplete(result -> {
            polling = false;
            if (result.failed()) {
              synchronized (finished) {
                finished.addAll(java.util.Arrays.asList(done));
              }
              if (!stopped) {
                LOG.warn("Cannot claim jobs: {}", result.cause().getMessage());
              }
              return;
            }
            int claimed = 0;
            for (Row row : result.result()) {
              claimed++;
              run(row.getLong("id"), row.getString("kind"), (JsonObject) row.getValue("payload"),
                  row.getInteger("attempts"));
            }
            if (pollAgain || claimed == free) {
              pollAgain = false;
              wake();
            }
          });
    });
  }

  private void run(long id, String kind, JsonObject payload, int attempts) {
    Handler handler = handlers.get(kind);
    running.incrementAndGet();
    Future<Void> work;
    try {
      work = handler == null
          ? Future.failedFuture(new IllegalStateException("no handler for job kind " + kind))
          : handler.run(payload);
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    work.compose(done -> {
              synchronized (finished) {
                finished.add(id);
              }
              return Future.<Void>succeededFuture();
            },
            failure -> {
              if (attempts >= MAX_ATTEMPTS) {
                LOG.warn("Job {} ({}) failed {} times, giving up: {}", id, kind, attempts,
                    failure.toString());
                return pool.preparedQuery(DONE).execute(Tuple.of((Object) new Long[] {id})).mapEmpty();
              }
              LOG.debug("Job {} ({}) failed, will retry: {}", id, kind, failure.toString());
              double delay = Math.pow(attempts, 4) + 5;
              return pool.preparedQuery(RETRY).execute(Tuple.of(id, String.valueOf(failure), delay))
                  .mapEmpty();
            })
        .onComplete(ignored -> {
          running.decrementAndGet();
          // Finished jobs are deleted by the next poll: at once if polls were held back for lack
          // of slots, else within the poll interval, in one statement for all of them.
          if (starved) {
            wake();
          }
        });
  }
}
