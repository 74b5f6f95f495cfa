package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** POST /api/v1/statuses: rendering, validation, idempotency and who may see what. */
class StatusesApiTest {
  static TestInstance plutro;
  static Member nora;
  static Member omar;
  static Member pia;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    nora = plutro.register("nora");
    omar = plutro.register("omar");
    pia = plutro.register("pia");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static Reply post(Member author, Map<String, String> form, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Authorization";
    all[1] = "Bearer " + author.token();
    System.arraycopy(headers, 0, all, 2, headers.length);
    return plutro.postForm("/api/v1/statuses", form, all);
  }

  static long statuses() {
    return plutro.count("SELECT count(*) FROM statuses");
  }

  @Test
  void mentionsHashtagsAndLinksAreRenderedSafelyAndStored() {
    Reply reply = post(nora, Map.of("status",
        "Hi @omar and @nobody! #Java #java #Vert_x see https://example.org/a?b=1 <script>x</script>",
        "language", "en"));
    assertEquals(200, reply.status(), reply.body());
    JsonObject status = reply.json();
    String content = status.getString("content");
    assertTrue(content.contains("<span class=\"h-card\" translate=\"no\"><a href=\"" + plutro.base()
        + "/@omar\" class=\"u-url mention\">@<span>omar</span></a></span>"), content);
    assertTrue(content.contains("@nobody!"), "an unknown mention stays text: " + content);
    assertTrue(content.contains("<a href=\"" + plutro.base()
        + "/tags/java\" class=\"mention hashtag\" rel=\"tag\">#<span>Java</span></a>"), content);
    assertTrue(content.contains("<a href=\"https://example.org/a?b=1\""), content);
    assertTrue(content.contains("&lt;script&gt;"), content);
    assertTrue(!content.contains("<script>"), content);
    assertEquals("en", status.getString("language"));
    JsonArray mentions = status.getJsonArray("mentions");
    assertEquals(1, mentions.size());
    assertEquals(new JsonObject().put("id", omar.id()).put("username", "omar")
        .put("url", plutro.base() + "/@omar").put("acct", "omar"), mentions.getJsonObject(0));
    JsonArray tags = status.getJsonArray("tags");
    assertEquals(2, tags.size(), tags.encode());
    assertEquals(new JsonObject().put("name", "java").put("url", plutro.base() + "/tags/java"),
        tags.getJsonObject(0));
    assertEquals(1L, plutro.count("SELECT count(*) FROM tags WHERE name = 'java'"));
    assertEquals(2L, plutro.count("SELECT count(*) FROM status_tags WHERE status_id = $1",
        Long.parseLong(status.getString("id"))));
    // Omar hears of it.
    JsonArray notifications = plutro.getWithToken("/api/v1/notifications", omar.token()).array();
    assertEquals("mention", notifications.getJsonObject(0).getString("type"));
    assertEquals(status.getString("id"), notifications.getJsonObject(0).getJsonObject("status").getString("id"));
  }

  @Test
  void theSameIdempotencyKeyAnswersTheFirstPost() {
    long before = statuses();
    Reply first = post(nora, Map.of("status", "only once"), "Idempotency-Key", "key-1");
    Reply second = post(nora, Map.of("status", "only once"), "Idempotency-Key", "key-1");
    assertEquals(200, second.status());
    assertEquals(first.json().getString("id"), second.json().getString("id"));
    assertEquals(before + 1, statuses());
    Reply otherMember = post(omar, Map.of("status", "only once"), "Idempotency-Key", "key-1");
    assertNotEquals(first.json().getString("id"), otherMember.json().getString("id"),
        "keys are per member");
    Reply otherKey = post(nora, Map.of("status", "only once"), "Idempotency-Key", "key-2");
    assertNotEquals(first.json().getString("id"), otherKey.json().getString("id"));
    assertEquals(before + 3, statuses());
    // After an hour the key is free again.
    plutro.sql("UPDATE status_idempotency_keys SET created_at = now() - interval '61 minutes'"
        + " WHERE key = 'key-1'");
    Reply later = post(nora, Map.of("status", "only once"), "Idempotency-Key", "key-1");
    assertNotEquals(first.json().getString("id"), later.json().getString("id"));
  }

  @Test
  void badInputIsRefusedAndStoresNothing() {
    JsonObject hidden = post(pia, Map.of("status", "for my followers", "visibility", "private")).json();
    long before = statuses();
    Reply tooLong = post(nora, Map.of("status", "x".repeat(501)));
    assertEquals(422, tooLong.status());
    assertEquals("Validation failed: Text character limit of 500 exceeded", tooLong.json().getString("error"));
    assertEquals(422, post(nora, Map.of("status", "x".repeat(480), "spoiler_text", "y".repeat(21))).status(),
        "the content warning counts too");
    assertEquals(422, post(nora, Map.of("status", "   ")).status());
    assertEquals(422, post(nora, Map.of("status", "hi", "visibility", "everyone")).status());
    Reply media = post(nora, Map.of("status", "hi", "media_ids[]", "123"));
    assertEquals(422, media.status());
    assertEquals("Media attachment not found or already attached: 123", media.json().getString("error"));
    assertEquals(404, post(nora, Map.of("status", "hi", "in_reply_to_id", "999999999")).status());
    assertEquals(404, post(nora, Map.of("status", "hi", "in_reply_to_id", "not-a-number")).status());
    assertEquals(404, post(nora, Map.of("status", "hi", "in_reply_to_id", hidden.getString("id"))).status(),
        "a followers-only post nora cannot see");
    assertEquals(before, statuses());
    // Links count 23 characters, whatever their length.
    String link = "https://example.org/" + "a".repeat(600);
    assertEquals(200, post(nora, Map.of("status", "x".repeat(470) + " " + link)).status());
  }

  @Test
  void privateAndDirectPostsAreShownOnlyToTheirAudience() {
    Member quinn = plutro.register("quinn");
    Member rosa = plutro.register("rosa");
    Member sam = plutro.register("sam");
    plutro.postForm("/api/v1/accounts/" + quinn.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + rosa.token());
    JsonObject root = post(quinn, Map.of("status", "a public root")).json();
    JsonObject followersOnly = post(quinn, Map.of("status", "followers and @sam",
        "visibility", "private", "in_reply_to_id", root.getString("id"))).json();
    JsonObject direct = post(quinn, Map.of("status", "@sam just you", "visibility", "direct",
        "in_reply_to_id", followersOnly.getString("id"))).json();
    assertEquals("direct", direct.getString("visibility"));

    Member stranger = plutro.register("stranger");
    String privateId = followersOnly.getString("id");
    String directId = direct.getString("id");
    assertEquals(200, show(privateId, rosa).status(), "a follower");
    assertEquals(200, show(privateId, sam).status(), "mentioned");
    assertEquals(404, show(privateId, stranger).status());
    assertEquals(404, plutro.get("/api/v1/statuses/" + privateId).status());
    assertEquals(200, show(directId, sam).status());
    assertEquals(404, show(directId, rosa).status(), "following is not enough for a direct post");

    assertEquals(2, descendants(root.getString("id"), sam).size());
    assertEquals(1, descendants(root.getString("id"), rosa).size());
    assertEquals(0, descendants(root.getString("id"), stranger).size());
    assertEquals(0, plutro.get("/api/v1/statuses/" + root.getString("id") + "/context").json()
        .getJsonArray("descendants").size());
    JsonObject context = plutro.getWithToken("/api/v1/statuses/" + directId + "/context", sam.token()).json();
    assertEquals(2, context.getJsonArray("ancestors").size());
    assertEquals(root.getString("id"), context.getJsonArray("ancestors").getJsonObject(0).getString("id"));
    assertEquals(404, plutro.get("/api/v1/statuses/" + directId + "/history").status());
    assertEquals(404, plutro.getWithToken("/api/v1/statuses/" + directId + "/source", rosa.token()).status());
  }

  @Test
  void anEditChangesTheAltTextsOfThePostsFiles() {
    org.plutro.server.testrig.Multipart file = new org.plutro.server.testrig.Multipart()
        .file("file", "owl.png", "image/png", org.plutro.server.media.TestImages.encode(
            org.plutro.server.media.TestImages.picture(20, 20, false), "png"))
        .field("description", "Old words");
    Reply uploaded = plutro.postMultipart("/api/v2/media", file, "Authorization", "Bearer " + nora.token());
    assertEquals(200, uploaded.status(), uploaded.body());
    String mediaId = uploaded.json().getString("id");
    String id = post(nora, Map.of("status", "With a picture", "media_ids[]", mediaId)).json().getString("id");
    JsonObject edit = new JsonObject().put("status", "With a picture, described")
        .put("media_ids", new JsonArray().add(mediaId))
        .put("media_attributes", new JsonArray().add(new JsonObject().put("id", mediaId)
            .put("description", "A small owl")));
    Reply edited = plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(plutro.base()
            + "/api/v1/statuses/" + id)).method("PUT", java.net.http.HttpRequest.BodyPublishers.ofString(edit.encode()))
        .header("Content-Type", "application/json"), "Authorization", "Bearer " + nora.token());
    assertEquals(200, edited.status(), edited.body());
    assertEquals("A small owl", edited.json().getJsonArray("media_attachments").getJsonObject(0)
        .getString("description"));
  }

  static Reply show(String id, Member viewer) {
    return plutro.getWithToken("/api/v1/statuses/" + id, viewer.token());
  }

  static JsonArray descendants(String id, Member viewer) {
    return plutro.getWithToken("/api/v1/statuses/" + id + "/context", viewer.token()).json()
        .getJsonArray("descendants");
  }
}
