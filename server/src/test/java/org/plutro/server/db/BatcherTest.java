package org.plutro.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatcherTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void itemsArrivingWhileABatchIsWrittenGoTogetherAndEachGetsItsOwnResult() throws Exception {
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    List<Promise<Void>> holds = new CopyOnWriteArrayList<>();
    Batcher<Integer, String> batcher = new Batcher<>(10, 1, items -> {
      batches.add(List.copyOf(items));
      Promise<Void> hold = Promise.promise();
      holds.add(hold);
      return hold.future().map(v -> items.stream().map(i -> "#" + i).toList());
    }, item -> Future.failedFuture("not expected"));

    Future<String> first = batcher.submit(0);
    waitFor(() -> holds.size() == 1);
    List<Future<String>> rest = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      rest.add(batcher.submit(i));
    }
    Thread.sleep(100);
    assertEquals(1, batches.size(), "nothing else is written while the first batch is");
    holds.get(0).complete();
    assertEquals("#0", await(first));
    for (int round = 1; round <= 3; round++) {
      int expected = round + 1;
      waitFor(() -> holds.size() == expected);
      holds.get(round).complete();
    }
    for (int i = 1; i <= 25; i++) {
      assertEquals("#" + i, await(rest.get(i - 1)));
    }
    assertEquals(List.of(1, 10, 10, 5), batches.stream().map(List::size).toList(),
        "waiting items are written in batches of at most 10");
  }

  @Test
  void aFailedBatchIsWrittenOneByOneSoABadItemFailsAlone() throws Exception {
    Batcher<Integer, Integer> batcher = new Batcher<>(10, 1,
        items -> items.contains(13) ? Future.failedFuture("bad item in batch")
            : Future.succeededFuture(items),
        item -> item == 13 ? Future.failedFuture("thirteen") : Future.succeededFuture(item * 100));
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 10; i < 16; i++) {
      results.add(batcher.submit(i));
    }
    Future.join(results).otherwiseEmpty().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (int i = 10; i < 16; i++) {
      Future<Integer> result = results.get(i - 10);
      if (i == 13) {
        assertTrue(result.failed());
        assertEquals("thirteen", result.cause().getMessage());
      } else {
        assertTrue(result.result() == i || result.result() == i * 100, "item " + i + " written");
      }
    }
  }

  @Test
  void resultsComeBackOnTheCallersEventLoop() throws Exception {
    Batcher<Integer, Integer> batcher = new Batcher<>(10, 2,
        items -> Future.succeededFuture(items), Future::succeededFuture);
    var caller = vertx.getOrCreateContext();
    Promise<Boolean> sameContext = Promise.promise();
    caller.runOnContext(v -> batcher.submit(1)
        .onComplete(done -> sameContext.complete(vertx.getOrCreateContext() == caller)));
    assertTrue(await(sameContext.future()));
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(5);
    }
  }
}
