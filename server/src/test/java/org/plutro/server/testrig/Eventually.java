package org.plutro.server.testrig;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something that happens asynchronously (a delivery, a queued job). */
public final class Eventually {
  private Eventually() {}

  /** The first pause between two looks; it doubles up to {@link #LONGEST_PAUSE_MS}. */
  private static final long FIRST_PAUSE_MS = 5;
  private static final long LONGEST_PAUSE_MS = 50;

  public static void within(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // Most waits end within a few milliseconds (a job, a delivery over loopback): look again soon,
    // then less often, so that long waits do not keep the server busy answering.
    long pause = FIRST_PAUSE_MS;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(pause);
        pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
    if (!condition.getAsBoolean()) {
      throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
    }
  }

  public static void within10s(String what, BooleanSupplier condition) {
    within(Duration.ofSeconds(10), what, condition);
  }

  /** The first non-null value {@code supplier} gives within 10 s. */
  public static <T> T value(String what, Supplier<T> supplier) {
    AtomicReference<T> found = new AtomicReference<>();
    within10s(what, () -> {
      found.set(supplier.get());
      return found.get() != null;
    });
    return found.get();
  }
}
