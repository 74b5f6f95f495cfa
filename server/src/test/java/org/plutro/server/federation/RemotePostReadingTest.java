package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * What Plutro takes from a remote post, delivered or fetched, as it has always read it: the
 * language is the first of {@code contentMap}'s; {@code sensitive} sent as text makes the post
 * unreadable; a tag or attachment that cannot be read is left out and the post kept; a Link
 * attachment (Lemmy's link posts) or a bare URL is no media; an empty sub-policy states nothing,
 * an empty approval list lets nobody.
 */
class RemotePostReadingTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static Member nia;
  static FakeRemote.Actor poster;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    nia = plutro.register("nia");
    poster = remote.actor("reader");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  static JsonObject note(String path, String text) {
    return new JsonObject().put("id", poster.uri() + path).put("type", "Note")
        .put("attributedTo", poster.uri()).put("content", "<p>" + text + "</p>")
        .put("published", "2026-01-01T00:00:00Z")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add(poster.uri() + "/followers"));
  }

  static void deliver(JsonObject note) {
    JsonObject create = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams"))
        .put("id", poster.uri() + "/activities/" + UUID.randomUUID()).put("type", "Create")
        .put("actor", poster.uri()).put("to", note.getValue("to")).put("cc", note.getValue("cc"))
        .put("object", note);
    assertEquals(202, SignedPost.post(plutro, "/inbox", poster.signer(), RequestSigner.Style.CAVAGE,
        create.encode(), Map.of()).status());
  }

  static void awaitStored(String uri) {
    Eventually.within10s(uri + " is stored", () ->
        plutro.count("SELECT count(*) FROM statuses WHERE uri = $1", uri) == 1);
  }

  static Row status(String uri) {
    return plutro.sql("SELECT * FROM statuses WHERE uri = $1", uri).iterator().next();
  }

  @Test
  void theLanguageIsTheFirstOfTheContentMap() {
    JsonObject bilingual = note("/notes/bilingual", "Hallo").put("contentMap", new JsonObject()
        .put("en", "<p>Hello</p>").put("de", "<p>Hallo</p>"));
    JsonObject longTag = note("/notes/long-tag", "Hi").put("contentMap", new JsonObject()
        .put("en-x-seventeen-chars", "<p>Hi</p>"));
    JsonObject mapOnly = note("/notes/map-only", "unused").put("contentMap", new JsonObject()
        .put("fr", "<p>Bonjour</p>"));
    mapOnly.remove("content");
    deliver(bilingual);
    deliver(longTag);
    deliver(mapOnly);
    awaitStored(bilingual.getString("id"));
    awaitStored(longTag.getString("id"));
    awaitStored(mapOnly.getString("id"));

    Row first = status(bilingual.getString("id"));
    assertEquals("en", first.getString("language"), "the first language, not the one of content");
    assertEquals("<p>Hallo</p>", first.getString("content"));
    assertNull(status(longTag.getString("id")).getString("language"), "a tag past 16 characters is none");
    Row second = status(mapOnly.getString("id"));
    assertEquals("fr", second.getString("language"));
    assertEquals("<p>Bonjour</p>", second.getString("content"));
  }

  @Test
  void sensitiveSentAsTextMakesThePostUnreadable() {
    JsonObject text = note("/notes/sensitive-text", "Behind a warning?").put("sensitive", "true");
    JsonObject flag = note("/notes/sensitive-flag", "Behind a warning").put("sensitive", true);
    deliver(text);
    deliver(flag);
    awaitStored(flag.getString("id"));
    assertEquals(true, status(flag.getString("id")).getBoolean("sensitive"));

    // Fetched, the same: a search finds nothing to show.
    JsonObject served = note("/notes/sensitive-served", "Fetched").put("sensitive", "false")
        .put("@context", "https://www.w3.org/ns/activitystreams");
    remote.serve("/users/reader/notes/sensitive-served", served);
    Reply found = plutro.getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + URLEncoder.encode(served.getString("id"), StandardCharsets.UTF_8), nia.token());
    assertEquals(0, found.json().getJsonArray("statuses").size(), found.body());

    assertEquals(0, plutro.count("SELECT count(*) FROM statuses WHERE uri = ANY($1)",
        (Object) new String[] {text.getString("id"), served.getString("id")}));
  }

  @Test
  void aTagOrAttachmentThatCannotBeReadIsLeftOutAndThePostKept() {
    JsonObject note = note("/notes/odd-parts", "Odd parts").put("tag", new JsonArray()
            .add(7)
            .add(new JsonObject().put("type", "Mention").put("href", true).put("name", "@nobody"))
            .add(new JsonObject().put("type", "Mention").put("href", nia.actorUri()).put("name", "@nia"))
            .add(new JsonObject().put("type", "Hashtag").put("name", 5))
            .add(new JsonObject().put("type", "Hashtag").put("name", "#Kept"))
            .add(new JsonObject().put("type", "Link").put("mediaType", "application/activity+json")
                .put("href", "not a uri").put("name", "RE: not a uri")))
        .put("attachment", new JsonArray()
            .add(7)
            .add(new JsonObject().put("type", "Document").put("mediaType", "image/png")
                .put("url", "not a url"))
            .add(new JsonObject().put("type", "Document").put("mediaType", "image/png")
                .put("url", "https://files.example/kept.png").put("width", "wide")
                .put("focalPoint", "centre"))
            .add(new JsonObject().put("type", "Link").put("href", "https://lemmy.example/post/1"))
            .add("https://files.example/bare.png"));
    note.getJsonArray("cc").add(nia.actorUri());
    deliver(note);
    String uri = note.getString("id");
    awaitStored(uri);
    long id = status(uri).getLong("id");

    assertEquals(1, plutro.count("SELECT count(*) FROM mentions WHERE status_id = $1 AND account_id = $2"
        + " AND NOT silent", id, Long.parseLong(nia.id())), "nia is mentioned");
    assertEquals(List.of("kept"), plutro.sql("SELECT t.name FROM status_tags st JOIN tags t"
        + " ON t.id = st.tag_id WHERE st.status_id = $1", id).stream().map(row -> row.getString(0)).toList());
    List<Row> media = plutro.sql("SELECT * FROM media_attachments WHERE status_id = $1", id).stream().toList();
    assertEquals(1, media.size(), "the readable file only");
    assertEquals("https://files.example/kept.png", media.get(0).getString("remote_url"));
    assertEquals("image", media.get(0).getString("type"));
    assertNull(media.get(0).getValue("width"));
    assertNull(media.get(0).getValue("focus_x"));
  }

  @Test
  void anEmptySubPolicyStatesNothingAndAnEmptyListLetsNobody() {
    JsonObject note = note("/notes/policies", "Who may?").put("interactionPolicy", new JsonObject()
        .put("canReply", new JsonObject())
        .put("canAnnounce", new JsonObject().put("automaticApproval", new JsonArray())));
    deliver(note);
    awaitStored(note.getString("id"));
    Row row = status(note.getString("id"));
    assertNull(row.getString("replies_from"), "everyone may reply");
    assertEquals("nobody", row.getString("shares_from"));
  }
}
