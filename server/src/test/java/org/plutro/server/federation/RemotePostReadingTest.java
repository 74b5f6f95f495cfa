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
 * What Plutro takes from a remote post, delivered or fetched, strict but lossless: the language is
 * the first of {@code contentMap}'s; {@code sensitive} sent as "true" or "false" is read as
 * Mastodon reads it; a tag or attachment that cannot be read is left out and the post kept, and
 * so is any other malformed property but the post's id, type and author, which refuse it; a Link
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

  /** Delivers a Create of the note; answers the Create's id. */
  static String deliver(JsonObject note) {
    JsonObject create = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams"))
        .put("id", poster.uri() + "/activities/" + UUID.randomUUID()).put("type", "Create")
        .put("actor", poster.uri()).put("to", note.getValue("to")).put("cc", note.getValue("cc"))
        .put("object", note);
    assertEquals(202, SignedPost.post(plutro, "/inbox", poster.signer(), RequestSigner.Style.CAVAGE,
        create.encode(), Map.of()).status());
    return create.getString("id");
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
  void sensitiveSentAsTrueOrFalseIsTheFlagAndAnythingElseIsNone() {
    JsonObject text = note("/notes/sensitive-text", "Behind a warning").put("sensitive", "True");
    JsonObject flag = note("/notes/sensitive-flag", "Behind a warning").put("sensitive", true);
    JsonObject odd = note("/notes/sensitive-odd", "Behind what?").put("sensitive", "yes");
    deliver(text);
    deliver(flag);
    deliver(odd);
    awaitStored(text.getString("id"));
    awaitStored(flag.getString("id"));
    awaitStored(odd.getString("id"));
    assertEquals(true, status(text.getString("id")).getBoolean("sensitive"));
    assertEquals(true, status(flag.getString("id")).getBoolean("sensitive"));
    assertEquals(false, status(odd.getString("id")).getBoolean("sensitive"), "the post kept, not sensitive");

    // Fetched, the same: a search finds it.
    JsonObject served = note("/notes/sensitive-served", "Fetched").put("sensitive", "false")
        .put("@context", "https://www.w3.org/ns/activitystreams");
    remote.serve("/users/reader/notes/sensitive-served", served);
    Reply found = plutro.getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + URLEncoder.encode(served.getString("id"), StandardCharsets.UTF_8), nia.token());
    assertEquals(1, found.json().getJsonArray("statuses").size(), found.body());
    assertEquals(false, status(served.getString("id")).getBoolean("sensitive"));
  }

  /**
   * A property that cannot be read is left out and the post kept (a wrongly refused delivery is
   * lost data): a {@code url} or an address that is no URI, a date as a number, a policy that is
   * no object, a poll option whose count is an id.
   */
  @Test
  void aMalformedPropertyIsLeftOutAndThePostKept() {
    JsonObject url = note("/notes/bad-url", "Where?").put("url", "not a url");
    JsonObject addressed = note("/notes/bad-address", "To whom?");
    addressed.getJsonArray("to").add("nobody at all");
    addressed.getJsonArray("cc").add(7);
    JsonObject dated = note("/notes/bad-date", "When?").put("published", 20260101);
    JsonObject policy = note("/notes/bad-policy", "Who may?").put("interactionPolicy", "followers");
    JsonObject question = note("/notes/bad-option", "Which?").put("type", "Question").put("oneOf", new JsonArray()
        .add(new JsonObject().put("type", "Note").put("name", "this").put("replies", poster.uri() + "/replies/1"))
        .add(new JsonObject().put("type", "Note").put("name", "that")
            .put("replies", new JsonObject().put("type", "Collection").put("totalItems", 2))));
    for (JsonObject note : List.of(url, addressed, dated, policy, question)) {
      deliver(note);
    }
    for (JsonObject note : List.of(url, addressed, dated, policy, question)) {
      awaitStored(note.getString("id"));
    }
    assertEquals(url.getString("id"), status(url.getString("id")).getString("url"), "no url: the post's id");
    assertEquals("public", status(addressed.getString("id")).getString("visibility"));
    assertEquals("public", status(dated.getString("id")).getString("visibility"));
    assertNull(status(policy.getString("id")).getString("replies_from"), "no policy: everyone may reply");
    Row poll = plutro.sql("SELECT p.options, p.tallies FROM polls p JOIN statuses s ON s.id = p.status_id"
        + " WHERE s.uri = $1", question.getString("id")).iterator().next();
    assertEquals(List.of("this", "that"), List.of(poll.getArrayOfStrings("options")));
    assertEquals(List.of(0L, 2L), List.of(poll.getArrayOfLongs("tallies")));
  }

  /** Whose post it is cannot be left out: a post whose id or author cannot be read stores nothing. */
  @Test
  void aPostWhoseIdOrAuthorCannotBeReadIsRefused() {
    long before = plutro.count("SELECT count(*) FROM statuses");
    // On the actor's origin (the inbox takes it in), but longer than any id we read.
    JsonObject longId = note("/notes/" + "x".repeat(5000), "Mine?").put("sensitive", "yes");
    JsonObject noAuthor = note("/notes/no-author", "Whose?").put("attributedTo", "someone");
    String[] activities = {deliver(longId), deliver(noAuthor)};
    Eventually.within10s("the deliveries are handled", () -> plutro.count("SELECT count(*) FROM jobs"
        + " WHERE kind = 'inbox' AND payload->'activity'->>'id' = ANY($1)", (Object) activities) == 0);
    assertEquals(before, plutro.count("SELECT count(*) FROM statuses"));
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
