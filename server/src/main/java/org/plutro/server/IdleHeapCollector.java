package org.plutro.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the heap that a burst grew, once the server is idle. The serial collector (the
 * README's) resizes the heap only at a full collection, and a server under steady load hardly
 * ever has one: a burst of 20,000 inbox deliveries left the old generation at 95 MiB committed for
 * 30 MiB live, resident until the process ended. G1 does this by itself (JEP 346's periodic
 * collection); Serial does not.
 *
 * <p>Idle means no collection at all for {@link #QUIET}: the server allocated less than its young
 * generation in that time, which a busy server never does and an instance between a few requests
 * does. Then, if the committed heap grew by {@link #WORTH} or more since the last time it was
 * smallest, it collects (full collections: some tens of milliseconds of one core each with 30 MiB
 * live) and not again until the heap has grown again. The serial collector shrinks in steps
 * ({@code ShrinkHeapInSteps}, on by default): nothing at the first of consecutive full collections
 * that could shrink, a tenth at the second, 40% at the third, all at the fourth; so four in a row
 * when the first shows enough to give back. Turning the steps off instead made every full
 * collection under load shrink the heap at once, and they came more often (inbox benchmark: 7 and
 * 14 for want of room instead of 5 and 5, server JVM CPU per stored activity 0.64 and 0.72 ms
 * instead of 0.65 and 0.60).
 */
final class IdleHeapCollector {
  static final Duration CHECK_EVERY = Duration.ofSeconds(5);
  static final Duration QUIET = Duration.ofSeconds(30);
  /** Less than this to give back is not worth a full collection. */
  static final long WORTH = 16L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(IdleHeapCollector.class);

  /** What the collector sees of the heap and does to it. */
  interface Heap {
    /** Collections so far, young and full. */
    long collections();

    long committedBytes();

    /** Full collections, as many as the JVM needs to shrink the heap as far as it will. */
    void collect();

    static Heap ofThisJvm() {
      return new ThisJvm();
    }
  }

  /** This JVM's heap, through its management beans. */
  private static final class ThisJvm implements Heap {
    private final HotSpotDiagnosticMXBean hotspot =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    /** The serial collector's old generation, the one it shrinks in steps (none under other collectors). */
    private final Optional<MemoryPoolMXBean> tenured = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getName().equals("Tenured Gen")).findFirst();

    @Override
    public long collections() {
      return ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(count -> count > 0).sum();
    }

    @Override
    public long committedBytes() {
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    /**
     * One full collection; then, where the old generation shrinks in steps, three more if the
     * first left {@link #WORTH} or more to give back (what it keeps is what is live over
     * MaxHeapFreeRatio): a heap that start-up grew to its working size costs one, not four.
     */
    @Override
    public void collect() {
      System.gc();
      if (tenured.isPresent() && Boolean.parseBoolean(option("ShrinkHeapInSteps"))) {
        MemoryUsage old = tenured.get().getUsage();
        long kept = old.getUsed() * 100 / (100 - Long.parseLong(option("MaxHeapFreeRatio")));
        for (int i = old.getCommitted() - kept >= WORTH ? 3 : 0; i > 0; i--) {
          System.gc();
        }
      }
    }

    private String option(String name) {
      return hotspot.getVMOption(name).getValue();
    }
  }

  private final Heap heap;
  private long collections;
  private long quietSince;
  private long smallestCommitted;

  IdleHeapCollector(Heap heap, long nowNanos) {
    this.heap = heap;
    this.collections = heap.collections();
    this.quietSince = nowNanos;
    this.smallestCommitted = heap.committedBytes();
  }

  /** Checks every {@link #CHECK_EVERY} on a daemon thread of its own, for the life of the process. */
  static void start() {
    IdleHeapCollector collector = new IdleHeapCollector(Heap.ofThisJvm(), System.nanoTime());
    Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "plutro-idle-heap");
      thread.setDaemon(true);
      return thread;
    }).scheduleWithFixedDelay(() -> collector.check(System.nanoTime()), CHECK_EVERY.toMillis(),
        CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Collects if the server is idle and the heap grew; answers whether it did. */
  boolean check(long nowNanos) {
    long committed = heap.committedBytes();
    smallestCommitted = Math.min(smallestCommitted, committed);
    long count = heap.collections();
    if (count != collections) {
      collections = count;
      quietSince = nowNanos;
      return false;
    }
    if (nowNanos - quietSince < QUIET.toNanos() || committed - smallestCommitted < WORTH) {
      return false;
    }
    heap.collect();
    // Its own collection is not activity: the quiet goes on, and the heap must grow again first.
    collections = heap.collections();
    smallestCommitted = heap.committedBytes();
    LOG.debug("Idle: heap collected, {} -> {} MiB committed", committed >> 20, smallestCommitted >> 20);
    return true;
  }
}
