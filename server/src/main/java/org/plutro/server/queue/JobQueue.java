package org.plutro.server.queue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.JobStore.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable job queue (incoming activities, profile broadcasts, purges, imports...): a handler
 * per kind of job, run by the {@link QueueEngine}. A failed job comes back after {@code n^4 + 5}
 * seconds, ten attempts in all. Whoever inserts a job leased to itself runs it at once with
 * {@link #runClaimed}, or calls {@link #wake()} after commit (no NOTIFY: PostgreSQL serialises the
 * commits of notifying transactions); other processes find jobs when they poll.
 */
public final class JobQueue {
  /** Does one job; a failed future means "try again later". */
  @FunctionalInterface
  public interface Handler {
    Future<Void> run(JsonObject payload);
  }

  private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
  private static final int MAX_ATTEMPTS = 10;

  private final JobStore store;
  private final Map<String, Handler> handlers = new HashMap<>();
  // Finished jobs, deleted by the next claim: at once if claims were held back for lack of slots,
  // else within the poll interval, in one statement for all of them.
  private final List<Long> finished = new ArrayList<>();
  private final QueueEngine<Job> engine;

  public JobQueue(Vertx vertx, JobStore store, Duration lease, int concurrency) {
    this.store = store;
    this.engine = new QueueEngine<>(vertx, "jobs", new Port(), lease, concurrency, 0, 0);
  }

  public JobQueue register(String kind, Handler handler) {
    handlers.put(kind, handler);
    return this;
  }

  public void start(Duration pollInterval) {
    engine.start(pollInterval);
  }

  /**
   * Claims no more and, once the jobs under way end (or after {@code grace}), deletes those that
   * finished; one still running then is run again when its lease ends.
   */
  public Future<Void> stop(Duration grace) {
    return engine.stop(grace);
  }

  public long leaseSeconds() {
    return engine.lease().toSeconds();
  }

  /** Runs a job that this process inserted (attempt 1) already leased to itself. */
  public void runClaimed(long id, String kind, JsonObject payload) {
    engine.runClaimed(new Job(id, kind, payload, 1));
  }

  /** Claims and runs due jobs up to the concurrency limit. */
  public void wake() {
    engine.wake();
  }

  private Long[] takeFinished() {
    synchronized (finished) {
      Long[] ids = finished.toArray(Long[]::new);
      finished.clear();
      return ids;
    }
  }

  private void putBack(Long[] ids) {
    synchronized (finished) {
      finished.addAll(List.of(ids));
    }
  }

  private final class Port implements QueuePort<Job> {
    @Override
    public Future<List<Job>> claim(int limit, Duration lease) {
      Long[] done = takeFinished();
      return store.claim(limit, lease, done).onFailure(failure -> putBack(done));
    }

    @Override
    public Future<Outcome> run(Job job) {
      Handler handler = handlers.get(job.kind());
      if (handler == null) {
        return Future.failedFuture(new IllegalStateException("no handler for job kind " + job.kind()));
      }
      return handler.run(job.payload()).map(ran -> Outcome.done(null));
    }

    @Override
    public Duration backoff(Job job) {
      return job.attempts() >= MAX_ATTEMPTS ? null
          : Duration.ofSeconds((long) Math.pow(job.attempts(), 4) + 5);
    }

    @Override
    public Future<Void> done(Job job, Outcome outcome) {
      synchronized (finished) {
        finished.add(job.id());
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> retry(Job job, Outcome outcome, Duration delay) {
      LOG.debug("Job {} ({}) failed, will retry: {}", job.id(), job.kind(), outcome.reason());
      return store.retry(job.id(), outcome.reason(), delay);
    }

    @Override
    public Future<Void> giveUp(Job job, Outcome outcome) {
      LOG.warn("Job {} ({}) failed {} times, giving up: {}", job.id(), job.kind(), job.attempts(),
          outcome.reason());
      return store.delete(new Long[] {job.id()});
    }

    @Override
    public Future<Void> stopped() {
      Long[] done = takeFinished();
      return done.length == 0 ? Future.succeededFuture() : store.delete(done);
    }
  }
}
