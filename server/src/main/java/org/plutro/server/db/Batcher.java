package org.plutro.server.db;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit for a hot single-row write: items submitted while a batch is being written wait
 * and go together in the next one, as one statement and one commit. Every durable commit waits
 * for the disk, so 32 deliveries arriving together cost one flush instead of 32. An idle batcher
 * writes at once: batching adds no latency, it only appears under load.
 *
 * <p>If a batch fails, its items are written one by one, so one bad item fails alone.
 */
public final class Batcher<I, O> {
  /** Writes the items; answers one result per item, in the same order. */
  @FunctionalInterface
  public interface Write<I, O> {
    Future<List<O>> run(List<I> items);
  }

  private record Entry<I, O>(I item, Promise<O> result, Context caller) {}

  private final int maxBatch;
  private final int maxInFlight;
  private final Write<I, O> batch;
  private final Function<I, Future<O>> single;
  // Guarded by this. Callers come from every event loop; a lock costs less than a hop to one.
  private List<Entry<I, O>> pending = new ArrayList<>();
  private int inFlight;

  /**
   * @param maxInFlight batches written at once (a few keep several connections busy)
   * @param single the same write for one item, used when a batch fails
   */
  public Batcher(int maxBatch, int maxInFlight, Write<I, O> batch, Function<I, Future<O>> single) {
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.batch = batch;
    this.single = single;
  }

  public Future<O> submit(I item) {
    Promise<O> result = Promise.promise();
    // Results are handed back on the caller's event loop: what the caller does next stays there.
    synchronized (this) {
      pending.add(new Entry<>(item, result, Vertx.currentContext()));
    }
    flush();
    return result.future();
  }

  /** Writes what is pending, on the calling thread, while fewer than maxInFlight batches are. */
  private void flush() {
    while (true) {
      List<Entry<I, O>> taken;
      synchronized (this) {
        if (pending.isEmpty() || inFlight >= maxInFlight) {
          return;
        }
        if (pending.size() <= maxBatch) {
          taken = pending;
          pending = new ArrayList<>();
        } else {
          taken = new ArrayList<>(pending.subList(0, maxBatch));
          pending.subList(0, maxBatch).clear();
        }
        inFlight++;
      }
      write(taken).onComplete(done -> {
        synchronized (this) {
          inFlight--;
        }
        flush();
      });
    }
  }

  private Future<Void> write(List<Entry<I, O>> entries) {
    List<I> items = new ArrayList<>(entries.size());
    entries.forEach(entry -> items.add(entry.item()));
    Future<List<O>> written;
    try {
      written = batch.run(items);
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    return written.transform(result -> {
      if (result.succeeded() && result.result().size() == entries.size()) {
        for (int i = 0; i < entries.size(); i++) {
          complete(entries.get(i), Future.succeededFuture(result.result().get(i)));
        }
        return Future.succeededFuture();
      }
      // One by one: a bad item (text the database refuses, say) must not fail its neighbours.
      List<Future<O>> each = new ArrayList<>(entries.size());
      for (Entry<I, O> entry : entries) {
        Future<O> one;
        try {
          one = single.apply(entry.item());
        } catch (RuntimeException e) {
          one = Future.failedFuture(e);
        }
        each.add(one.andThen(outcome -> complete(entry, outcome)));
      }
      return Future.join(each).mapEmpty();
    });
  }

  private static <I, O> void complete(Entry<I, O> entry, AsyncResult<O> outcome) {
    if (entry.caller() == null || entry.caller() == Vertx.currentContext()) {
      entry.result().handle(outcome);
    } else {
      entry.caller().runOnContext(v -> entry.result().handle(outcome));
    }
  }
}
