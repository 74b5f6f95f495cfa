package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** A member takes their data along: Mastodon's CSV exports and an ActivityPub archive. */
class ExportTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static String csv(Member member, String name) {
    var reply = plutro.getWithToken("/api/v1/plutro/export/" + name, member.token());
    assertEquals(200, reply.status(), reply.body());
    assertTrue(reply.header("Content-Type").startsWith("text/csv"));
    return reply.body();
  }

  @Test
  void csvExportsAndTheArchiveHoldWhatTheMemberHas() throws Exception {
    Member pat = plutro.register("pat");
    Member quin = plutro.register("quin");
    Member rue = plutro.register("rue");
    String host = plutro.authority();
    String auth = "Bearer " + pat.token();
    plutro.postForm("/api/v1/accounts/" + quin.id() + "/follow", Map.of(), "Authorization", auth);
    plutro.postForm("/api/v1/accounts/" + pat.id() + "/follow", Map.of(), "Authorization", "Bearer " + rue.token());
    plutro.postForm("/api/v1/accounts/" + rue.id() + "/mute", Map.of(), "Authorization", auth);
    JsonObject quinsPost = plutro.postForm("/api/v1/statuses", Map.of("status", "bookmark me"),
        "Authorization", "Bearer " + quin.token()).json();
    plutro.postForm("/api/v1/statuses/" + quinsPost.getString("id") + "/bookmark", Map.of(), "Authorization", auth);
    plutro.postForm("/api/v1/statuses/" + quinsPost.getString("id") + "/favourite", Map.of(), "Authorization", auth);
    String media = plutro.postMultipart("/api/v2/media", new org.plutro.server.testrig.Multipart().file("file",
        "p.png", "image/png", org.plutro.server.media.TestImages.encode(
            org.plutro.server.media.TestImages.picture(16, 16, false), "png")), "Authorization", auth)
        .json().getString("id");
    assertEquals(200, plutro.postJson("/api/v1/statuses", new JsonObject().put("status", "my public post")
        .put("media_ids", new io.vertx.core.json.JsonArray().add(media)), "Authorization", auth).status());
    plutro.postForm("/api/v1/statuses", Map.of("status", "for followers", "visibility", "private"),
        "Authorization", auth);

    assertEquals("Account address,Show boosts,Notify on new posts,Languages\nquin@" + host + ",true,false,\n",
        csv(pat, "following.csv"));
    assertEquals("rue@" + host + "\n", csv(pat, "followers.csv"));
    assertEquals("Account address,Hide notifications\nrue@" + host + ",true\n", csv(pat, "mutes.csv"));
    assertEquals(quinsPost.getString("uri") + "\n", csv(pat, "bookmarks.csv"));
    assertEquals("", csv(pat, "blocks.csv"));

    HttpResponse<byte[]> zip = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(plutro.base() + "/api/v1/plutro/export/archive.zip")).header("Authorization", auth).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, zip.statusCode());
    Map<String, String> files = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertEquals(pat.actorUri(), new JsonObject(files.get("actor.json")).getString("id"));
    JsonObject outbox = new JsonObject(files.get("outbox.json"));
    assertEquals(2, outbox.getInteger("totalItems"), "every post the member wrote, followers-only too");
    assertEquals("Create", outbox.getJsonArray("orderedItems").getJsonObject(0).getString("type"));
    assertEquals(quinsPost.getString("uri"), new JsonObject(files.get("likes.json")).getJsonArray("orderedItems").getString(0));
    assertEquals(quinsPost.getString("uri"), new JsonObject(files.get("bookmarks.json")).getJsonArray("orderedItems").getString(0));
    assertEquals(1, files.keySet().stream().filter(name -> name.startsWith("media/")).count(), files.keySet().toString());

    // The following export imported by another member: they follow the same accounts.
    Member sam = plutro.register("sam");
    var imported = plutro.postRaw("/api/v1/plutro/import?type=following", "text/csv",
        csv(pat, "following.csv").getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + sam.token());
    assertEquals(202, imported.status(), imported.body());
    assertEquals(1, imported.json().getInteger("queued"));
    org.plutro.server.testrig.Eventually.within10s("sam follows quin", () ->
        csv(sam, "following.csv").contains("quin@" + host));
    // Overwriting the blocks with a list: listed accounts are blocked.
    assertEquals(202, plutro.postRaw("/api/v1/plutro/import?type=blocks&mode=overwrite", "text/csv",
        ("rue@" + host + "\n").getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + sam.token()).status());
    org.plutro.server.testrig.Eventually.within10s("sam blocks rue", () -> csv(sam, "blocks.csv").equals("rue@" + host + "\n"));
    assertEquals(202, plutro.postRaw("/api/v1/plutro/import?type=blocks&mode=overwrite", "text/csv",
        ("quin@" + host + "\n").getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + sam.token()).status());
    org.plutro.server.testrig.Eventually.within10s("overwrite unblocks rue and blocks quin", () ->
        csv(sam, "blocks.csv").equals("quin@" + host + "\n"));

    // Bad imports are refused and queue nothing.
    String badRows = "SELECT count(*) FROM jobs WHERE kind = 'import.row'"
        + " AND payload ->> 'acct' IN ('x@y.example', 'not an address')";
    for (String[] bad : new String[][] {{"type=friends", "x@y.example"}, {"type=following", ""},
        {"type=following", "not an address"}, {"type=following&mode=replace", "x@y.example"}}) {
      var refused = plutro.postRaw("/api/v1/plutro/import?" + bad[0], "text/csv",
          bad[1].getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + sam.token());
      assertEquals(422, refused.status(), bad[0] + " " + refused.body());
    }
    assertEquals(0L, plutro.count(badRows));
    assertEquals(401, plutro.get("/api/v1/plutro/export/following.csv").status());
  }
}
