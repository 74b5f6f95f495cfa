package org.plutro.server.queue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one durable queue engine, shared by every server process on the database. It claims due
 * rows with {@code FOR UPDATE SKIP LOCKED} under a lease (a row whose process died is claimed
 * again when its lease ends), runs at most {@code concurrency} at once, retries failures after the
 * port's back-off, and on stop claims no more and gives the work under way a grace period. It
 * claims on {@link #wake()}: from the process that queued the work, on NOTIFY, and from a timer
 * that catches retries coming due and work queued by other processes. What differs between queues
 * is the {@link QueuePort}.
 *
 * @param <T> a claimed row
 */
public final class QueueEngine<T> {
  private static final Logger LOG = LoggerFactory.getLogger(QueueEngine.class);

  private final Vertx vertx;
  // One context for all claiming state, whichever thread calls (callbacks arrive on many).
  private final Context context;
  private final String name;
  private final QueuePort<T> port;
  private final Duration lease;
  private final int concurrency;
  private final int maxWaiting;
  private final int spreadOver;
  /** Rows being run: the slots taken. */
  private final AtomicInteger running = new AtomicInteger();
  /** Rows still running after their slot time, without a slot. */
  private final AtomicInteger waiting = new AtomicInteger();
  /** Claims, runs and the writing of outcomes under way (outcomes outlive their slot): what stop waits for. */
  private final AtomicInteger busy = new AtomicInteger();
  private final Promise<Void> idle = Promise.promise();
  private Future<EventLoops> loops = Future.succeededFuture(null);
  private boolean polling;
  private boolean pollAgain;
  /**
   * While rows are waiting to be claimed, slots freed are claimed for this many at a time, not
   * one by one: each claim is a commit (a closure's thousands of deliveries made one per few).
   */
  private final int claimBatch;
  // Set when a claim was skipped for lack of free slots: the run that frees enough claims again.
  private volatile boolean starved;
  private volatile boolean stopped;
  private long timer = -1;

  /**
   * @param name what the rows are, for the log ("jobs", "deliveries")
   * @param concurrency rows run at once, each holding a slot (until its slot time, if it has one)
   * @param maxWaiting runs past their slot time that may go on without a slot, in all (see
   *     QueuePort#slotTime); one more keeps its slot until it ends
   * @param spreadOver event loops to run claimed rows on (CPU work such as signing would otherwise
   *     all run on one); 0 runs them where they were claimed
   */
  public QueueEngine(Vertx vertx, String name, QueuePort<T> port, Duration lease, int concurrency,
      int maxWaiting, int spreadOver) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.name = name;
    this.port = port;
    this.lease = lease;
    this.concurrency = concurrency;
    this.maxWaiting = maxWaiting;
    this.spreadOver = spreadOver;
    this.claimBatch = Math.max(1, concurrency / 8);
  }

  public Duration lease() {
    return lease;
  }

  /** Starts claiming now and every {@code pollInterval}. */
  public void start(Duration pollInterval) {
    if (spreadOver > 0) {
      // Until the event loops are there, rows run where they are claimed.
      loops = EventLoops.take(vertx, spreadOver)
          .onFailure(failure -> LOG.warn("Cannot spread {} over event loops: {}", name, failure.toString()));
    }
    timer = vertx.setPeriodic(pollInterval.toMillis(), id -> wake());
    wake();
  }

  /**
   * Claims no more, and completes once the claims, runs and outcomes under way are over, or after
   * {@code grace}: a row still running then is run again when its lease ends.
   */
  public Future<Void> stop(Duration grace) {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    long graceTimer = vertx.setTimer(Math.max(1, grace.toMillis()), id -> idle.tryComplete());
    if (busy.get() == 0) {
      idle.tryComplete();
    }
    return idle.future()
        .compose(drained -> {
          vertx.cancelTimer(graceTimer);
          return port.stopped();
        })
        .eventually(() -> loops.compose(taken -> taken == null ? Future.succeededFuture() : taken.release())
            .otherwiseEmpty());
  }

  /**
   * Runs a row that the caller inserted already leased to this process, on the caller's thread,
   * without claiming it; if the process dies first, the lease ends and another process runs it.
   */
  public void runClaimed(T row) {
    if (stopped) {
      return;
    }
    running.incrementAndGet();
    busy.incrementAndGet();
    run(row);
  }

  /** Claims and runs due rows up to the concurrency limit. */
  public void wake() {
    claimWhenFree(1);
  }

  /** Claims once at least {@code atLeast} slots are free (else when a run frees enough). */
  private void claimWhenFree(int atLeast) {
    if (!stopped) {
      context.runOnContext(v -> claim(atLeast));
    }
  }

  /** Runs on {@link #context}: no races on the claiming state. */
  private void claim(int atLeast) {
    if (stopped) {
      return;
    }
    if (polling) {
      // A wake-up (new work, the timer) claims again after this claim; freed slots wait for
      // this claim's end (a full one claims the next batch).
      pollAgain |= atLeast == 1;
      return;
    }
    int free = concurrency - running.get();
    if (free < atLeast) {
      starved = true;
      // A run that ended before the flag was up did not see it: look again.
      free = concurrency - running.get();
      if (free < atLeast) {
        return;
      }
    }
    starved = false;
    polling = true;
    busy.incrementAndGet();
    int asked = free;
    Future<List<T>> claimed;
    try {
      claimed = port.claim(asked, lease);
    } catch (RuntimeException e) {
      claimed = Future.failedFuture(e);
    }
    claimed.onComplete(result -> {
      polling = false;
      if (result.failed()) {
        if (!stopped) {
          LOG.warn("Cannot claim {}: {}", name, result.cause().getMessage());
        }
      } else {
        for (T row : result.result()) {
          dispatch(row);
        }
        if (pollAgain) {
          pollAgain = false;
          wake();
        } else if (result.result().size() == asked) {
          // More are due: claimed as slots free up, a batch at a time.
          claimWhenFree(claimBatch);
        }
      }
      // Rows claimed while stopping are run, within the grace, rather than left leased.
      release();
    });
  }

  private void dispatch(T row) {
    running.incrementAndGet();
    busy.incrementAndGet();
    EventLoops spread = loops.result();
    if (spread == null) {
      run(row);
    } else {
      spread.next().runOnContext(v -> run(row));
    }
  }

  private void run(T row) {
    AtomicBoolean holdsSlot = new AtomicBoolean(true);
    Duration slotTime = port.slotTime(row);
    // Set once the row awaits its peer; -1 before, and for good without a slot time.
    AtomicLong slotTimer = new AtomicLong(-1);
    Runnable awaitingPeer = () -> {
      if (slotTime != null && slotTimer.get() == -1) {
        slotTimer.set(vertx.setTimer(Math.max(1, slotTime.toMillis()), id -> letGoOfSlot(holdsSlot)));
      }
    };
    Future<Outcome> work;
    try {
      work = port.run(row, awaitingPeer);
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    work.otherwise(failure -> Outcome.retry(null, String.valueOf(failure), null))
        .onComplete(ended -> {
          // A timer that fires after all the same finds the slot given back already.
          if (slotTimer.get() >= 0) {
            vertx.cancelTimer(slotTimer.get());
          }
          // The slot is free once the run is over; the outcome is written meanwhile, and the
          // lease keeps the row from being claimed again until it is.
          record(row, ended.result()).onComplete(recorded -> {
            if (recorded.failed()) {
              LOG.warn("Cannot record one of the {}: {}", name, recorded.cause().toString());
            }
            release();
          });
          if (holdsSlot.compareAndSet(true, false)) {
            running.decrementAndGet();
          } else {
            waiting.decrementAndGet();
          }
          wakeIfStarved();
        });
  }

  /** A run past its slot time waits for its end without a slot, if not too many do already. */
  private void letGoOfSlot(AtomicBoolean holdsSlot) {
    if (waiting.incrementAndGet() > maxWaiting
        || !holdsSlot.compareAndSet(true, false)) {
      waiting.decrementAndGet();
      return;
    }
    running.decrementAndGet();
    wakeIfStarved();
  }

  /** After a slot was freed: claims again if a claim waits for slots and a batch is free. */
  private void wakeIfStarved() {
    if (starved && concurrency - running.get() >= claimBatch) {
      claimWhenFree(claimBatch);
    }
  }

  private Future<Void> record(T row, Outcome outcome) {
    try {
      return switch (outcome.kind()) {
        case DONE -> port.done(row, outcome);
        case FINAL, SKIPPED -> port.giveUp(row, outcome);
        case RETRY -> {
          Duration delay = port.backoff(row);
          if (delay == null) {
            yield port.giveUp(row, outcome);
          }
          // The other side may ask for a longer wait (Retry-After), never a shorter one.
          if (outcome.retryAfter() != null && outcome.retryAfter().compareTo(delay) > 0) {
            delay = outcome.retryAfter();
          }
          yield port.retry(row, outcome, delay);
        }
      };
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void release() {
    if (busy.decrementAndGet() == 0 && stopped) {
      idle.tryComplete();
    }
  }
}
