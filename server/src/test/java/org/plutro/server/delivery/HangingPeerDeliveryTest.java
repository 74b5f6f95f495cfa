package org.plutro.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.TestInstance;

/**
 * A server that takes deliveries and never answers does not hold up the others: with one delivery
 * slot, a healthy server queued behind a hanging one still gets its activity well within the
 * client's 15 s limit, whether the hanging server's deliveries are retries due long ago or a first
 * attempt queued just before.
 */
class HangingPeerDeliveryTest {
  private static final Duration WELL_WITHIN_THE_CLIENT_LIMIT = Duration.ofSeconds(6);

  @Test
  void retriesToAHangingServerDoNotGoAheadOfAFirstDelivery() {
    // One slot, and no waiting without it: a hanging delivery claimed first would keep the slot
    // until the client gives up (15 s).
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_FEDERATION_ALLOW_PRIVATE", "true",
            "PLUTRO_DELIVERY_CONCURRENCY", "1", "PLUTRO_DELIVERY_MAX_WAITING", "0"));
         FakeRemote hanging = new FakeRemote(); FakeRemote healthy = new FakeRemote()) {
      hanging.hangInbox(true);
      String activity = queueActivity(plutro, "retries-first");
      queue(plutro, activity, hanging, 5, 1);
      queue(plutro, activity, healthy, 1, 0);
      // The retries have been due for a minute; the first attempt since now.
      release(plutro, "CASE WHEN attempts > 0 THEN now() - interval '1 minute' ELSE now() END");

      long started = System.nanoTime();
      Eventually.within(WELL_WITHIN_THE_CLIENT_LIMIT, "the healthy server has it",
          () -> healthy.received().size() == 1);
      assertEquals(1, plutro.count("SELECT count(*) FROM deliveries WHERE domain = $1 AND attempts = 1",
          healthy.authority()), "claimed once, before the retries ("
          + (System.nanoTime() - started) / 1_000_000 + " ms)");
    }
  }

  @Test
  void aHangingServerHoldsTheOnlySlotForTheSlotTimeOnly() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_FEDERATION_ALLOW_PRIVATE", "true",
            "PLUTRO_DELIVERY_CONCURRENCY", "1", "PLUTRO_DELIVERY_SLOT_MILLIS", "300"));
         FakeRemote hanging = new FakeRemote(); FakeRemote healthy = new FakeRemote()) {
      hanging.hangInbox(true);
      String activity = queueActivity(plutro, "slot-time");
      queue(plutro, activity, hanging, 3, 0);
      queue(plutro, activity, healthy, 1, 0);
      // The hanging server's first, in claim order.
      release(plutro, "CASE WHEN domain = '" + hanging.authority() + "' THEN now() - interval '1 second'"
          + " ELSE now() END");

      Eventually.within(WELL_WITHIN_THE_CLIENT_LIMIT, "the healthy server has it",
          () -> healthy.received().size() == 1);
      assertEquals(3, plutro.count("SELECT count(*) FROM deliveries WHERE domain = $1 AND attempts = 1"
          + " AND state = 'queued'", hanging.authority()), "the hanging ones are still waiting for an answer");
    }
  }

  /** An activity of a new member's, to be delivered; its id. */
  private static String queueActivity(TestInstance plutro, String name) {
    TestInstance.Member poster = plutro.register("poster");
    String uri = plutro.base() + "/activities/" + name;
    plutro.sql("INSERT INTO outbound_activities (uri, account_id, body) VALUES ($1, $2, $3)", uri,
        Long.parseLong(poster.id()), new JsonObject().put("id", uri).put("type", "Create")
            .put("actor", poster.actorUri()).encode());
    return uri;
  }

  /** {@code count} deliveries to {@code remote}'s inboxes, held back an hour until released. */
  private static void queue(TestInstance plutro, String activity, FakeRemote remote, int count,
      int attempts) {
    plutro.sql("INSERT INTO deliveries (activity_id, inbox_url, domain, attempts, next_attempt_at)"
        + " SELECT (SELECT id FROM outbound_activities WHERE uri = $1), $2 || '/users/f' || n || '/inbox',"
        + " $3, $4, now() + interval '1 hour' FROM generate_series(1, $5) n",
        activity, remote.base(), remote.authority(), attempts, count);
  }

  /** Makes every delivery due at once (at the times given), and wakes the queue. */
  private static void release(TestInstance plutro, String dueAt) {
    plutro.sql("UPDATE deliveries SET next_attempt_at = " + dueAt);
    plutro.sql("SELECT pg_notify('plutro_deliveries', '')");
  }
}
