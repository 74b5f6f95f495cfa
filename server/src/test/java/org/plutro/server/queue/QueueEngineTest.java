package org.plutro.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plutro.server.db.DatabaseAddress;
import org.plutro.server.store.JobStore;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.TestDatabase;

/**
 * The one queue engine on a real PostgreSQL table, driven through the job queue: engines sharing
 * the table stand for processes sharing the database.
 */
class QueueEngineTest {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration LONG_LEASE = Duration.ofSeconds(60);

  static Vertx vertx;
  static Pool pool;
  private final List<JobQueue> engines = new ArrayList<>();

  @BeforeAll
  static void database() {
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
        .connectingTo(DatabaseAddress.parse(TestDatabase.newMigratedDatabaseUrl()).connectOptions())
        .using(vertx).build();
  }

  @AfterAll
  static void close() throws Exception {
    await(pool.close());
    await(vertx.close());
  }

  @BeforeEach
  void empty() throws Exception {
    sql("DELETE FROM jobs");
  }

  @AfterEach
  void stop() throws Exception {
    for (JobQueue engine : engines) {
      await(engine.stop(Duration.ofMillis(50)));
    }
  }

  private JobQueue engine(Duration lease, String kind, JobQueue.Handler handler) {
    JobQueue engine = new JobQueue(vertx, new JobStore(pool, pool), lease, 4).register(kind, handler);
    engines.add(engine);
    return engine;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static RowSet<Row> sql(String sql, Object... args) throws Exception {
    return await(pool.preparedQuery(sql).execute(Tuple.from(args)));
  }

  private static long count(String sql, Object... args) {
    try {
      return sql(sql, args).iterator().next().getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long queue(String kind, int n) throws Exception {
    return sql("INSERT INTO jobs (kind, payload) VALUES ($1, jsonb_build_object('n', $2::int)) RETURNING id",
        kind, n).iterator().next().getLong(0);
  }

  /** A run that never ends, as in a process that hangs or dies. */
  private static Future<Void> never() {
    return Promise.<Void>promise().future();
  }

  @Test
  void twoEnginesOnOneTableNeverRunTheSameRowTwice() throws Exception {
    int jobs = 400;
    Queue<String> runs = new ConcurrentLinkedQueue<>();
    List<JobQueue> both = new ArrayList<>();
    for (String name : List.of("first", "second")) {
      both.add(engine(LONG_LEASE, "count", payload -> {
        runs.add(name + " " + payload.getInteger("n"));
        // Each run takes a moment, so that both engines hold rows at once.
        Promise<Void> ran = Promise.promise();
        vertx.setTimer(1, id -> ran.complete());
        return ran.future();
      }));
    }
    sql("INSERT INTO jobs (kind, payload, run_at) SELECT 'count', jsonb_build_object('n', n),"
        + " now() + interval '1 hour' FROM generate_series(1, $1::int) n", jobs);
    both.forEach(engine -> engine.start(POLL));
    // Released at once to both.
    sql("UPDATE jobs SET run_at = now()");
    both.forEach(JobQueue::wake);

    Eventually.within(Duration.ofSeconds(30), "every job has run", () -> runs.size() >= jobs);
    for (JobQueue engine : both) {
      await(engine.stop(Duration.ofSeconds(5)));
    }
    Set<String> numbers = new HashSet<>();
    runs.forEach(run -> numbers.add(run.split(" ")[1]));
    assertEquals(jobs, runs.size(), "no job ran twice");
    assertEquals(jobs, numbers.size());
    assertTrue(runs.stream().anyMatch(run -> run.startsWith("first ")), "the first engine ran some");
    assertTrue(runs.stream().anyMatch(run -> run.startsWith("second ")), "the second engine ran some");
    assertEquals(0, count("SELECT count(*) FROM jobs"), "finished jobs are deleted");
  }

  @Test
  void aRowWhoseLeaseEndedIsClaimedAgainByAnotherEngine() throws Exception {
    Duration lease = Duration.ofSeconds(2);
    AtomicInteger hung = new AtomicInteger();
    JobQueue dying = engine(lease, "refresh", payload -> {
      hung.incrementAndGet();
      return never();
    });
    queue("refresh", 1);
    dying.start(POLL);
    Eventually.within10s("the first engine runs the job", () -> hung.get() == 1);
    long claimed = System.nanoTime();
    // It claims no more, and its run never ends: the job stays leased to it.
    await(dying.stop(Duration.ofMillis(50)));

    AtomicLong ranAgain = new AtomicLong();
    JobQueue other = engine(lease, "refresh", payload -> {
      ranAgain.set(System.nanoTime());
      return Future.succeededFuture();
    });
    other.start(POLL);
    Eventually.within10s("another engine runs it once the lease has ended", () -> ranAgain.get() != 0);
    assertTrue(ranAgain.get() - claimed >= Duration.ofSeconds(1).toNanos(), "not before the lease ended");
    assertEquals(1, hung.get());
    await(other.stop(Duration.ofSeconds(5)));
    assertEquals(0, count("SELECT count(*) FROM jobs"));
  }

  @Test
  void stoppingWaitsForTheRunsUnderWayAndClaimsNoMore() throws Exception {
    Promise<Void> release = Promise.promise();
    AtomicInteger runs = new AtomicInteger();
    JobQueue engine = engine(LONG_LEASE, "slow", payload -> {
      runs.incrementAndGet();
      return release.future();
    });
    long first = queue("slow", 1);
    engine.start(POLL);
    Eventually.within10s("the job is under way", () -> runs.get() == 1);

    long stopping = System.nanoTime();
    Future<Void> stopped = engine.stop(Duration.ofSeconds(60));
    long second = queue("slow", 2);
    engine.wake();
    assertFalse(stopped.isComplete(), "a job is under way");
    release.complete();
    await(stopped);

    assertTrue(System.nanoTime() - stopping < Duration.ofSeconds(20).toNanos(), "stopped without the whole grace");
    assertEquals(1, runs.get(), "nothing claimed once stopping");
    assertEquals(0, count("SELECT count(*) FROM jobs WHERE id = $1", first), "the finished job is deleted");
    assertEquals(1, count("SELECT count(*) FROM jobs WHERE id = $1 AND attempts = 0 AND locked_until IS NULL",
        second), "the job queued while stopping waits, unclaimed");
  }

  @Test
  void stoppingGivesUpWaitingAfterTheGrace() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    JobQueue engine = engine(LONG_LEASE, "stuck", payload -> {
      runs.incrementAndGet();
      return never();
    });
    long job = queue("stuck", 1);
    engine.start(POLL);
    Eventually.within10s("the job is under way", () -> runs.get() == 1);

    long stopping = System.nanoTime();
    await(engine.stop(Duration.ofMillis(500)));
    long waited = System.nanoTime() - stopping;
    assertTrue(waited >= Duration.ofMillis(450).toNanos(), "waited the grace: " + waited);
    assertTrue(waited < Duration.ofSeconds(10).toNanos(), "but no longer: " + waited);
    assertEquals(1, count("SELECT count(*) FROM jobs WHERE id = $1 AND locked_until > now()", job),
        "still leased: another process runs it when the lease ends");
  }

  @Test
  void aFailedRowIsRetriedAfterItsBackOff() throws Exception {
    List<Long> runs = new ArrayList<>();
    JobQueue engine = engine(LONG_LEASE, "flaky", payload -> {
      synchronized (runs) {
        runs.add(System.nanoTime());
        return runs.size() == 1 ? Future.failedFuture(new IllegalStateException("not yet"))
            : Future.succeededFuture();
      }
    });
    long job = queue("flaky", 1);
    engine.start(POLL);
    // The first back-off is 1^4 + 5 = 6 seconds.
    Eventually.within10s("the failure is recorded with its back-off", () -> count(
        "SELECT count(*) FROM jobs WHERE id = $1 AND attempts = 1 AND locked_until IS NULL"
            + " AND last_error LIKE '%not yet%' AND run_at > now() + interval '3 seconds'"
            + " AND run_at <= now() + interval '6 seconds'", job) == 1);

    Eventually.within(Duration.ofSeconds(20), "run again once the back-off is over", () -> {
      synchronized (runs) {
        return runs.size() == 2;
      }
    });
    assertTrue(runs.get(1) - runs.get(0) >= Duration.ofSeconds(5).toNanos(), "not before its time");
    await(engine.stop(Duration.ofSeconds(5)));
    assertEquals(0, count("SELECT count(*) FROM jobs"));
  }

  @Test
  void aRowThatFailedItsLastAttemptIsDropped() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    JobQueue engine = engine(LONG_LEASE, "doomed", payload -> {
      runs.incrementAndGet();
      return Future.failedFuture(new IllegalStateException("never works"));
    });
    long job = queue("doomed", 1);
    sql("UPDATE jobs SET attempts = 9 WHERE id = $1", job);
    engine.start(POLL);
    Eventually.within10s("the tenth failure drops it", () -> count("SELECT count(*) FROM jobs") == 0);
    assertEquals(1, runs.get());
  }
}
