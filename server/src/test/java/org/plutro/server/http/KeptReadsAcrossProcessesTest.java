package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestDatabase;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Actor documents, visitors' profile pages and status entities are kept rendered by each process;
 * two processes share one database, and what one changes the other shows at its very next answer
 * (no waiting: every read checks the versions of the rows it shows).
 */
class KeptReadsAcrossProcessesTest {
  static TestInstance a;
  static TestInstance b;
  static String bBase;

  @BeforeAll
  static void start() {
    String database = TestDatabase.newDatabaseUrl();
    int port = TestInstance.freePort();
    a = TestInstance.start(TestInstance.sharing(database, port, port, Map.of()));
    int bPort = TestInstance.freePort();
    b = TestInstance.start(TestInstance.sharing(database, bPort, port, Map.of()));
    bBase = "http://127.0.0.1:" + bPort;
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
  }

  @Test
  void anActorChangedByOneProcessIsServedChangedByTheOther() {
    Member nora = a.register("nora");
    String actor = bBase + "/users/nora";
    assertEquals(200, actorOn(actor).status());
    assertEquals(200, actorOn(actor).status(), "kept by B now");

    assertEquals(200, updateName(nora, "Nora Nightingale").status());
    assertEquals("Nora Nightingale", actorOn(actor).json().getString("name"));
    // Aliases are in the same row (moving accounts), keys in another: both change the version.
    a.sql("UPDATE accounts SET also_known_as = ARRAY['https://elsewhere.example/users/nora'] WHERE id = $1",
        Long.parseLong(nora.id()));
    assertEquals("https://elsewhere.example/users/nora",
        actorOn(actor).json().getJsonArray("alsoKnownAs").getString(0));
    String oldKey = actorOn(actor).json().getJsonObject("publicKey").getString("publicKeyPem");
    String otherKey = a.sql("SELECT rsa_public_pem FROM actor_keys WHERE account_id <> $1 LIMIT 1",
        Long.parseLong(nora.id())).iterator().next().getString(0);
    a.sql("UPDATE actor_keys SET rsa_public_pem = $2 WHERE account_id = $1", Long.parseLong(nora.id()),
        otherKey);
    String newKey = actorOn(actor).json().getJsonObject("publicKey").getString("publicKeyPem");
    assertFalse(oldKey.equals(newKey));
    assertEquals(otherKey.strip(), newKey.strip());

    a.sql("UPDATE accounts SET deleted_at = now() WHERE id = $1", Long.parseLong(nora.id()));
    assertEquals(410, actorOn(actor).status(), "a closed account is gone at once on B too");
    assertEquals(404, actorOn(bBase + "/users/nobody_here").status());
  }

  @Test
  void aVisitorsProfilePageFollowsPostsEditsAndDeletionsMadeElsewhere() {
    Member olga = a.register("olga");
    String page = bBase + "/@olga";
    Reply first = pageOn(page);
    assertEquals(200, first.status());
    assertTrue(first.body().contains("No posts here yet"), first.body());
    assertEquals(first.body(), pageOn(page).body(), "kept by B now");

    String id = post(olga, "first words on the mountain").getString("id");
    Reply withPost = pageOn(page);
    assertTrue(withPost.body().contains("first words on the mountain"), withPost.body());
    assertTrue(withPost.body().contains("1 post"), "the counts too");

    assertEquals(200, edit(olga, id, "second thoughts on the mountain").status());
    assertTrue(pageOn(page).body().contains("second thoughts on the mountain"));

    assertEquals(200, updateName(olga, "Olga of the Hills").status());
    assertTrue(pageOn(page).body().contains("Olga of the Hills"));

    assertEquals(200, a.send(HttpRequest.newBuilder(URI.create(a.base() + "/api/v1/statuses/" + id)).DELETE(),
        "Authorization", "Bearer " + olga.token()).status());
    Reply afterDeletion = pageOn(page);
    assertFalse(afterDeletion.body().contains("second thoughts"), afterDeletion.body());

    assertEquals(404, pageOn(bBase + "/@nobody_here").status());
    a.sql("UPDATE accounts SET suspended_at = now() WHERE username = 'olga'");
    assertEquals(404, pageOn(page).status(), "a suspended member's page is gone at once on B too");
  }

  @Test
  void aStatusChangedOrHiddenByOneProcessIsServedSoByTheOther() {
    Member pia = a.register("pia");
    Member quin = a.register("quin");
    JsonObject posted = post(pia, "a post to read from two places");
    String status = bBase + "/api/v1/statuses/" + posted.getString("id");
    assertEquals(200, b.getWithToken(status, quin.token()).status());
    assertEquals(0, b.getWithToken(status, quin.token()).json().getInteger("favourites_count"));

    assertEquals(200, a.postForm("/api/v1/statuses/" + posted.getString("id") + "/favourite", Map.of(),
        "Authorization", "Bearer " + quin.token()).status());
    JsonObject favourited = b.getWithToken(status, quin.token()).json();
    assertEquals(1, favourited.getInteger("favourites_count"));
    assertTrue(favourited.getBoolean("favourited"));
    assertFalse(b.getWithToken(status, pia.token()).json().getBoolean("favourited"), "per viewer");

    assertEquals(200, edit(pia, posted.getString("id"), "a post edited in one place").status());
    assertTrue(b.getWithToken(status, quin.token()).json().getString("content")
        .contains("a post edited in one place"));
    assertEquals(200, updateName(pia, "Pia Prime").status());
    assertEquals("Pia Prime", b.get(status).json().getJsonObject("account").getString("display_name"));

    // A share by id comes with the post it shares, as that post is now.
    Reply shared = a.postForm("/api/v1/statuses/" + posted.getString("id") + "/reblog", Map.of(),
        "Authorization", "Bearer " + quin.token());
    assertEquals(200, shared.status(), shared.body());
    JsonObject share = b.get(bBase + "/api/v1/statuses/" + shared.json().getString("id")).json();
    assertEquals(posted.getString("id"), share.getJsonObject("reblog").getString("id"));
    assertEquals(1, share.getJsonObject("reblog").getInteger("reblogs_count"));

    // Visibility is read with the entity: a followers-only post is not found by others.
    a.sql("UPDATE statuses SET visibility = 'private' WHERE id = $1", Long.parseLong(posted.getString("id")));
    assertEquals(404, b.get(status).status());
    assertEquals(404, b.getWithToken(status, quin.token()).status());
    assertEquals(200, b.getWithToken(status, pia.token()).status(), "its author still sees it");
    assertEquals(404, b.get(bBase + "/api/v1/statuses/1").status());
    assertEquals(404, b.get(bBase + "/api/v1/statuses/not-a-number").status());
  }

  private static Reply actorOn(String url) {
    return b.get(url, "Accept", "application/activity+json");
  }

  private static Reply pageOn(String url) {
    return b.get(url, "Accept", "text/html");
  }

  private static JsonObject post(Member member, String text) {
    Reply posted = a.postJson("/api/v1/statuses", new JsonObject().put("status", text),
        "Authorization", "Bearer " + member.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json();
  }

  private static Reply edit(Member member, String id, String text) {
    return a.send(HttpRequest.newBuilder(URI.create(a.base() + "/api/v1/statuses/" + id))
            .header("Content-Type", "application/json")
            .method("PUT", HttpRequest.BodyPublishers.ofString(new JsonObject().put("status", text).encode())),
        "Authorization", "Bearer " + member.token());
  }

  private static Reply updateName(Member member, String name) {
    return a.send(HttpRequest.newBuilder(URI.create(a.base() + "/api/v1/accounts/update_credentials"))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(
                new JsonObject().put("display_name", name).encode())),
        "Authorization", "Bearer " + member.token());
  }
}
