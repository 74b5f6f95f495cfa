package org.plutro.server.queue;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event loops to spread work over, taken with public APIs only: each instance of a deployed
 * verticle gets an event-loop context of its own, handed out round robin.
 */
final class EventLoops {
  private final Vertx vertx;
  private final String deployment;
  private final List<Context> contexts;
  private final AtomicInteger next = new AtomicInteger();

  private EventLoops(Vertx vertx, String deployment, List<Context> contexts) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.contexts = contexts;
  }

  /** Deploys {@code count} instances of a verticle that does nothing but lend its context. */
  static Future<EventLoops> take(Vertx vertx, int count) {
    List<Context> contexts = new ArrayList<>();
    return vertx.deployVerticle(() -> new VerticleBase() {
          @Override
          public Future<?> start() {
            synchronized (contexts) {
              contexts.add(context);
            }
            return Future.succeededFuture();
          }
        }, new DeploymentOptions().setInstances(count))
        .map(id -> {
          synchronized (contexts) {
            return new EventLoops(vertx, id, List.copyOf(contexts));
          }
        });
  }

  Context next() {
    return contexts.get(Math.floorMod(next.getAndIncrement(), contexts.size()));
  }

  Future<Void> release() {
    return vertx.undeploy(deployment);
  }
}
