package org.plutro.server;

import io.vertx.core.Future;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import org.plutro.federation.delivery.DeliveryClient;
import org.plutro.server.db.DatabaseAddress;
import org.plutro.server.delivery.DeliveryWorker;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.queue.JobQueue;
import org.plutro.server.queue.QueueEngine;
import org.plutro.server.store.DeliveryStore;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.http.streaming.StreamHub;

/**
 * The background work of one process: the job queue (incoming activities) and the delivery queue.
 * The process that queues work wakes its worker at once; NOTIFY (once per published activity)
 * wakes every process's delivery worker; a timer catches retries that come due and work queued
 * by other processes. {@link Housekeeping} prunes what is kept only for a while. The same
 * subscription brings the streaming API's events and the token checks to forget.
 */
final class Workers {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final JobQueue jobs;
  private final QueueEngine<DeliveryStore.Due> deliveries;
  private final PgSubscriber subscriber;
  private final Housekeeping housekeeping;

  Workers(AppContext app, DatabaseAddress database, DeliveryClient deliveryClient) {
    Duration lease = Duration.ofSeconds(app.settings().queueLeaseSeconds());
    jobs = app.jobs();
    DeliveryWorker sender = new DeliveryWorker(new DeliveryStore(app.pool()), deliveryClient,
        app.signers(), app.metrics());
    // Spread over event loops: signing and the connections to thousands of servers would
    // otherwise all run on one thread, one core.
    deliveries = new QueueEngine<>(app.vertx(), "deliveries", sender, lease,
        app.settings().deliveryConcurrency(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    subscriber = PgSubscriber.subscriber(app.vertx(), database.connectOptions())
        .reconnectPolicy(retries -> 1000L);
    subscriber.channel(Publisher.CHANNEL).handler(payload -> deliveries.wake());
    // What the streaming API pushes to this process's clients (see StreamHub).
    subscriber.channel(StreamHub.CHANNEL).handler(app.streams()::onEvent);
    // Token checks to forget (see OAuthStore); after a reconnection, announcements may be lost.
    subscriber.channel(OAuthStore.CHANGES).handler(app.oauth()::onChange)
        .subscribeHandler(subscribed -> app.oauth().forgetAll());
    housekeeping = new Housekeeping(app.vertx(), app.pool(), app.settings().ipRetentionDays());
  }

  Future<Void> start() {
    return subscriber.connect().onComplete(connected -> {
      jobs.start(POLL);
      deliveries.start(POLL);
      housekeeping.start();
    });
  }

  /** Stops claiming work, and completes when what was under way has ended or had {@code grace}. */
  Future<Void> stop(Duration grace) {
    housekeeping.stop();
    return Future.join(jobs.stop(grace), deliveries.stop(grace)).<Void>mapEmpty()
        .onComplete(stopped -> subscriber.close());
  }
}
