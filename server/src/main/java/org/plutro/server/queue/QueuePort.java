package org.plutro.server.queue;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * What one durable queue tells the {@link QueueEngine}: its table (through a store), how a row is
 * run, its back-off, and how each outcome is written. The engine does the rest: claiming, leases,
 * concurrency, wake-ups, retries and draining on stop.
 *
 * @param <T> a claimed row
 */
public interface QueuePort<T> {
  /**
   * Claims up to {@code limit} due rows with {@code FOR UPDATE SKIP LOCKED}, leased for
   * {@code lease}: a row whose lease has ended is due again, whoever claimed it.
   */
  Future<List<T>> claim(int limit, Duration lease);

  /** Runs one claimed row. A failed future is a failure to retry. */
  Future<Outcome> run(T row);

  /**
   * Runs one claimed row, calling {@code awaitingPeer} once what is left is up to a peer (the
   * request is signed and goes out): the slot time counts from then, so a row still waiting for
   * this process's own CPU (signing, under load) keeps its slot, and no more rows are claimed
   * than can be worked on. By default the slot time counts from the start.
   */
  default Future<Outcome> run(T row, Runnable awaitingPeer) {
    awaitingPeer.run();
    return run(row);
  }

  /**
   * How long the run of {@code row} holds its slot once it awaits its peer (see
   * {@link #run(Object, Runnable)}): one still going after this goes on without it
   * (up to the engine's {@code maxWaiting} at once), so that rows stuck on slow peers do not hold
   * up the rest. Null: until it ends.
   */
  default Duration slotTime(T row) {
    return null;
  }

  /** How long {@code row} waits after a failure before it runs again, or null when that was its last attempt. */
  Duration backoff(T row);

  Future<Void> done(T row, Outcome outcome);

  /** Frees a row that failed this time, due again after {@code delay}. */
  Future<Void> retry(T row, Outcome outcome, Duration delay);

  /** Records a row that will not be run again: failed for good, skipped, or out of attempts. */
  Future<Void> giveUp(T row, Outcome outcome);

  /** Once the engine has stopped and drained: writes what was kept for later, if anything. */
  default Future<Void> stopped() {
    return Future.succeededFuture();
  }
}
