package org.plutro.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;

/** Prometheus scrapes a private address and sees requests, activities, deliveries and queues. */
class MetricsTest {
  /** The value of the series {@code series} (name and labels, as printed), or -1. */
  private static double value(String scrape, String series) {
    Matcher found = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
    return found.find() ? Double.parseDouble(found.group(1)) : -1;
  }

  @Test
  void theMetricsAddressCountsWhatHappenedAndThePublicPortServesNoMetrics() {
    int metricsPort = TestInstance.freePort();
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_METRICS_ADDRESS", "127.0.0.1:" + metricsPort));
         FakeRemote remote = new FakeRemote()) {
      TestInstance metrics = TestInstance.attachHttp("http://127.0.0.1:" + metricsPort);
      TestInstance.Member poster = plutro.register("poster");
      FakeRemote.Actor listener = remote.actor("listener");
      JsonObject follow = new JsonObject().put("id", listener.uri() + "/follows/" + UUID.randomUUID())
          .put("type", "Follow").put("actor", listener.uri()).put("object", poster.actorUri());
      assertEquals(202, SignedPost.post(plutro, "/users/poster/inbox", listener.signer(),
          follow.encode()).status());
      // The inbox answers before it acts: the post goes to the listener only once the follow is in.
      Eventually.within10s("the follow is taken in", () -> plutro.get("/api/v1/accounts/" + poster.id())
          .json().getLong("followers_count") == 1L);
      assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "counted"),
          "Authorization", "Bearer " + poster.token()).status());
      Eventually.within10s("the post reaches the follower", () -> remote.received().stream()
          .anyMatch(r -> r.json().getString("type").equals("Create")));

      // The Accept and the Create.
      Eventually.within10s("both deliveries counted", () -> value(metrics.get("/metrics").body(),
          "plutro_deliveries_total{outcome=\"delivered\"}") == 2);
      Reply scrape = metrics.get("/metrics");
      assertEquals(200, scrape.status());
      assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      String text = scrape.body();
      assertEquals(0, value(text, "plutro_deliveries_total{outcome=\"retry\"}"), "all outcomes shown from the start");
      assertEquals(1, value(text, "plutro_inbox_activities_total{outcome=\"queued\",type=\"Follow\"}"), text);
      assertEquals(1, value(text,
          "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/statuses\",status=\"200\"}"), text);
      assertEquals(1, value(text,
          "http_server_requests_seconds_count{method=\"POST\",route=\"/users/:username/inbox\",status=\"202\"}"), text);
      assertFalse(text.contains("route=\"/users/poster"), "route patterns, never paths");
      for (String gauge : new String[] {"plutro_delivery_queue_pending", "plutro_delivery_queue_due",
          "plutro_delivery_queue_retrying", "plutro_delivery_queue_oldest_due_seconds",
          "plutro_delivery_domains_unavailable", "plutro_job_queue_pending",
          "plutro_job_queue_oldest_due_seconds"}) {
        assertTrue(value(text, gauge) >= 0, gauge + " in\n" + text);
      }
      assertTrue(value(text, "vertx_pool_in_use{pool_name=\"plutro\",pool_type=\"sql\"}") >= 0, "database pool");
      assertTrue(text.contains("jvm_memory_used_bytes{"), "JVM memory");
      assertTrue(text.contains("jvm_threads_live_threads "), "JVM threads");
      assertTrue(text.contains("jvm_gc_"), "JVM GC");

      // A peer that fails: the attempt is counted, and the queue gauges read it from PostgreSQL.
      remote.inboxAnswers(503);
      plutro.postForm("/api/v1/statuses", Map.of("status", "to retry"), "Authorization", "Bearer " + poster.token());
      Eventually.within10s("a retry counted and queued", () -> {
        String now = metrics.get("/metrics").body();
        return value(now, "plutro_deliveries_total{outcome=\"retry\"}") == 1
            && value(now, "plutro_delivery_queue_retrying") == 1
            && value(now, "plutro_delivery_queue_pending") == 1;
      });

      assertEquals(404, plutro.get("/metrics").status(), "the public port never serves metrics");
      assertEquals(404, metrics.get("/api/v1/instance").status(), "the metrics port serves nothing else");
      String after = metrics.get("/metrics").body();
      assertEquals(1, value(after,
          "http_server_requests_seconds_count{method=\"GET\",route=\"(unmatched)\",status=\"404\"}"), after);
      assertFalse(after.contains("route=\"/metrics\""), "scrapes are not counted as requests");
    }
  }
}
