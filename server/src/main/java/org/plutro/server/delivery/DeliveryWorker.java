package org.plutro.server.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.plutro.federation.delivery.Backoff;
import org.plutro.federation.delivery.DeliveryClient;
import org.plutro.federation.delivery.DeliveryResult;
import org.plutro.server.observe.Metrics;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.queue.Outcome;
import org.plutro.server.queue.QueueEngine;
import org.plutro.server.queue.QueuePort;
import org.plutro.server.store.DeliveryStore;
import org.plutro.server.store.DeliveryStore.Due;

/**
 * The delivery queue's part in the {@link QueueEngine}: sends a claimed delivery signed as its
 * activity's actor, and records the outcome — delivered, retried with growing back-off over days
 * ({@link Backoff}, 17 attempts), or failed. Nothing goes to a domain marked unavailable (failing
 * on seven days), suspended, or (in limited federation mode) no longer allowed. Each outcome is
 * counted ({@link Metrics}). A delivery holds its slot for the slot time at most, and none when its
 * domain left the last one unanswered.
 */
public final class DeliveryWorker implements QueuePort<Due> {
  /** Domains remembered as unanswering: the busiest; one forgotten takes a slot again at first. */
  static final int REMEMBERED_UNANSWERING = 10_000;

  private final DeliveryStore store;
  private final DeliveryClient client;
  private final ActorSigners signers;
  private final Metrics metrics;
  private final DomainBlocks domainBlocks;
  /**
   * A healthy instance answers within milliseconds to a few hundred; one that hangs keeps the
   * connection until the client's time limit (15 s). Past this, a delivery waits for its answer
   * without holding one of the slots the others need.
   */
  private final Duration slotTime;
  // Domains whose last delivery got no answer within its slot time, most likely hanging: the next
  // ones to them start without a slot, so a dead host never holds one. An answer takes it off.
  private final Cache<String, Boolean> unanswering = Caffeine.newBuilder()
      .maximumSize(REMEMBERED_UNANSWERING).expireAfterWrite(Duration.ofHours(1))
      .executor(Runnable::run).build();

  public DeliveryWorker(DeliveryStore store, DeliveryClient client, ActorSigners signers, Metrics metrics,
      DomainBlocks domainBlocks, Duration slotTime) {
    this.store = store;
    this.slotTime = slotTime;
    this.client = client;
    this.signers = signers;
    this.metrics = metrics;
    this.domainBlocks = domainBlocks;
  }

  @Override
  public Future<List<Due>> claim(int limit, Duration lease) {
    return store.claim(limit, lease);
  }

  @Override
  public Future<Outcome> run(Due delivery) {
    return run(delivery, () -> { });
  }

  @Override
  public Future<Outcome> run(Due delivery, Runnable awaitingPeer) {
    if (delivery.unavailable()) {
      return Future.succeededFuture(Outcome.skipped("domain unavailable"));
    }
    if (delivery.suspended()) {
      return Future.succeededFuture(Outcome.skipped("domain suspended"));
    }
    // Queued before the domain left the allowed servers (or by the command line).
    if (!domainBlocks.mayFederate(delivery.domain())) {
      return Future.succeededFuture(Outcome.skipped("domain not allowed"));
    }
    byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
    // From when the request is signed and goes out: the peer's time, not our own CPU's.
    AtomicLong sent = new AtomicLong(System.nanoTime());
    return signers.forAccount(delivery.accountId())
        .compose(signer -> client.deliver(URI.create(delivery.inboxUrl()), body, signer, () -> {
          sent.set(System.nanoTime());
          awaitingPeer.run();
        }))
        // No answer (refused, timed out, unsigned): status 0, worth another try.
        .recover(failure -> Future.succeededFuture(DeliveryResult.retry(0, failure.toString(), null)))
        .map(result -> {
          if (result.status() != 0) {
            unanswering.invalidate(delivery.domain());
          } else if (System.nanoTime() - sent.get() > slotTime.toNanos()) {
            unanswering.put(delivery.domain(), true);
          }
          return result;
        })
        .map(result -> switch (result.outcome()) {
          case DELIVERED -> Outcome.done(result.status());
          case RETRY -> Outcome.retry(result.status(), result.reason(), result.retryAfter());
          case FINAL -> Outcome.fail(result.status(), result.reason());
        });
  }

  @Override
  public Duration slotTime(Due delivery) {
    return unanswering.getIfPresent(delivery.domain()) == null ? slotTime : Duration.ZERO;
  }

  @Override
  public Duration backoff(Due delivery) {
    return delivery.attempts() >= Backoff.maxAttempts() ? null : Backoff.delay(delivery.attempts());
  }

  @Override
  public Future<Void> done(Due delivery, Outcome outcome) {
    metrics.delivery(Metrics.DeliveryOutcome.DELIVERED);
    return store.delivered(delivery.id(), outcome.status());
  }

  @Override
  public Future<Void> retry(Due delivery, Outcome outcome, Duration delay) {
    metrics.delivery(Metrics.DeliveryOutcome.RETRY);
    return store.retry(delivery.id(), outcome.status(), outcome.reason(), delay);
  }

  @Override
  public Future<Void> giveUp(Due delivery, Outcome outcome) {
    return switch (outcome.kind()) {
      case SKIPPED -> {
        metrics.delivery(Metrics.DeliveryOutcome.SKIPPED);
        yield store.failed(delivery.id(), null, outcome.reason());
      }
      // Out of attempts: the last failure counts against the domain, as each before it did.
      case RETRY -> {
        metrics.delivery(Metrics.DeliveryOutcome.FAILED);
        yield store.failed(delivery.id(), outcome.status(), outcome.reason())
            .compose(done -> store.domainFailed(delivery.domain()));
      }
      // A refusal for good says the domain answers: not a failure of the domain.
      default -> {
        metrics.delivery(Metrics.DeliveryOutcome.FAILED);
        yield store.failed(delivery.id(), outcome.status(), outcome.reason());
      }
    };
  }
}
