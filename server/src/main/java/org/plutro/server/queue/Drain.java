package org.plutro.server.queue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, on timers rather than a blocked thread, until the work under way is over or time is up. */
public final class Drain {
  private static final long CHECK_MS = 20;

  private Drain() {}

  /** Completes when {@code over} holds, or after {@code grace} whatever it says. */
  public static Future<Void> until(Vertx vertx, BooleanSupplier over, Duration grace) {
    Promise<Void> drained = Promise.promise();
    check(vertx, over, System.nanoTime() + grace.toNanos(), drained);
    return drained.future();
  }

  private static void check(Vertx vertx, BooleanSupplier over, long deadline, Promise<Void> drained) {
    if (over.getAsBoolean() || System.nanoTime() >= deadline) {
      drained.complete();
    } else {
      vertx.setTimer(CHECK_MS, id -> check(vertx, over, deadline, drained));
    }
  }
}
