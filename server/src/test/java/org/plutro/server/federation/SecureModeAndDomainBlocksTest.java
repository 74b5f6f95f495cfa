package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * Secure mode on one Plutro (signed GETs only; unsigned actor requests get the key alone) still
 * federating with another; then the first suspends the other's domain: follows end, its
 * deliveries, fetches and signed GETs are refused, and nothing is delivered to it.
 */
class SecureModeAndDomainBlocksTest {
  /** A is in secure mode; B is not. */
  @RegisterExtension static final TwoInstances net =
      new TwoInstances(Map.of("PLUTRO_SECURE_MODE", "true"), Map.of());

  @Test
  void secureModeServesSignedServersAndRefusesTheRestThenASuspensionCutsTheDomainOff() {
    Member alice = net.a().register("alice");
    Member bob = net.b().register("bob");
    JsonObject post = net.a().postForm("/api/v1/statuses", Map.of("status", "signed readers only"),
        "Authorization", "Bearer " + alice.token()).json();
    String path = post.getString("uri").substring(net.a().base().length());

    // Unsigned: the note is refused, the actor is the key alone, pages and WebFinger stay open.
    assertEquals(401, net.a().get(path, "Accept", "application/activity+json").status());
    assertEquals(401, net.a().get("/users/alice/outbox", "Accept", "application/activity+json").status());
    JsonObject actor = net.a().get("/users/alice", "Accept", "application/activity+json").json();
    assertTrue(actor.containsKey("publicKey") && actor.containsKey("inbox"), actor.encode());
    assertFalse(actor.containsKey("name") || actor.containsKey("summary") || actor.containsKey("attachment"));
    // A browser at the note's id is sent on to its page, which is open.
    Reply browser = net.a().get(path, "Accept", "text/html");
    assertEquals(302, browser.status());
    assertEquals(post.getString("url"), browser.header("Location"));
    assertEquals(200, net.a().get(post.getString("url").substring(net.a().base().length()), "Accept", "text/html")
        .status());
    assertEquals(200, net.a().get("/.well-known/webfinger?resource=acct:alice@" + net.a().authority()).status());
    assertEquals(200, net.a().get("/actor", "Accept", "application/activity+json").status());

    // A server fetching signed, as Plutro always does, reads everything and federates.
    String aliceOnB = TwoInstancesTest.resolve(net.b(), bob, net.a(), "alice");
    Reply found = net.b().getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + URLEncoder.encode(post.getString("uri"), StandardCharsets.UTF_8), bob.token());
    assertEquals(1, found.json().getJsonArray("statuses").size(), found.body());
    assertEquals(200, net.b().postForm("/api/v1/accounts/" + aliceOnB + "/follow", Map.of(),
        "Authorization", "Bearer " + bob.token()).status());
    Eventually.within10s("alice has a follower on b", () ->
        net.a().get("/api/v1/accounts/" + alice.id()).json().getLong("followers_count") == 1L);

    // The admin suspends b's domain.
    String admin = ReportsTest.adminToken(net.a(), "amod");
    assertEquals(403, net.a().postForm("/api/v1/admin/domain_blocks", Map.of("domain", net.b().authority(),
        "severity", "suspend"), "Authorization", "Bearer " + alice.token()).status(), "members cannot");
    Reply blocked = net.a().postForm("/api/v1/admin/domain_blocks", Map.of("domain", net.b().authority(),
        "severity", "suspend", "private_comment", "spam wave"), "Authorization", "Bearer " + admin);
    assertEquals(200, blocked.status(), blocked.body());
    assertEquals("suspend", blocked.json().getString("severity"));
    assertEquals(422, net.a().postForm("/api/v1/admin/domain_blocks", Map.of("domain", net.b().authority()),
        "Authorization", "Bearer " + admin).status(), "already blocked");
    assertEquals(422, net.a().postForm("/api/v1/admin/domain_blocks", Map.of("domain", "x.example",
        "severity", "banish"), "Authorization", "Bearer " + admin).status());
    assertEquals(0L, net.a().get("/api/v1/accounts/" + alice.id()).json().getLong("followers_count"),
        "follows with the domain end at once");

    // b's deliveries are refused before anything is stored; its signed GETs too.
    net.b().postForm("/api/v1/statuses", Map.of("status", "@alice@" + net.a().authority() + " hello?"),
        "Authorization", "Bearer " + bob.token());
    Eventually.within10s("b's delivery is refused with 403", () -> net.b().count(
        "SELECT count(*) FROM deliveries WHERE inbox_url LIKE $1 AND last_status = 403", net.a().base() + "%") > 0);
    assertEquals(0L, net.a().count("SELECT count(*) FROM statuses WHERE uri LIKE $1", net.b().base() + "%"));
    JsonObject second = net.a().postForm("/api/v1/statuses", Map.of("status", "after the block"),
        "Authorization", "Bearer " + alice.token()).json();
    assertEquals(0, net.b().getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + URLEncoder.encode(second.getString("uri"), StandardCharsets.UTF_8), bob.token())
        .json().getJsonArray("statuses").size(), "b's signed fetch is refused");

    // Nothing goes to b, and a does not fetch from it.
    long queued = net.a().count("SELECT count(*) FROM deliveries WHERE inbox_url LIKE $1", net.b().base() + "%");
    net.a().postForm("/api/v1/statuses", Map.of("status", "@bob@" + net.b().authority() + " can you hear me?"),
        "Authorization", "Bearer " + alice.token());
    assertEquals(queued, net.a().count("SELECT count(*) FROM deliveries WHERE inbox_url LIKE $1", net.b().base() + "%"),
        "no delivery to b is even queued");

    // Lifted: listed, then deleted.
    String id = blocked.json().getString("id");
    assertEquals(net.b().authority(), net.a().getWithToken("/api/v1/admin/domain_blocks", admin).array()
        .getJsonObject(0).getString("domain"));
    Reply lifted = net.a().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
        net.a().base() + "/api/v1/admin/domain_blocks/" + id)).DELETE(), "Authorization", "Bearer " + admin);
    assertEquals(200, lifted.status(), lifted.body());
    assertEquals(0, net.a().getWithToken("/api/v1/admin/domain_blocks", admin).array().size());
    assertEquals(404, net.a().getWithToken("/api/v1/admin/domain_blocks/" + id, admin).status());
  }
}
