package org.plutro.server.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.ServerInternals;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Trends: counted by the periodic job from public posts by distinct accounts (five at least, as
 * Mastodon), never shown before a moderator approved them, hidden for good once rejected; in
 * Mastodon's shapes, with a week of history.
 */
class TrendsTest {
  static TestInstance plutro;
  static Member admin;
  static final List<Member> people = new ArrayList<>();

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    admin = admin("tadmin");
    for (int i = 0; i < 6; i++) {
      people.add(plutro.register("trender" + i));
    }
  }

  /** An admin with a token for the admin API's scopes. */
  static Member admin(String username) {
    JsonObject app = plutro.postForm("/api/v1/apps", Map.of("client_name", "moderation",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write admin:read admin:write")).json();
    String appToken = plutro.postForm("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "scope", "read write admin:read admin:write")).json().getString("access_token");
    JsonObject registered = plutro.postJson("/api/v1/accounts", new JsonObject().put("username", username)
        .put("email", username + "@example.org").put("password", "a long password").put("agreement", true),
        "Authorization", "Bearer " + appToken).json();
    plutro.confirm(username);
    plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = $1 AND domain IS NULL)", username);
    return new Member(null, username, registered.getString("access_token"), null);
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static JsonArray get(String path, Member who) {
    var reply = who == null ? plutro.get(path) : plutro.getWithToken(path, who.token());
    assertEquals(200, reply.status(), reply.toString());
    return reply.array();
  }

  static JsonObject post(String path, Member who) {
    var reply = plutro.postForm(path, Map.of(), "Authorization", "Bearer " + who.token());
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  static List<String> names(JsonArray tags) {
    return tags.stream().map(tag -> ((JsonObject) tag).getString("name")).toList();
  }

  @Test
  void aRisingHashtagIsShownOnlyOnceApproved() {
    for (Member person : people.subList(0, 5)) {
      plutro.post(person, "Out on the bike today #Cycling");
      // Behind a content warning: not counted.
      plutro.post(person, "Spoilers #Secretplot", "spoiler_text", "the ending");
    }
    // Not public: not counted either.
    for (Member person : people.subList(0, 5)) {
      plutro.post(person, "Just for you #Quietword", "visibility", "unlisted");
    }
    ServerInternals.refreshTrends(plutro.server());

    assertEquals(List.of(), names(get("/api/v1/trends/tags", null)), "nothing before review");
    JsonArray review = get("/api/v1/admin/trends/tags", admin);
    assertEquals(List.of("cycling"), names(review), review.encodePrettily());
    JsonObject waiting = review.getJsonObject(0);
    assertEquals(true, waiting.getBoolean("requires_review"));
    assertEquals(false, waiting.getBoolean("trendable"));
    assertEquals(403, plutro.getWithToken("/api/v1/admin/trends/tags", people.get(0).token()).status());
    assertEquals(403, plutro.postForm("/api/v1/admin/trends/tags/" + waiting.getString("id") + "/approve",
        Map.of(), "Authorization", "Bearer " + people.get(0).token()).status());
    assertEquals(List.of(), names(get("/api/v1/trends/tags", null)), "a member cannot approve");

    JsonObject approved = post("/api/v1/admin/trends/tags/" + waiting.getString("id") + "/approve", admin);
    assertEquals(true, approved.getBoolean("trendable"));
    JsonArray shown = get("/api/v1/trends/tags", null);
    assertEquals(List.of("cycling"), names(shown));
    JsonObject tag = shown.getJsonObject(0);
    assertEquals(plutro.base() + "/tags/cycling", tag.getString("url"));
    JsonArray history = tag.getJsonArray("history");
    assertEquals(7, history.size());
    assertEquals("5", history.getJsonObject(0).getString("accounts"));
    assertEquals("5", history.getJsonObject(0).getString("uses"));
    assertTrue(history.getJsonObject(0).getString("day").matches("\\d+"));
    assertEquals(List.of("cycling"), names(get("/api/v1/trends", null)));
    assertEquals(false, get("/api/v1/trends/tags", people.get(0)).getJsonObject(0).getBoolean("following"));

    post("/api/v1/admin/trends/tags/" + waiting.getString("id") + "/reject", admin);
    assertEquals(List.of(), names(get("/api/v1/trends/tags", null)));
    ServerInternals.refreshTrends(plutro.server());
    assertEquals(List.of(), names(get("/api/v1/trends/tags", null)), "rejected stays hidden");
    assertEquals(404, plutro.postForm("/api/v1/admin/trends/tags/1/approve", Map.of(),
        "Authorization", "Bearer " + admin.token()).status());
  }

  @Test
  void aPostLikedByManyTrendsOnceApproved() {
    String id = plutro.post(people.get(5), "A post everyone likes");
    for (Member person : people.subList(0, 5)) {
      post("/api/v1/statuses/" + id + "/favourite", person);
    }
    ServerInternals.refreshTrends(plutro.server());
    assertEquals(0, get("/api/v1/trends/statuses", null).size());
    JsonArray review = get("/api/v1/admin/trends/statuses", admin);
    assertEquals(id, review.getJsonObject(0).getString("id"));
    post("/api/v1/admin/trends/statuses/" + id + "/approve", admin);
    JsonArray shown = get("/api/v1/trends/statuses", null);
    assertEquals(1, shown.size());
    JsonObject status = shown.getJsonObject(0);
    assertEquals(id, status.getString("id"));
    assertEquals("trender5", status.getJsonObject("account").getString("username"));
    assertEquals(5, status.getInteger("favourites_count"));
    // Not for a member who blocks its author.
    post("/api/v1/accounts/" + people.get(5).id() + "/block", people.get(0));
    assertEquals(0, get("/api/v1/trends/statuses", people.get(0)).size());
    assertEquals(1, get("/api/v1/trends/statuses", people.get(1)).size());
  }

  @Test
  void aLinkSharedByManyTrendsOnceApproved() {
    List<Long> posts = new ArrayList<>();
    for (Member person : people.subList(0, 5)) {
      posts.add(Long.parseLong(plutro.post(person, "Read this")));
    }
    long card = plutro.sql("INSERT INTO preview_cards (url, title, description, provider_name)"
        + " VALUES ('https://news.example/story', 'A story', 'What happened', 'News') RETURNING id")
        .iterator().next().getLong(0);
    for (long post : posts) {
      plutro.sql("INSERT INTO status_cards (status_id, card_id) VALUES ($1, $2)", post, card);
    }
    ServerInternals.refreshTrends(plutro.server());
    assertEquals(0, get("/api/v1/trends/links", null).size());
    post("/api/v1/admin/trends/links/" + card + "/approve", admin);
    JsonArray shown = get("/api/v1/trends/links", null);
    assertEquals(1, shown.size(), shown.encodePrettily());
    JsonObject link = shown.getJsonObject(0);
    assertEquals("https://news.example/story", link.getString("url"));
    assertEquals("A story", link.getString("title"));
    assertEquals("link", link.getString("type"));
    assertEquals("5", link.getJsonArray("history").getJsonObject(0).getString("accounts"));
    assertFalse(link.containsKey("trendable"), "the public entity has no review fields");
  }
}
