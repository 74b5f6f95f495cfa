package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.signature.HttpSignatureSigner;
import org.plutro.server.domain.ActorKeys;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Limited federation mode: a runs limited and allows b, not c. b's follows and posts reach a and
 * a's reach b; c's signed deliveries and fetches are refused with 403 before anything is stored,
 * a neither looks up c's handles nor queues anything for c; taking b off the list cuts it off the
 * same way. b runs open: its own list of allowed servers changes nothing.
 */
class LimitedFederationTest {
  static TestInstance a;
  static TestInstance b;
  static TestInstance c;

  @BeforeAll
  static void start() {
    a = TestInstance.start(Map.of("PLUTRO_FEDERATION_MODE", "limited"));
    b = TestInstance.start();
    c = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    c.close();
  }

  @Test
  void aFederatesWithTheAllowedServerOnlyUntilItIsTakenOffTheList() {
    Member alice = a.register("alice");
    Member bob = b.register("bob");
    Member carol = c.register("carol");
    String adminOfA = ReportsTest.adminToken(a, "amod");
    Reply allowed = a.postForm("/api/v1/admin/domain_allows", Map.of("domain", b.authority()),
        "Authorization", "Bearer " + adminOfA);
    assertEquals(200, allowed.status(), allowed.body());
    // b runs open: allowing some other server there changes nothing for b.
    String adminOfB = ReportsTest.adminToken(b, "bmod");
    assertEquals(200, b.postForm("/api/v1/admin/domain_allows", Map.of("domain", "only.example"),
        "Authorization", "Bearer " + adminOfB).status());

    // Each says how it federates.
    assertEquals("limited", a.get("/api/v1/instance").json().getJsonObject("configuration")
        .getJsonObject("federation").getString("mode"));
    assertEquals("limited", a.get("/api/v2/instance").json().getJsonObject("configuration")
        .getJsonObject("federation").getString("mode"));
    assertEquals("limited", a.get("/nodeinfo/2.0").json().getJsonObject("metadata")
        .getJsonObject("federation").getString("mode"));
    assertEquals("open", b.get("/api/v1/instance").json().getJsonObject("configuration")
        .getJsonObject("federation").getString("mode"));
    assertEquals(404, a.get("/api/v1/instance/peers").status(), "a limited server lists no peers");
    assertTrue(a.get("/about").body().contains("limited federation mode"));
    assertTrue(!b.get("/about").body().contains("limited federation mode"));

    // b follows alice; her post reaches b, and b's reply reaches a.
    String aliceOnB = TwoInstancesTest.resolve(b, bob, a, "alice");
    assertEquals(200, b.postForm("/api/v1/accounts/" + aliceOnB + "/follow", Map.of(),
        "Authorization", "Bearer " + bob.token()).status());
    Eventually.within10s("alice has bob as a follower", () ->
        a.get("/api/v1/accounts/" + alice.id()).json().getLong("followers_count") == 1L);
    String first = a.postForm("/api/v1/statuses", Map.of("status", "for the allowed only"),
        "Authorization", "Bearer " + alice.token()).json().getString("uri");
    Eventually.within10s("alice's post reaches b", () ->
        b.count("SELECT count(*) FROM statuses WHERE uri = $1", first) == 1);
    b.postForm("/api/v1/statuses", Map.of("status", "@alice@" + a.authority() + " hello from b"),
        "Authorization", "Bearer " + bob.token());
    Eventually.within10s("bob's post reaches a", () ->
        a.count("SELECT count(*) FROM statuses WHERE uri LIKE $1", b.base() + "%") == 1);
    TwoInstancesTest.resolve(a, alice, b, "bob");

    // c cannot read a: its signed fetches are refused, so its handle search finds nothing.
    assertEquals(0, c.getWithToken("/api/v2/search?resolve=true&type=accounts&q="
        + URLEncoder.encode("@alice@" + a.authority(), StandardCharsets.UTF_8), carol.token())
        .json().getJsonArray("accounts").size());
    RequestSigner carolSigns = signerOf(c, "carol");
    assertEquals(403, SignedPost.get(a, first, carolSigns).status(), "c's signed GET");
    // c's signed delivery, with carol's real key: 403 before anything is fetched or stored.
    JsonObject follow = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", carol.actorUri() + "#follows/1").put("type", "Follow")
        .put("actor", carol.actorUri()).put("object", alice.actorUri());
    Reply refused = SignedPost.post(a, "/users/alice/inbox", carolSigns, follow.encode());
    assertEquals(403, refused.status(), refused.body());
    assertEquals(403, SignedPost.post(a, "/inbox", carolSigns, follow.encode()).status(), "shared inbox");
    assertEquals(0L, a.count("SELECT count(*) FROM accounts WHERE domain = $1", c.authority()));
    assertEquals(1L, a.get("/api/v1/accounts/" + alice.id()).json().getLong("followers_count"));

    // a does not look c's handles up, nor queue anything for c.
    assertEquals(0, a.getWithToken("/api/v2/search?resolve=true&type=accounts&q="
        + URLEncoder.encode("@carol@" + c.authority(), StandardCharsets.UTF_8), alice.token())
        .json().getJsonArray("accounts").size());
    a.postForm("/api/v1/statuses", Map.of("status", "@carol@" + c.authority() + " can you hear me?"),
        "Authorization", "Bearer " + alice.token());
    assertEquals(0L, a.count("SELECT count(*) FROM accounts WHERE domain = $1", c.authority()));
    assertEquals(0L, a.count("SELECT count(*) FROM deliveries WHERE domain = $1", c.authority()));

    // b is taken off the list: it is cut off at once.
    Reply removed = a.send(HttpRequest.newBuilder(URI.create(a.base() + "/api/v1/admin/domain_allows/"
        + allowed.json().getString("id"))).DELETE(), "Authorization", "Bearer " + adminOfA);
    assertEquals(200, removed.status(), removed.body());
    long toB = a.count("SELECT count(*) FROM deliveries WHERE domain = $1", b.authority());
    a.postForm("/api/v1/statuses", Map.of("status", "after b left the list"),
        "Authorization", "Bearer " + alice.token());
    assertEquals(toB, a.count("SELECT count(*) FROM deliveries WHERE domain = $1", b.authority()),
        "nothing is queued for b any more");
    // One queued before b left the list is given up, not sent.
    long activity = a.sql("INSERT INTO outbound_activities (uri, account_id, body) VALUES ($1, $2, '{}')"
        + " RETURNING id", a.base() + "/queued-before", Long.parseLong(alice.id())).iterator().next().getLong(0);
    a.sql("INSERT INTO deliveries (activity_id, inbox_url, domain) VALUES ($1, $2, $3)", activity,
        b.base() + "/inbox", b.authority());
    Eventually.within10s("the delivery queued before is given up", () -> a.count("SELECT count(*) FROM deliveries"
        + " WHERE activity_id = $1 AND state = 'failed' AND last_error = 'domain not allowed'", activity) == 1);
    b.postForm("/api/v1/statuses", Map.of("status", "@alice@" + a.authority() + " still there?"),
        "Authorization", "Bearer " + bob.token());
    Eventually.within10s("b's delivery is refused with 403", () -> b.count(
        "SELECT count(*) FROM deliveries WHERE inbox_url LIKE $1 AND last_status = 403", a.base() + "%") > 0);
    assertEquals(1L, a.count("SELECT count(*) FROM statuses WHERE uri LIKE $1", b.base() + "%"));
    assertEquals(403, SignedPost.get(a, first, signerOf(b, "bob")).status(), "b's signed GET");
  }

  /** Signs as a member of {@code on}, with the key that server publishes for them. */
  static RequestSigner signerOf(TestInstance on, String username) {
    Row row = on.sql("SELECT k.rsa_private_pem, k.rsa_public_pem, k.ed25519_private_pem,"
        + " k.ed25519_public_pem, a.public_key_id FROM actor_keys k JOIN accounts a ON a.id = k.account_id"
        + " WHERE a.username = $1 AND a.domain IS NULL", username).iterator().next();
    ActorKeys keys = new ActorKeys(row.getString(0), row.getString(1), row.getString(2), row.getString(3));
    return new HttpSignatureSigner(row.getString(4), keys.rsaPrivate());
  }

}
