package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * A remote post is stored whole or not at all: when writing it fails midway (here the database
 * refuses its hashtag, through a trigger the test adds), nothing of it is kept, and the inbox
 * job's retry stores it with its mention, hashtag, poll, interaction policy and one notification.
 * The same holds for an edit; and a post delivered again stores and notifies nothing twice.
 */
class RemotePostsWithoutLossTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static Member mia;
  static FakeRemote.Actor poster;
  /** A retried job waits 6 s (attempts^4 + 5), then up to a poll interval. */
  static final Duration RETRY = Duration.ofSeconds(20);

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    mia = plutro.register("mia");
    poster = remote.actor("poster");
    // While test_faults holds a row, the database refuses to put any post under a hashtag.
    plutro.sql("CREATE TABLE test_faults (fault text PRIMARY KEY)");
    plutro.sql("CREATE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " IF EXISTS (SELECT 1 FROM test_faults) THEN RAISE EXCEPTION 'injected fault'; END IF;"
        + " RETURN NEW; END $$");
    plutro.sql("CREATE TRIGGER test_fault BEFORE INSERT ON status_tags FOR EACH ROW"
        + " EXECUTE FUNCTION test_fault()");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  @AfterEach
  void faultsOff() {
    plutro.sql("DELETE FROM test_faults");
  }

  /** A poll by poster that mentions mia, under #Atomic, that only poster's followers may reply to. */
  static JsonObject question(String id, String text) {
    return new JsonObject().put("id", id).put("type", "Question")
        .put("attributedTo", poster.uri()).put("content", "<p>" + text + "</p>")
        .put("published", "2026-01-01T00:00:00Z")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add(poster.uri() + "/followers").add(mia.actorUri()))
        .put("tag", new JsonArray()
            .add(new JsonObject().put("type", "Mention").put("href", mia.actorUri()).put("name", "@mia"))
            .add(new JsonObject().put("type", "Hashtag").put("name", "#Atomic")))
        .put("oneOf", new JsonArray()
            .add(new JsonObject().put("type", "Note").put("name", "yes")
                .put("replies", new JsonObject().put("type", "Collection").put("totalItems", 3)))
            .add(new JsonObject().put("type", "Note").put("name", "no")
                .put("replies", new JsonObject().put("type", "Collection").put("totalItems", 1))))
        .put("interactionPolicy", new JsonObject()
            .put("canReply", new JsonObject().put("automaticApproval",
                new JsonArray().add(poster.uri() + "/followers")))
            .put("canAnnounce", new JsonObject().put("automaticApproval",
                new JsonArray().add(poster.uri()))));
  }

  static void deliver(String type, JsonObject object) {
    JsonObject activity = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
            .add("https://gotosocial.org/ns"))
        .put("id", poster.uri() + "/activities/" + UUID.randomUUID()).put("type", type)
        .put("actor", poster.uri()).put("to", object.getValue("to")).put("cc", object.getValue("cc"))
        .put("object", object);
    assertEquals(202, SignedPost.post(plutro, "/inbox", poster.signer(), RequestSigner.Style.CAVAGE,
        activity.encode(), Map.of()).status());
  }

  static long count(String sql, Object... args) {
    return plutro.count(sql, args);
  }

  static long statusId(String uri) {
    return plutro.sql("SELECT id FROM statuses WHERE uri = $1", uri).iterator().next().getLong(0);
  }

  static void awaitFailedJob() {
    Eventually.within10s("the inbox job fails on the fault", () -> count("SELECT count(*) FROM jobs"
        + " WHERE kind = 'inbox' AND last_error LIKE '%injected fault%'") == 1);
  }

  /** The post with everything its Question carried, and mia notified of it once. */
  static void assertWhole(long id, String tag) {
    assertEquals(1, count("SELECT count(*) FROM mentions WHERE status_id = $1 AND account_id = $2"
        + " AND NOT silent", id, Long.parseLong(mia.id())), "mia is mentioned");
    assertEquals(List.of(tag), plutro.sql("SELECT t.name FROM status_tags st JOIN tags t"
        + " ON t.id = st.tag_id WHERE st.status_id = $1", id).stream()
        .map(row -> row.getString(0)).toList(), "the hashtag");
    Row poll = plutro.sql("SELECT options, tallies FROM polls WHERE status_id = $1", id).iterator().next();
    assertEquals(List.of("yes", "no"), List.of(poll.getArrayOfStrings("options")));
    assertEquals(List.of(3L, 1L), List.of(poll.getArrayOfLongs("tallies")));
    Row policy = plutro.sql("SELECT replies_from, shares_from FROM statuses WHERE id = $1", id)
        .iterator().next();
    assertEquals("followers", policy.getString("replies_from"));
    assertEquals("nobody", policy.getString("shares_from"));
    assertEquals(1, count("SELECT count(*) FROM notifications WHERE account_id = $1"
        + " AND type = 'mention' AND status_id = $2", Long.parseLong(mia.id()), id));
  }

  @Test
  void aPostWhoseStoringFailsMidwayIsStoredWholeByTheRetry() {
    String uri = poster.uri() + "/questions/1";
    plutro.sql("INSERT INTO test_faults VALUES ('tags')");
    deliver("Create", question(uri, "Is it whole?"));

    awaitFailedJob();
    assertEquals(0, count("SELECT count(*) FROM statuses WHERE uri = $1", uri),
        "nothing of the post is kept while storing it fails");

    plutro.sql("DELETE FROM test_faults");
    Eventually.within(RETRY, "the retry stores the post", () ->
        count("SELECT count(*) FROM statuses WHERE uri = $1", uri) == 1);
    assertWhole(statusId(uri), "atomic");
    Eventually.within10s("the job is done", () -> count("SELECT count(*) FROM jobs"
        + " WHERE kind = 'inbox' AND last_error LIKE '%injected fault%'") == 0);
  }

  @Test
  void anEditWhoseStoringFailsMidwayIsAppliedWholeByTheRetry() {
    String uri = poster.uri() + "/questions/2";
    // First a plain Note under another hashtag, mentioning nobody.
    JsonObject original = question(uri, "First version").put("type", "Note")
        .put("cc", new JsonArray().add(poster.uri() + "/followers"))
        .put("tag", new JsonArray().add(new JsonObject().put("type", "Hashtag").put("name", "#Before")));
    original.remove("oneOf");
    original.remove("interactionPolicy");
    deliver("Create", original);
    Eventually.within10s("the post arrives", () ->
        count("SELECT count(*) FROM statuses WHERE uri = $1", uri) == 1);
    long id = statusId(uri);

    plutro.sql("INSERT INTO test_faults VALUES ('tags')");
    deliver("Update", question(uri, "Second version").put("updated", "2026-01-02T00:00:00Z"));
    awaitFailedJob();
    assertEquals(0, count("SELECT count(*) FROM status_edits WHERE status_id = $1", id),
        "no version is recorded");
    assertEquals(0, count("SELECT count(*) FROM mentions WHERE status_id = $1", id)
        + count("SELECT count(*) FROM polls WHERE status_id = $1", id),
        "nothing of the edit is kept while storing it fails");
    assertEquals("<p>First version</p>", plutro.sql("SELECT content FROM statuses WHERE id = $1", id)
        .iterator().next().getString(0));

    plutro.sql("DELETE FROM test_faults");
    Eventually.within(RETRY, "the retry applies the edit", () ->
        count("SELECT count(*) FROM statuses WHERE id = $1 AND content LIKE '%Second version%'", id) == 1);
    assertWhole(id, "atomic");
    assertEquals(2, count("SELECT count(*) FROM status_edits WHERE status_id = $1", id),
        "the original and the edit, once each");
  }

  @Test
  void aPostDeliveredAgainIsStoredAndNotifiedOnce() {
    String uri = poster.uri() + "/questions/3";
    // Twice at once (they may be written in one batch), then once more when it is stored.
    CompletableFuture<Void> first = CompletableFuture.runAsync(() -> deliver("Create", question(uri, "Once")));
    CompletableFuture<Void> second = CompletableFuture.runAsync(() -> deliver("Create", question(uri, "Once")));
    first.join();
    second.join();
    Eventually.within10s("the post arrives", () ->
        count("SELECT count(*) FROM statuses WHERE uri = $1", uri) == 1);
    deliver("Create", question(uri, "Once"));
    Eventually.within10s("every delivery's job is done", () ->
        count("SELECT count(*) FROM jobs WHERE kind = 'inbox' AND payload::text LIKE $1",
            "%" + uri + "%") == 0);

    assertEquals(1, count("SELECT count(*) FROM statuses WHERE uri = $1", uri));
    assertWhole(statusId(uri), "atomic");
    assertEquals(1, count("SELECT count(*) FROM mentions WHERE status_id = $1", statusId(uri)));
  }
}
