package org.plutro.server.cli;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** A command waits for the database's answer: a minute at most. */
final class Await {
  private Await() {}

  static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
