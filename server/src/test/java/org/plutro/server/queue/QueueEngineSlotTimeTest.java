package org.plutro.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;

/**
 * Rows stuck on a slow peer give their slot back after the port's slot time, so the rows behind
 * them run; how many may wait without a slot is bounded.
 */
class QueueEngineSlotTimeTest {
  private static final Duration SLOT_TIME = Duration.ofMillis(50);

  private final Vertx vertx = Vertx.vertx();
  private final List<Promise<Outcome>> stuck = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.runOnContext(v -> stuck.forEach(run -> run.tryComplete(Outcome.done(200))));
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Rows in memory, claimed in order: "hang" rows never end, the others end at once. */
  private final class Rows implements QueuePort<String> {
    final Queue<String> due = new ConcurrentLinkedQueue<>();
    final Queue<String> ended = new ConcurrentLinkedQueue<>();
    final AtomicInteger started = new AtomicInteger();

    @Override
    public Future<List<String>> claim(int limit, Duration lease) {
      List<String> claimed = new ArrayList<>();
      for (String row = due.peek(); row != null && claimed.size() < limit; row = due.peek()) {
        claimed.add(due.poll());
      }
      return Future.succeededFuture(claimed);
    }

    @Override
    public Future<Outcome> run(String row) {
      started.incrementAndGet();
      if (row.startsWith("hang")) {
        Promise<Outcome> never = Promise.promise();
        synchronized (stuck) {
          stuck.add(never);
        }
        return never.future();
      }
      ended.add(row);
      return Future.succeededFuture(Outcome.done(200));
    }

    @Override
    public Duration slotTime(String row) {
      // A row to a peer known to hang: no slot at all (as DeliveryWorker gives them).
      return row.startsWith("hang known") ? Duration.ZERO : SLOT_TIME;
    }

    @Override
    public Duration backoff(String row) {
      return null;
    }

    @Override
    public Future<Void> done(String row, Outcome outcome) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> retry(String row, Outcome outcome, Duration delay) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> giveUp(String row, Outcome outcome) {
      return Future.succeededFuture();
    }
  }

  @Test
  void rowsBehindHangingOnesRunOnceTheHangingOnesHaveHadTheirSlotTime() {
    Rows rows = new Rows();
    for (int i = 0; i < 4; i++) {
      rows.due.add("hang " + i);
    }
    for (int i = 0; i < 20; i++) {
      rows.due.add("quick " + i);
    }
    // Two slots, both taken first by rows that never end.
    QueueEngine<String> engine = new QueueEngine<>(vertx, "test", rows, Duration.ofMinutes(1), 2, 16, 0);
    engine.start(Duration.ofMillis(20));

    Eventually.within(Duration.ofSeconds(10), "every quick row has run", () -> rows.ended.size() == 20);
    assertEquals(24, rows.started.get(), "the hanging rows are still running, each once");
  }

  @Test
  void atMostMaxWaitingRowsWaitWithoutASlot() throws Exception {
    Rows rows = new Rows();
    int maxWaiting = 16;
    int hanging = maxWaiting + 1;
    for (int i = 0; i < hanging; i++) {
      rows.due.add("hang " + i);
    }
    rows.due.add("quick behind them");
    QueueEngine<String> engine = new QueueEngine<>(vertx, "test", rows, Duration.ofMinutes(1), 1, maxWaiting, 0);
    engine.start(Duration.ofMillis(20));

    Eventually.within(Duration.ofSeconds(10), "every hanging row has started",
        () -> rows.started.get() == hanging);
    // Sixteen wait without a slot; the seventeenth keeps the one slot, and the quick row waits.
    Thread.sleep(SLOT_TIME.toMillis() * 6);
    assertEquals(hanging, rows.started.get());
    assertTrue(rows.ended.isEmpty(), "the quick row waits for a slot");
  }

  @Test
  void rowsWithNoSlotTimeHoldNoSlotWhileTheyRun() {
    Rows rows = new Rows();
    for (int i = 0; i < 40; i++) {
      rows.due.add("hang known " + i);
    }
    rows.due.add("quick behind them");
    // One slot: forty slot times (2 s) would pass before the quick row ran if each took it.
    QueueEngine<String> engine = new QueueEngine<>(vertx, "test", rows, Duration.ofMinutes(1), 1, 64, 0);
    long started = System.nanoTime();
    engine.start(Duration.ofMillis(20));

    Eventually.within(Duration.ofSeconds(10), "the quick row has run", () -> rows.ended.size() == 1);
    assertTrue(System.nanoTime() - started < SLOT_TIME.toNanos() * 40, "no row held the slot");
    assertEquals(41, rows.started.get());
  }
}
