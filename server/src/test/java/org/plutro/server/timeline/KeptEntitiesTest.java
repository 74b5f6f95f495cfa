package org.plutro.server.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Status and account entities are kept between pages by the version of their rows: every change
 * to what they show, made through the API or straight in the database (as a remote post's
 * mentions arrive after it), shows on the next page.
 */
class KeptEntitiesTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static JsonObject first(Member viewer) {
    Reply reply = plutro.getWithToken("/api/v1/timelines/home", viewer.token());
    assertEquals(200, reply.status(), reply.body());
    return reply.array().getJsonObject(0);
  }

  static void act(Member member, String path) {
    Reply reply = plutro.postForm(path, Map.of(), "Authorization", "Bearer " + member.token());
    assertEquals(200, reply.status(), reply.body());
  }

  @Test
  void everyChangeShowsOnTheNextPage() {
    Member ana = plutro.register("keptana");
    Member bo = plutro.register("keptbo");
    Member cy = plutro.register("keptcy");
    act(bo, "/api/v1/accounts/" + ana.id() + "/follow");
    Reply posted = plutro.postForm("/api/v1/statuses", Map.of("status", "hello #first"),
        "Authorization", "Bearer " + ana.token());
    assertEquals(200, posted.status(), posted.body());
    String id = posted.json().getString("id");

    JsonObject shown = first(bo);
    assertEquals(id, shown.getString("id"));
    assertEquals("first", shown.getJsonArray("tags").getJsonObject(0).getString("name"));
    assertEquals(1, shown.getJsonObject("account").getInteger("followers_count"));
    assertEquals(shown, first(bo), "the same page twice, the second from what was kept");
    assertEquals(plutro.getWithToken("/api/v1/statuses/" + id, bo.token()).json(), shown,
        "a status alone and on a page are the same entity");
    assertFalse(shown.containsKey("text"), "as Mastodon: the source text only in a delete's answer");

    // Counters and the viewer's own flags.
    act(cy, "/api/v1/statuses/" + id + "/favourite");
    act(bo, "/api/v1/statuses/" + id + "/bookmark");
    shown = first(bo);
    assertEquals(1, shown.getInteger("favourites_count"));
    assertFalse(shown.getBoolean("favourited"), "cy's favourite, not bo's");
    assertTrue(shown.getBoolean("bookmarked"));
    act(cy, "/api/v1/accounts/" + ana.id() + "/follow");
    assertEquals(2, first(bo).getJsonObject("account").getInteger("followers_count"));

    // An edit: content and hashtags.
    Reply edited = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/statuses/" + id))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"changed #second\"}")),
        "Authorization", "Bearer " + ana.token());
    assertEquals(200, edited.status(), edited.body());
    shown = first(bo);
    assertTrue(shown.getString("content").contains("changed"), shown.encode());
    assertNotNull(shown.getString("edited_at"));
    assertEquals("second", shown.getJsonArray("tags").getJsonObject(0).getString("name"));

    // The author's profile.
    Reply renamed = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/accounts/update_credentials"))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"display_name\":\"Ana Kept\"}")),
        "Authorization", "Bearer " + ana.token());
    assertEquals(200, renamed.status(), renamed.body());
    assertEquals("Ana Kept", first(bo).getJsonObject("account").getString("display_name"));

    // What a remote post's later steps add: a mention and an attachment, written after its row.
    plutro.sql("INSERT INTO mentions (status_id, account_id, silent) VALUES ($1, $2, false)",
        Long.parseLong(id), Long.parseLong(cy.id()));
    JsonArray mentions = first(bo).getJsonArray("mentions");
    assertEquals(1, mentions.size(), "the mention added after the post was shown");
    assertEquals(cy.id(), mentions.getJsonObject(0).getString("id"));
    plutro.sql("DELETE FROM status_tags WHERE status_id = $1", Long.parseLong(id));
    assertEquals(new JsonArray(), first(bo).getJsonArray("tags"));

    // A moderator marks the author sensitive: everyone but the author sees the post so.
    plutro.sql("UPDATE accounts SET sensitized_at = now() WHERE id = $1", Long.parseLong(ana.id()));
    assertTrue(first(bo).getBoolean("sensitive"));
    assertFalse(first(ana).getBoolean("sensitive"), "the author sees their own post as posted");
  }

  @Test
  void aShareShowsTheSharedPostAsItIsNow() {
    Member dee = plutro.register("keptdee");
    Member eli = plutro.register("kepteli");
    Member fay = plutro.register("keptfay");
    act(fay, "/api/v1/accounts/" + eli.id() + "/follow");
    String original = plutro.postForm("/api/v1/statuses", Map.of("status", "worth sharing"),
        "Authorization", "Bearer " + dee.token()).json().getString("id");
    act(eli, "/api/v1/statuses/" + original + "/reblog");
    JsonObject share = first(fay);
    assertEquals(original, share.getJsonObject("reblog").getString("id"));
    assertEquals(1, share.getJsonObject("reblog").getInteger("reblogs_count"));

    act(fay, "/api/v1/statuses/" + original + "/favourite");
    share = first(fay);
    assertTrue(share.getJsonObject("reblog").getBoolean("favourited"));
    assertFalse(share.getBoolean("favourited"), "the share itself is not favourited");

    assertEquals(200, plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/statuses/"
        + original)).DELETE(), "Authorization", "Bearer " + dee.token()).status());
    assertEquals(0, plutro.getWithToken("/api/v1/timelines/home", fay.token()).array().size(),
        "a share of a deleted post shows nothing");
  }
}
