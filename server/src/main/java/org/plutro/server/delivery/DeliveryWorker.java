package org.plutro.server.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.plutro.server.db.Batcher;
import org.plutro.server.observe.Metrics;
import org.plutro.server.queue.Drain;
import org.plutro.federation.delivery.Backoff;
import org.plutro.federation.delivery.DeliveryClient;
import org.plutro.federation.delivery.DeliveryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued deliveries: claims due ones with {@code FOR UPDATE SKIP LOCKED} and a lease (so two
 * processes never send the same one at once, and a crashed process's deliveries come back), signs
 * each as the activity's actor, and records the outcome — delivered, retried with growing
 * back-off over days, or failed. A domain that keeps failing is marked unavailable and skipped.
 * Each outcome is counted ({@link Metrics}).
 */
public final class DeliveryWorker {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  static final int UNAVAILABLE_AFTER_DAYS = 7;

  private static final String CLAIM = "UPDATE deliveries d"
      + " SET locked_until = now() + make_interval(secs => $1), attempts = d.attempts + 1"
      + " FROM outbound_activities a"
      + " WHERE d.id IN (SELECT id FROM deliveries WHERE state = 'queued' AND next_attempt_at <= now()"
      + " AND (locked_until IS NULL OR locked_until < now()) ORDER BY next_attempt_at, id LIMIT $2"
      + " FOR UPDATE SKIP LOCKED) AND a.id = d.activity_id"
      + " RETURNING d.id, d.inbox_url, d.domain, d.attempts, a.account_id, a.body,"
      + " EXISTS (SELECT 1 FROM instances i WHERE i.domain = d.domain"
      + " AND i.unavailable_since IS NOT NULL) AS unavailable,"
      // Nothing goes to a domain the admins suspended (exactly, or one it is under, on any port
      // when the block names none).
      + " EXISTS (SELECT 1 FROM instance_domain_blocks b WHERE b.severity = 'suspend'"
      + " AND domain_covers(b.domain, d.domain)) AS suspended";
  private static final String RETRY = "UPDATE deliveries SET locked_until = NULL, last_status = $2,"
      + " last_error = $3, next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1";
  private static final String FAILED = "UPDATE deliveries SET state = 'failed', locked_until = NULL,"
      + " last_status = $2, last_error = $3 WHERE id = $1";
  // Deliveries that succeeded together are recorded together, with their domains' success, in
  // one statement and one commit (group commit: a fan-out to thousands of instances would else
  // wait for the disk twice per delivery). A domain's row is written only when that changes
  // something or once a minute, and in domain order, so concurrent batches never deadlock.
  private static final String DELIVERED_MANY = "WITH done AS (UPDATE deliveries d"
      + " SET state = 'delivered', delivered_at = now(), locked_until = NULL, last_status = t.status,"
      + " last_error = NULL FROM unnest($1::bigint[], $2::int[]) AS t (id, status)"
      + " WHERE d.id = t.id RETURNING d.domain)"
      + " INSERT INTO instances AS i (domain, last_success_at)"
      + " SELECT DISTINCT domain, now() FROM done ORDER BY 1"
      + " ON CONFLICT (domain) DO UPDATE SET last_success_at = now(),"
      + " unavailable_since = NULL, failure_days = 0, first_failure_at = NULL, last_failure_day = NULL"
      + " WHERE i.last_success_at IS NULL OR i.last_success_at < now() - interval '1 minute'"
      + " OR i.unavailable_since IS NOT NULL OR i.failure_days > 0";
  private static final int MAX_BATCH = 256;
  private static final int BATCHES_IN_FLIGHT = 2;
  // Counts distinct days of failure; the seventh marks the domain unavailable (as Mastodon does).
  private static final String INSTANCE_FAILURE = "INSERT INTO instances AS i (domain, first_failure_at,"
      + " failure_days, last_failure_day) VALUES ($1, now(), 1, current_date)"
      + " ON CONFLICT (domain) DO UPDATE SET"
      + " first_failure_at = coalesce(i.first_failure_at, now()),"
      + " failure_days = CASE WHEN i.last_failure_day = current_date THEN i.failure_days"
      + " ELSE i.failure_days + 1 END,"
      + " last_failure_day = current_date,"
      + " unavailable_since = CASE WHEN i.unavailable_since IS NOT NULL THEN i.unavailable_since"
      + " WHEN (CASE WHEN i.last_failure_day = current_date THEN i.failure_days"
      + " ELSE i.failure_days + 1 END) >= " + UNAVAILABLE_AFTER_DAYS + " THEN now() END";

  private final Vertx vertx;
  private final io.vertx.core.Context context;
  private final Pool pool;
  private final DeliveryClient client;
  private final ActorSigners signers;
  private final Duration lease;
  private final int concurrency;
  private final Metrics metrics;
  private final java.util.concurrent.atomic.AtomicInteger running =
      new java.util.concurrent.atomic.AtomicInteger();
  /** Outcomes being written (they outlive their slot in {@link #running}). */
  private final java.util.concurrent.atomic.AtomicInteger recording =
      new java.util.concurrent.atomic.AtomicInteger();
  private final io.vertx.core.Context[] senders;
  private int nextSender;
  private boolean polling;
  private boolean pollAgain;
  private long timer = -1;
  private volatile boolean stopped;

  private record Delivered(long id, int status) {}

  private final Batcher<Delivered, Void> delivered =
      new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, this::recordDelivered, one -> recordDelivered(List.of(one))
          .map(done -> null));

  private Future<List<Void>> recordDelivered(List<Delivered> items) {
    Long[] ids = new Long[items.size()];
    Integer[] statuses = new Integer[items.size()];
    for (int i = 0; i < items.size(); i++) {
      ids[i] = items.get(i).id();
      statuses[i] = items.get(i).status();
    }
    return pool.preparedQuery(DELIVERED_MANY).execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(statuses))
        .onFailure(failure -> LOG.warn("Cannot record {} deliveries: {}", items.size(), failure.toString()))
        .map(done -> java.util.Collections.nCopies(items.size(), (Void) null));
  }

  public DeliveryWorker(Vertx vertx, Pool pool, DeliveryClient client, ActorSigners signers,
      Duration lease, int concurrency, Metrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.client = client;
    this.signers = signers;
    this.lease = lease;
    this.concurrency = concurrency;
    this.senders = new io.vertx.core.Context[Math.max(1, Runtime.getRuntime().availableProcessors())];
    for (int i = 0; i < senders.length; i++) {
      senders[i] = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
    }
  }

  public void start(Duration pollInterval) {
    timer = vertx.setPeriodic(pollInterval.toMillis(), id -> wake());
    wake();
  }

  /**
   * Claims no more, and completes once the deliveries under way are sent and recorded, or after
   * {@code grace}: one still unrecorded then is sent again when its lease ends.
   */
  public Future<Void> stop(Duration grace) {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Drain.until(vertx, () -> running.get() + recording.get() == 0, grace);
  }

  /** Claims due deliveries up to the concurrency limit; called on NOTIFY and by the timer. */
  public void wake() {
    if (stopped) {
      return;
    }
    // One context for all polling state, whichever thread calls (callbacks arrive on many).
    context.runOnContext(v -> {
      if (polling) {
        pollAgain = true;
        return;
      }
      int free = concurrency - running.get();
      if (free <= 0) {
        return;
      }
      polling = true;
      pool.preparedQuery(CLAIM).execute(Tuple.of(lease.toSeconds(), free)).onComplete(result -> {
        polling = false;
        if (result.failed()) {
          if (!stopped) {
            LOG.warn("Cannot claim deliveries: {}", result.cause().getMessage());
          }
          return;
        }
        int claimed = 0;
        for (Row row : result.result()) {
          claimed++;
          running.incrementAndGet();
          // Spread over event loops: signing and the connections to thousands of servers would
          // otherwise all run on this one thread, one core.
          senders[Math.floorMod(nextSender++, senders.length)].runOnContext(go ->
              deliver(row).onComplete(done -> {
                running.decrementAndGet();
                wake();
              }));
        }
        if (pollAgain || claimed == free) {
          pollAgain = false;
          wake();
        }
      });
    });
  }

  private Future<Void> deliver(Row row) {
    long id = row.getLong("id");
    String inbox = row.getString("inbox_url");
    String domain = row.getString("domain");
    int attempts = row.getInteger("attempts");
    if (row.getBoolean("unavailable")) {
      metrics.delivery(Metrics.DeliveryOutcome.SKIPPED);
      return pool.preparedQuery(FAILED).execute(Tuple.of(id, null, "domain unavailable")).mapEmpty();
    }
    if (row.getBoolean("suspended")) {
      metrics.delivery(Metrics.DeliveryOutcome.SKIPPED);
      return pool.preparedQuery(FAILED).execute(Tuple.of(id, null, "domain suspended")).mapEmpty();
    }
    byte[] body = row.getString("body").getBytes(StandardCharsets.UTF_8);
    Future<DeliveryResult> sent = signers.forAccount(row.getLong("account_id"))
        .compose(signer -> client.deliver(URI.create(inbox), body, signer))
        .recover(failure -> Future.succeededFuture(DeliveryResult.retry(0, failure.toString(), null)));
    // The slot is free once the exchange is over: the outcome is written meanwhile (successes in
    // groups), and the lease keeps the row from being claimed again until it is.
    sent.compose(result -> {
          recording.incrementAndGet();
          return record(id, domain, attempts, result).onComplete(done -> recording.decrementAndGet());
        })
        .onFailure(failure -> LOG.warn("Cannot record delivery {}: {}", id, failure.toString()));
    return sent.mapEmpty();
  }

  private Future<Void> record(long id, String domain, int attempts, DeliveryResult result) {
    return switch (result.outcome()) {
      case DELIVERED -> {
        metrics.delivery(Metrics.DeliveryOutcome.DELIVERED);
        yield delivered.submit(new Delivered(id, result.status()));
      }
      case FINAL -> {
        metrics.delivery(Metrics.DeliveryOutcome.FAILED);
        yield pool.preparedQuery(FAILED).execute(Tuple.of(id, result.status(), result.reason()))
            .mapEmpty();
      }
      case RETRY -> {
        Future<?> update;
        if (attempts >= Backoff.maxAttempts()) {
          metrics.delivery(Metrics.DeliveryOutcome.FAILED);
          update = pool.preparedQuery(FAILED).execute(Tuple.of(id, result.status(), result.reason()));
        } else {
          metrics.delivery(Metrics.DeliveryOutcome.RETRY);
          Duration delay = result.retryAfter() != null && result.retryAfter().compareTo(Backoff.delay(attempts)) > 0
              ? result.retryAfter() : Backoff.delay(attempts);
          update = pool.preparedQuery(RETRY).execute(Tuple.of(id, result.status(), result.reason(),
              delay.toMillis() / 1000.0));
        }
        yield update.compose(done -> pool.preparedQuery(INSTANCE_FAILURE).execute(Tuple.of(domain)))
            .mapEmpty();
      }
    };
  }
}
