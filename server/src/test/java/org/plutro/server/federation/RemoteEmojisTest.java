package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;

/**
 * Custom emoji from a Mastodon 4.5 server (fixtures under fixtures/mastodon): the Emoji tags of
 * an actor's name and bio and of a Note are kept, and the API's statuses and accounts carry the
 * emoji their texts use, with the other server's images. Bad tags are left out without losing
 * the post.
 */
class RemoteEmojisTest {
  static TestInstance plutro;
  static FakeRemote mastodon;
  static FakeRemote.Actor kim;

  @BeforeAll
  static void start() throws IOException {
    plutro = TestInstance.start();
    mastodon = new FakeRemote();
    kim = mastodon.actor("kim");
    JsonObject actor = fixture("actor-with-emoji.json")
        .put("publicKey", FakeRemote.publicKey(kim, kim.keyId()));
    mastodon.serve(URI.create(kim.uri()).getPath(), actor);
  }

  @AfterAll
  static void stop() {
    plutro.close();
    mastodon.close();
  }

  @Test
  void aNoteAndItsAuthorShowTheirEmoji() throws IOException {
    JsonObject create = fixture("note-with-emoji.json");
    assertEquals(202, SignedPost.post(plutro, "/inbox", kim.signer(), create.encode()).status());
    String id = statusId(create.getJsonObject("object").getString("id"));

    JsonObject status = plutro.get("/api/v1/statuses/" + id).json();
    Map<String, JsonObject> emojis = byShortcode(status.getJsonArray("emojis"));
    assertEquals(2, emojis.size(), status.encodePrettily());
    JsonObject blobcat = emojis.get("blobcat");
    // Served from our own copy of the image (see RemoteMediaCacheTest), never from its server.
    assertTrue(blobcat.getString("url").startsWith(plutro.base() + "/media/remote/emoji/"), blobcat.encode());
    assertEquals(blobcat.getString("url"), blobcat.getString("static_url"));
    assertEquals(true, blobcat.getBoolean("visible_in_picker"));
    assertTrue(blobcat.containsKey("category"));

    // The author's name, bio and fields name :verified: and :blobcat:.
    JsonObject account = status.getJsonObject("account");
    assertEquals("Kim :verified:", account.getString("display_name"));
    assertEquals(Map.of("verified", true, "blobcat", true),
        Map.of("verified", byShortcode(account.getJsonArray("emojis")).containsKey("verified"),
            "blobcat", byShortcode(account.getJsonArray("emojis")).containsKey("blobcat")));

    // Another server's emoji are not ours to offer in the picker.
    assertEquals(new JsonArray(), plutro.get("/api/v1/custom_emojis").array());
  }

  @Test
  void anEditBringsItsNewEmoji() throws IOException {
    JsonObject create = fixture("note-with-emoji.json");
    String noteId = kim.uri() + "/statuses/113000000000000003";
    JsonObject note = create.getJsonObject("object").put("id", noteId)
        .put("content", "<p>Before</p>").put("contentMap", new JsonObject());
    create.put("id", noteId + "/activity");
    assertEquals(202, SignedPost.post(plutro, "/inbox", kim.signer(), create.encode()).status());
    String id = statusId(noteId);
    assertEquals(0, plutro.get("/api/v1/statuses/" + id).json().getJsonArray("emojis").size());

    JsonObject edited = note.copy().put("content", "<p>After :party_blob:</p>")
        .put("updated", "2026-12-01T12:00:00Z");
    edited.getJsonArray("tag").add(new JsonObject().put("id", mastodon.base() + "/emojis/13")
        .put("type", "Emoji").put("name", ":party_blob:").put("icon", new JsonObject().put("type", "Image")
            .put("mediaType", "image/webp").put("url", mastodon.base() + "/emoji/party.webp")));
    JsonObject update = new JsonObject().put("@context", create.getValue("@context"))
        .put("id", noteId + "#updates/1").put("type", "Update").put("actor", kim.uri())
        .put("to", note.getJsonArray("to")).put("object", edited);
    assertEquals(202, SignedPost.post(plutro, "/inbox", kim.signer(), update.encode()).status());
    Eventually.within10s("the edit shows its new emoji", () -> byShortcode(plutro.get("/api/v1/statuses/" + id)
        .json().getJsonArray("emojis")).containsKey("party_blob"));
  }

  @Test
  void aChangedEmojiImageReplacesTheCachedCopy() throws Exception {
    mastodon.serveFile("/e/wave1.png", "image/png", png(40));
    mastodon.serveFile("/e/wave2.png", "image/png", png(30));
    String id = postWithEmoji("201", ":wave:", "/e/wave1.png", "2026-12-01T10:00:00Z");
    // A reader's view fetches the copy.
    String url = byShortcode(plutro.get("/api/v1/statuses/" + id).json().getJsonArray("emojis")).get("wave")
        .getString("url");
    assertEquals(200, plutro.getBytes(URI.create(url).getPath()).statusCode());
    assertEquals(1, plutro.count("SELECT count(*) FROM remote_media WHERE url = $1 AND width = 40",
        mastodon.base() + "/e/wave1.png"));

    // The same emoji, a new image: the new one is copied and the old copy is gone.
    postWithEmoji("202", ":wave:", "/e/wave2.png", "2026-12-02T10:00:00Z");
    Eventually.within10s("the new image is copied", () -> plutro.count(
        "SELECT count(*) FROM remote_media WHERE url = $1 AND width = 30", mastodon.base() + "/e/wave2.png") == 1
        && plutro.count("SELECT count(*) FROM remote_media WHERE url = $1", mastodon.base() + "/e/wave1.png") == 0);

    // The same address, a newer 'updated': fetched again over the copy.
    mastodon.serveFile("/e/wave2.png", "image/png", png(20));
    postWithEmoji("203", ":wave:", "/e/wave2.png", "2026-12-03T10:00:00Z");
    Eventually.within10s("the copy is fetched again", () -> plutro.count(
        "SELECT count(*) FROM remote_media WHERE url = $1 AND width = 20", mastodon.base() + "/e/wave2.png") == 1);
    assertEquals(2, mastodon.fetches("/e/wave2.png"));

    // Nothing changed: nothing is fetched.
    long lastJob = plutro.count("SELECT coalesce(max(id), 0) FROM jobs");
    postWithEmoji("204", ":wave:", "/e/wave2.png", "2026-12-03T10:00:00Z");
    assertEquals(0, plutro.count("SELECT count(*) FROM jobs WHERE kind = 'remote-media.fetch'"
        + " AND payload ->> 'subject' = $1 AND id > $2", mastodon.base() + "/e/wave2.png", lastJob));
    assertEquals(2, mastodon.fetches("/e/wave2.png"));
  }

  private String postWithEmoji(String suffix, String name, String path, String updated) {
    String noteId = kim.uri() + "/statuses/113000000000000" + suffix;
    JsonObject note = new JsonObject().put("id", noteId).put("type", "Note").put("attributedTo", kim.uri())
        .put("content", "<p>Hi " + name + "</p>").put("published", "2026-12-01T11:00:00Z")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("tag", new JsonArray().add(emoji(name, path, "image/png").put("updated", updated)));
    JsonObject create = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
            .add(new JsonObject().put("toot", "http://joinmastodon.org/ns#").put("Emoji", "toot:Emoji")))
        .put("id", noteId + "/activity").put("type", "Create").put("actor", kim.uri())
        .put("to", note.getJsonArray("to")).put("object", note);
    assertEquals(202, SignedPost.post(plutro, "/inbox", kim.signer(), create.encode()).status());
    return statusId(noteId);
  }

  private static byte[] png(int side) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(side, side,
        java.awt.image.BufferedImage.TYPE_INT_ARGB), "png", out);
    return out.toByteArray();
  }

  @Test
  void badEmojiTagsAreLeftOutAndThePostIsKept() {
    JsonArray tags = new JsonArray()
        .add(emoji(":noicon:", null, null))
        .add(emoji(":x:", "/e/x.png", "image/png"))
        .add(emoji(":bad-code:", "/e/bad.png", "image/png"))
        .add(emoji(":scripted:", "/e/s.svg", "image/svg+xml"))
        .add(new JsonObject().put("type", "Emoji").put("name", ":nowhere:")
            .put("icon", new JsonObject().put("type", "Image").put("url", "javascript:alert(1)")));
    for (int i = 0; i < 200; i++) {
      tags.add(emoji(":many_" + i + ":", "/e/many" + i + ".png", "image/png"));
    }
    String noteId = kim.uri() + "/statuses/113000000000000002";
    JsonObject note = new JsonObject().put("id", noteId).put("type", "Note").put("attributedTo", kim.uri())
        .put("content", "<p>Lots :noicon: :x: :bad-code: :scripted: :nowhere: :many_0: :many_199:</p>")
        .put("published", "2026-12-01T11:00:00Z")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("tag", tags);
    JsonObject create = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
            .add(new JsonObject().put("toot", "http://joinmastodon.org/ns#").put("Emoji", "toot:Emoji")))
        .put("id", noteId + "/activity").put("type", "Create").put("actor", kim.uri())
        .put("to", note.getJsonArray("to")).put("object", note);
    assertEquals(202, SignedPost.post(plutro, "/inbox", kim.signer(), create.encode()).status());
    String id = statusId(noteId);

    JsonArray shown = plutro.get("/api/v1/statuses/" + id).json().getJsonArray("emojis");
    assertEquals(Map.of("many_0", true), Map.of("many_0", byShortcode(shown).containsKey("many_0")));
    assertEquals(1, shown.size(), "only the first 50 good ones are kept: " + shown.encode());
    assertEquals(0, plutro.count("SELECT count(*) FROM custom_emojis WHERE shortcode IN"
        + " ('noicon', 'x', 'bad-code', 'scripted', 'nowhere', 'many_199')"));
    assertTrue(plutro.count("SELECT count(*) FROM custom_emojis WHERE shortcode LIKE 'many%'") <= 50);
  }

  private JsonObject emoji(String name, String path, String mediaType) {
    JsonObject tag = new JsonObject().put("type", "Emoji").put("name", name);
    if (path != null) {
      tag.put("icon", new JsonObject().put("type", "Image").put("mediaType", mediaType)
          .put("url", mastodon.base() + path));
    }
    return tag;
  }

  /** The id of the stored post once it arrives. */
  private static String statusId(String uri) {
    Eventually.within10s("the post is stored", () -> plutro.count(
        "SELECT count(*) FROM statuses WHERE uri = $1", uri) == 1);
    return Long.toString(plutro.sql("SELECT id FROM statuses WHERE uri = $1", uri).iterator().next().getLong(0));
  }

  private static Map<String, JsonObject> byShortcode(JsonArray emojis) {
    Map<String, JsonObject> found = new HashMap<>();
    emojis.forEach(item -> found.put(((JsonObject) item).getString("shortcode"), (JsonObject) item));
    return found;
  }

  /** A fixture with this fake server's addresses in it. */
  static JsonObject fixture(String name) throws IOException {
    try (InputStream in = RemoteEmojisTest.class.getResourceAsStream("/fixtures/mastodon/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("{{actor}}", kim.uri()).replace("{{base}}", mastodon.base());
      return new JsonObject(text);
    }
  }
}
