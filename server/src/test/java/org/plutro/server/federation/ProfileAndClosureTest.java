package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.config.Settings;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Three real Plutros on loopback. B follows nora of A; C only fetched her actor (a signed GET).
 * Her profile edits reach both without anyone refetching; her closure reaches both — B even
 * though it was down when she closed — and A shows the closure's reach per instance.
 */
class ProfileAndClosureTest {
  static TestInstance a;
  static TestInstance b;
  static TestInstance c;

  @BeforeAll
  static void start() {
    a = TestInstance.start();
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
  void profileEditsAndClosureReachEveryInstanceHoldingACopy() {
    Member nora = a.register("nora");
    String adminToken = admin(a, "root_admin");
    Member bert = b.register("bert");
    Member cleo = c.register("cleo");

    // B follows her; she posts; the post reaches B.
    String noraOnB = TwoInstancesTest.resolve(b, bert, a, "nora");
    assertEquals(200, b.postForm("/api/v1/accounts/" + noraOnB + "/follow", Map.of(),
        "Authorization", "Bearer " + bert.token()).status());
    Eventually.within10s("B follows nora",
        () -> TwoInstancesTest.relationship(b, bert, noraOnB).getBoolean("following"));
    JsonObject post = a.postForm("/api/v1/statuses", Map.of("status", "Hello from A"),
        "Authorization", "Bearer " + nora.token()).json();
    Eventually.within10s("her post reaches B",
        () -> b.get("/api/v1/accounts/" + noraOnB + "/statuses").array().size() == 1);

    // C only looked her up: its fetch of her actor was signed, so A knows C holds a copy.
    String noraOnC = TwoInstancesTest.resolve(c, cleo, a, "nora");
    Eventually.within10s("A records C as a holder of her copy", () -> a.count(
        "SELECT count(*) FROM copy_holders WHERE account_id = $1 AND domain = $2",
        Long.parseLong(nora.id()), c.authority()) == 1);
    assertEquals(0L, a.count("SELECT count(*) FROM copy_holders WHERE domain = $1",
        "127.0.0.1:1"), "nothing recorded for servers that never saw her");

    // Before closing, she can see which instances will be told.
    JsonObject before = a.getWithToken("/api/v1/accounts/close/status", nora.token()).json();
    assertEquals("open", before.getString("state"));
    assertEquals(Set.of(b.authority(), c.authority()), domains(before.getJsonArray("instances")));

    // Two quick edits: one Update(Person) per instance, carrying the last one.
    Reply first = patchJson(a, nora.token(), new JsonObject().put("display_name", "Nora N."));
    assertEquals(200, first.status(), first.body());
    Reply second = patchJson(a, nora.token(), new JsonObject().put("display_name", "Nora Noble")
        .put("note", "Gardener")
        .put("fields_attributes", new JsonArray().add(new JsonObject().put("name", "Garden")
            .put("value", "https://garden.example"))));
    assertEquals(200, second.status(), second.body());
    assertEquals("Nora Noble", second.json().getString("display_name"));
    assertEquals("Gardener", second.json().getJsonObject("source").getString("note"));
    assertEquals("<a href=\"https://garden.example\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\">"
        + "https://garden.example</a>",
        second.json().getJsonArray("fields").getJsonObject(0).getString("value"), second.body());
    Eventually.within(Duration.ofSeconds(20), "B and C show the new name", () ->
        "Nora Noble".equals(b.get("/api/v1/accounts/" + noraOnB).json().getString("display_name"))
            && "Nora Noble".equals(c.get("/api/v1/accounts/" + noraOnC).json().getString("display_name")));
    JsonObject onC = c.get("/api/v1/accounts/" + noraOnC).json();
    assertEquals("<p>Gardener</p>", onC.getString("note"));
    assertEquals("Garden", onC.getJsonArray("fields").getJsonObject(0).getString("name"));
    assertEquals(1L, a.count("SELECT count(*) FROM outbound_activities WHERE uri LIKE $1",
        nora.actorUri() + "#updates/%"), "rapid edits coalesce into one Update");
    assertEquals(2L, a.count("SELECT count(*) FROM deliveries d JOIN outbound_activities o"
        + " ON o.id = d.activity_id WHERE o.uri LIKE $1", nora.actorUri() + "#updates/%"),
        "one delivery per instance");

    // A bad edit changes nothing and sends nothing.
    Reply bad = patchJson(a, nora.token(), new JsonObject().put("display_name", "x".repeat(31))
        .put("note", "changed"));
    assertEquals(422, bad.status(), bad.body());
    JsonObject unchanged = a.getWithToken("/api/v1/accounts/verify_credentials", nora.token()).json();
    assertEquals("Nora Noble", unchanged.getString("display_name"));
    assertEquals("Gardener", unchanged.getJsonObject("source").getString("note"));
    assertEquals(0L, a.count("SELECT count(*) FROM jobs WHERE kind = 'actor.update'"
        + " AND locked_until IS NULL"), "no Update waiting");

    // A wrong password closes nothing.
    Reply wrong = a.postForm("/api/v1/accounts/close", Map.of("password", "not her password"),
        "Authorization", "Bearer " + nora.token());
    assertEquals(403, wrong.status(), wrong.body());
    assertEquals(200, a.getWithToken("/api/v1/accounts/verify_credentials", nora.token()).status());
    assertEquals(200, a.get("/users/nora", "Accept", "application/activity+json").status());

    // B goes down; she closes her account.
    Settings bSettings = b.settings();
    b.close();
    Reply closed = a.postForm("/api/v1/accounts/close", Map.of("password", "a long password"),
        "Authorization", "Bearer " + nora.token());
    assertEquals(200, closed.status(), closed.body());
    assertEquals("closed", closed.json().getString("state"));
    assertEquals(2, closed.json().getJsonObject("counts").getInteger("instances"));

    // At once, on A: no more tokens, no more login; actor, posts and WebFinger are gone.
    assertEquals(401, a.getWithToken("/api/v1/accounts/verify_credentials", nora.token()).status());
    Reply actor = a.get("/users/nora", "Accept", "application/activity+json");
    assertEquals(410, actor.status());
    assertEquals("Tombstone", actor.json().getString("type"));
    assertEquals("Person", actor.json().getString("formerType"));
    assertNotNull(actor.json().getString("deleted"));
    Reply note = a.get(post.getString("uri"), "Accept", "application/activity+json");
    assertEquals(410, note.status());
    assertEquals("Note", note.json().getString("formerType"));
    assertEquals(410, a.get("/.well-known/webfinger?resource=acct:nora@" + a.authority()).status());
    assertEquals(404, a.get("/api/v1/accounts/" + nora.id()).status());
    assertEquals(404, a.get("/api/v1/statuses/" + post.getString("id")).status());
    assertEquals(400, a.postForm("/oauth/token", Map.of("grant_type", "password",
        "client_id", a.app().clientId(), "client_secret", a.app().clientSecret(),
        "username", "nora", "password", "a long password", "scope", "read")).status());
    Reply again = a.postJson("/api/v1/accounts", new JsonObject().put("username", "nora")
            .put("email", "other@example.org").put("password", "a long password")
            .put("agreement", true),
        "Authorization", "Bearer " + a.app().appToken());
    assertEquals(422, again.status(), "the username is never reused: " + again.body());

    // C removes her; B is retried.
    Eventually.within10s("C forgets her", () -> c.get("/api/v1/accounts/" + noraOnC).status() == 404);
    Eventually.within10s("the delivery to B failed once and waits", () -> {
      JsonObject reach = closure(adminToken, nora.id());
      return reach.getJsonObject("counts").getInteger("delivered") == 1
          && reach.getJsonObject("counts").getInteger("retrying") == 1;
    });
    JsonObject reach = closure(adminToken, nora.id());
    assertEquals("delivered", stateOf(reach, c.authority()));
    assertEquals("retrying", stateOf(reach, b.authority()));
    assertEquals(403, a.getWithToken("/api/v1/admin/accounts/" + nora.id() + "/closure",
        a.register("nosy").token()).status(), "members are not admins");

    // B comes back; the retry (brought forward, not to wait out the back-off) delivers.
    b = TestInstance.start(bSettings);
    a.sql("UPDATE deliveries SET next_attempt_at = now() WHERE state = 'queued'");
    Eventually.within(Duration.ofSeconds(20), "B forgets her",
        () -> b.get("/api/v1/accounts/" + noraOnB).status() == 404);
    assertEquals(0L, b.count("SELECT count(*) FROM statuses s JOIN accounts x ON x.id = s.account_id"
        + " WHERE x.uri = $1 AND s.deleted_at IS NULL", nora.actorUri()), "her posts are gone from B");
    assertEquals(0L, b.count("SELECT count(*) FROM follows f JOIN accounts x ON x.id = f.target_account_id"
        + " WHERE x.uri = $1", nora.actorUri()));
    Eventually.within10s("A shows both delivered", () ->
        closure(adminToken, nora.id()).getJsonObject("counts").getInteger("delivered") == 2);
  }

  /** A member made admin, with a token holding admin scopes. */
  static String admin(TestInstance on, String username) {
    JsonObject app = on.postForm("/api/v1/apps", Map.of("client_name", "admin tool",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write admin:read")).json();
    String appToken = on.postForm("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "scope", "read write admin:read")).json().getString("access_token");
    Reply registered = on.postJson("/api/v1/accounts", new JsonObject().put("username", username)
            .put("email", username + "@example.org").put("password", "a long password")
            .put("agreement", true),
        "Authorization", "Bearer " + appToken);
    assertEquals(200, registered.status(), registered.body());
    on.sql("UPDATE users SET role = 'admin', confirmed_at = now() WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = $1 AND domain IS NULL)", username);
    return registered.json().getString("access_token");
  }

  private static JsonObject closure(String adminToken, String accountId) {
    Reply reply = a.getWithToken("/api/v1/admin/accounts/" + accountId + "/closure", adminToken);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  static Reply patchJson(TestInstance on, String token, JsonObject body) {
    return on.send(HttpRequest.newBuilder(URI.create(on.base() + "/api/v1/accounts/update_credentials"))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())),
        "Authorization", "Bearer " + token);
  }

  private static Set<String> domains(JsonArray instances) {
    Set<String> domains = new HashSet<>();
    instances.forEach(item -> domains.add(((JsonObject) item).getString("domain")));
    return domains;
  }

  private static String stateOf(JsonObject reach, String domain) {
    for (Object item : reach.getJsonArray("instances")) {
      JsonObject instance = (JsonObject) item;
      if (domain.equals(instance.getString("domain"))) {
        return instance.getString("state");
      }
    }
    throw new AssertionError(domain + " not in " + reach.encode());
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static void assertContains(String text, String part) {
    assertTrue(text.contains(part), text);
  }
}
