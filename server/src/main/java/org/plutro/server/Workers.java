package org.plutro.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import org.plutro.server.db.DatabaseAddress;
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

  Workers(Vertx vertx, DatabaseAddress database, JobQueue jobs,
      QueueEngine<DeliveryStore.Due> deliveries, StreamHub streams, OAuthStore oauth,
      Housekeeping housekeeping) {
    this.jobs = jobs;
    this.deliveries = deliveries;
    this.housekeeping = housekeeping;
    subscriber = PgSubscriber.subscriber(vertx, database.connectOptions())
        .reconnectPolicy(retries -> 1000L);
    subscriber.channel(Publisher.CHANNEL).handler(payload -> deliveries.wake());
    // What the streaming API pushes to this process's clients (see StreamHub).
    subscriber.channel(StreamHub.CHANNEL).handler(streams::onEvent);
    // Token checks to forget (see OAuthStore); after a reconnection, announcements may be lost.
    subscriber.channel(OAuthStore.CHANGES).handler(oauth::onChange)
        .subscribeHandler(subscribed -> oauth.forgetAll());
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
