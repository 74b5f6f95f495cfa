package org.plutro.server.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.plutro.server.store.QueueStore;

/**
 * Plutro's own meters: HTTP requests by route pattern and status, inbox activities by type and
 * outcome, deliveries by outcome, and the queues' depth as last read from PostgreSQL. Every label
 * takes a bounded set of values: route patterns (never paths), activity types we handle (others
 * are "other"), outcomes. Without a registry (no {@code PLUTRO_METRICS_ADDRESS}) every call does
 * nothing.
 */
public final class Metrics {
  /** What became of one delivery attempt; "skipped" is a domain unavailable or suspended. */
  public enum DeliveryOutcome { DELIVERED, RETRY, FAILED, SKIPPED }

  private static final Metrics NONE = new Metrics(null);
  private static final QueueStore.Depth EMPTY = new QueueStore.Depth(0, 0, 0, 0, 0, 0, 0, 0, 0);
  // Buckets for latency objectives, kept few: there is a set of them per route and status.
  private static final Duration[] HTTP_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25),
      Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2)};

  private final MeterRegistry registry;
  private final Map<HttpKey, Timer> http = new ConcurrentHashMap<>();
  private final Map<InboxKey, Counter> inbox = new ConcurrentHashMap<>();
  private final Map<DeliveryOutcome, Counter> deliveries = new ConcurrentHashMap<>();
  private volatile QueueStore.Depth depth = EMPTY;

  private record HttpKey(String method, String route, int status) {}

  private record InboxKey(String type, String outcome) {}

  Metrics(MeterRegistry registry) {
    this.registry = registry;
    if (registry != null) {
      for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
        deliveries.put(outcome, Counter.builder("plutro.deliveries")
            .description("Delivery attempts to other servers' inboxes, by outcome")
            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
      }
      gauge("plutro.delivery.queue.pending", null, "Deliveries waiting: due, in flight or retrying later",
          QueueStore.Depth::deliveriesPending);
      gauge("plutro.delivery.queue.due", null, "Deliveries due and not yet claimed by a worker",
          QueueStore.Depth::deliveriesDue);
      gauge("plutro.delivery.queue.in.flight", null, "Deliveries claimed by a worker",
          QueueStore.Depth::deliveriesInFlight);
      gauge("plutro.delivery.queue.retrying", null, "Deliveries waiting after a failed attempt",
          QueueStore.Depth::deliveriesRetrying);
      gauge("plutro.delivery.queue.oldest.due", "seconds",
          "How long the oldest due delivery has waited for a worker", QueueStore.Depth::deliveriesOldestDueSeconds);
      gauge("plutro.delivery.domains.unavailable", null, "Domains skipped for delivery (failures on 7 days)",
          QueueStore.Depth::unavailableDomains);
      gauge("plutro.job.queue.pending", null, "Jobs waiting: due, running or retrying later",
          QueueStore.Depth::jobsPending);
      gauge("plutro.job.queue.due", null, "Jobs due and not yet claimed by a worker",
          QueueStore.Depth::jobsDue);
      gauge("plutro.job.queue.oldest.due", "seconds", "How long the oldest due job has waited for a worker",
          QueueStore.Depth::jobsOldestDueSeconds);
    }
  }

  /** Meters that do nothing. */
  public static Metrics none() {
    return NONE;
  }

  public boolean enabled() {
    return registry != null;
  }

  private void gauge(String name, String unit, String description, ToDoubleFunction<QueueStore.Depth> read) {
    Gauge.builder(name, this, metrics -> read.applyAsDouble(metrics.depth))
        .description(description + " (one database: every process reports the same)")
        .baseUnit(unit).strongReference(true).register(registry);
  }

  /** One HTTP request to the public port, answered (or abandoned: status 0). */
  public void httpRequest(String method, String route, int status, long nanos) {
    if (registry == null) {
      return;
    }
    http.computeIfAbsent(new HttpKey(method, route, status), key -> Timer.builder("http.server.requests")
            .description("HTTP requests to the public port, by route pattern and status")
            .tags("method", key.method(), "route", key.route(), "status", Integer.toString(key.status()))
            .serviceLevelObjectives(HTTP_BUCKETS)
            .register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /**
   * One activity an inbox received. {@code type} must already be bounded (a type we handle, or
   * "other"); {@code outcome} is one of a fixed set.
   */
  public void inboxActivity(String type, String outcome) {
    if (registry == null) {
      return;
    }
    inbox.computeIfAbsent(new InboxKey(type, outcome), key -> Counter.builder("plutro.inbox.activities")
            .description("Activities received by the inboxes, by type and outcome")
            .tags("type", key.type(), "outcome", key.outcome()).register(registry))
        .increment();
  }

  public void delivery(DeliveryOutcome outcome) {
    if (registry != null) {
      deliveries.get(outcome).increment();
    }
  }

  /** The queues as just read from PostgreSQL (at each scrape). */
  public void queueDepth(QueueStore.Depth latest) {
    depth = latest;
  }
}
