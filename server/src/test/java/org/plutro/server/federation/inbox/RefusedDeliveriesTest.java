package org.plutro.server.federation.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Refused deliveries are logged, but a retrying peer or a flood does not fill the log. */
class RefusedDeliveriesTest {
  private final List<String> lines = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000);
  private final RefusedDeliveries refusals = new RefusedDeliveries(lines::add, now::get);

  @Test
  void oneLinePerKeyAndReasonAMinuteCountingTheOthers() {
    refusals.refused("https://g.example/users/a/main-key", "cannot get the key");
    refusals.refused("https://g.example/users/a/main-key", "cannot get the key");
    refusals.refused("https://g.example/users/a/main-key", "cannot get the key");
    refusals.refused("https://g.example/users/a/main-key", "signature does not verify");
    refusals.refused("https://g.example/users/b/main-key", "cannot get the key");
    assertEquals(3, lines.size(), String.join("\n", lines));
    assertEquals("Refused a delivery signed with key https://g.example/users/a/main-key:"
        + " cannot get the key", lines.get(0));

    now.addAndGet(RefusedDeliveries.QUIET_NANOS);
    refusals.refused("https://g.example/users/a/main-key", "cannot get the key");
    assertEquals(4, lines.size());
    assertTrue(lines.get(3).endsWith("(and 2 more like it since the last such line)"), lines.get(3));
  }

  @Test
  void aFloodOfDistinctKeysIsCappedPerMinute() {
    for (int i = 0; i < 500; i++) {
      refusals.refused("https://x.example/keys/" + i, "cannot get the key");
    }
    assertEquals(RefusedDeliveries.LINES_PER_MINUTE, lines.size());
    now.addAndGet(RefusedDeliveries.QUIET_NANOS);
    refusals.refused("https://x.example/keys/new", "cannot get the key");
    assertTrue(lines.get(lines.size() - 1).endsWith("(440 other refusals went unlogged in the last minute)"),
        lines.get(lines.size() - 1));
  }

  @Test
  void untrustedTextIsOneShortPrintableLine() {
    refusals.refused("https://x.example/k\r\nFAKE LOG LINE", "x".repeat(500));
    assertEquals(1, lines.size());
    assertTrue(!lines.get(0).contains("\n") && !lines.get(0).contains("\r"), lines.get(0));
    assertTrue(lines.get(0).length() < 300, lines.get(0));
  }

  @Test
  void theKeyIdIsFoundInAnUnparsableSignature() {
    assertEquals("https://g.example/users/a/main-key", RefusedDeliveries.keyIdIn(MultiMap
        .caseInsensitiveMultiMap().add("Signature", "keyId=\"https://g.example/users/a/main-key\",x")));
    assertEquals("https://f.example/u#k", RefusedDeliveries.keyIdIn(MultiMap.caseInsensitiveMultiMap()
        .add("Signature-Input", "sig1=(\"@method\");keyid=\"https://f.example/u#k\"")));
    assertEquals("(none)", RefusedDeliveries.keyIdIn(MultiMap.caseInsensitiveMultiMap()));
  }
}
