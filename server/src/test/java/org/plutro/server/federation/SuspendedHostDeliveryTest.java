package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * A suspension of a bare host stops deliveries to that host on every port, as it stops its inbox:
 * none is even queued.
 */
class SuspendedHostDeliveryTest {
  @Test
  void aHostSuspendedWithoutAPortGetsNoDeliveryOnAnyPort() {
    try (TestInstance plutro = TestInstance.start(); FakeRemote remote = new FakeRemote()) {
      Member nora = plutro.register("nora");
      FakeRemote.Actor fan = remote.actor("fan");
      JsonObject follow = new JsonObject().put("id", fan.uri() + "/follows/" + UUID.randomUUID())
          .put("type", "Follow").put("actor", fan.uri()).put("object", nora.actorUri());
      assertEquals(202, SignedPost.post(plutro, "/users/nora/inbox", fan.signer(), follow.encode()).status());
      Eventually.within10s("the Accept reaches the fan", () -> remote.received().stream()
          .anyMatch(r -> "Accept".equals(r.json().getString("type"))));

      String admin = ReportsTest.adminToken(plutro, "hostadmin");
      assertEquals(200, plutro.postForm("/api/v1/admin/domain_blocks", Map.of("domain", "127.0.0.1",
          "severity", "suspend"), "Authorization", "Bearer " + admin).status());
      int before = remote.received().size();
      long queued = plutro.count("SELECT count(*) FROM deliveries WHERE domain = $1", remote.authority());
      // The suspension ended the follow; a mention of an account we hold still addresses it.
      plutro.postForm("/api/v1/statuses", Map.of("status", "@fan@" + remote.authority() + " hi"),
          "Authorization", "Bearer " + nora.token());
      assertEquals(queued, plutro.count("SELECT count(*) FROM deliveries WHERE domain = $1", remote.authority()),
          "nothing is even queued for it");
      assertEquals(before, remote.received().size(), "nothing reached it");
    }
  }
}
