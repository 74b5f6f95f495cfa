package org.plutro.server.federation.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.vocab.Note;
import org.plutro.server.ServerInternals;
import org.plutro.server.domain.Account;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Posts stored together share one transaction, in which their parents, mentioned accounts and
 * refusals are read and everything they carry is written. One bad post in a batch (the database
 * refuses its hashtag, through a trigger the test adds) is stored not at all, and every other
 * post of the batch is stored whole: row, thread link, mention, notification, hashtag and home
 * feed.
 */
class RemotePostBatchTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static Member mia;
  static FakeRemote.Actor poster;
  static Account author;
  static String miasPostUri;
  static long miasPostId;

  @BeforeAll
  static void start() throws Exception {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    mia = plutro.register("mia");
    poster = remote.actor("poster");
    author = await(ServerInternals.remoteActors(plutro.server()).byUri(poster.uri()));
    JsonObject posted = plutro.postJson("/api/v1/statuses", new JsonObject().put("status", "Hello"),
        "Authorization", "Bearer " + mia.token()).json();
    miasPostUri = posted.getString("uri");
    miasPostId = Long.parseLong(posted.getString("id"));
    assertEquals(200, plutro.postForm("/api/v1/tags/batched/follow", Map.of(),
        "Authorization", "Bearer " + mia.token()).status());
    // The database refuses to put a post under #poison.
    plutro.sql("CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " IF (SELECT name FROM tags WHERE id = NEW.tag_id) = 'poison' THEN"
        + " RAISE EXCEPTION 'poisoned post'; END IF; RETURN NEW; END $$");
    plutro.sql("CREATE TRIGGER refuse_poison BEFORE INSERT ON status_tags FOR EACH ROW"
        + " EXECUTE FUNCTION refuse_poison()");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /**
   * A public reply to mia's post by poster, mentioning mia, under {@code hashtag}; published a
   * minute ago (its id comes from that time, and only recent posts enter home feeds).
   */
  static Note reply(String id, String hashtag) {
    return PeerPost.read(new JsonObject().put("id", id).put("type", "Note")
        .put("attributedTo", poster.uri()).put("content", "<p>" + id + "</p>")
        .put("published", java.time.Instant.now().minusSeconds(60).toString()).put("inReplyTo", miasPostUri)
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add(poster.uri() + "/followers").add(mia.actorUri()))
        .put("tag", new JsonArray()
            .add(new JsonObject().put("type", "Mention").put("href", mia.actorUri()).put("name", "@mia"))
            .add(new JsonObject().put("type", "Hashtag").put("name", "#" + hashtag))));
  }

  @Test
  void oneBadPostInABatchIsStoredNotAtAllAndTheOthersWhole() throws Exception {
    RemotePosts remotePosts = ServerInternals.remotePosts(plutro.server());
    Pool pool = ServerInternals.pool(plutro.server());
    // While the test holds statuses, the batches already under way wait; the posts submitted
    // meanwhile gather into one batch, the bad one among them.
    SqlConnection holder = await(pool.getConnection());
    Transaction held = await(holder.begin());
    await(holder.query("LOCK TABLE statuses IN SHARE MODE").execute());
    List<Future<Optional<Long>>> results = new ArrayList<>();
    List<Long> gated = new CopyOnWriteArrayList<>();
    int bad = 5;
    for (int i = 0; i < 8; i++) {
      String id = poster.uri() + "/statuses/batch-" + i;
      results.add(remotePosts.store(reply(id, i == bad ? "poison" : "batched"), author, true,
          (tx, parent) -> {
            gated.add(parent.id());
            return Future.succeededFuture(true);
          }));
    }
    await(held.commit());
    holder.close();

    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      if (i != bad) {
        ids.add(await(results.get(i)).orElseThrow());
      }
    }
    ExecutionException refused = assertThrows(ExecutionException.class, () -> await(results.get(bad)));
    assertTrue(refused.getCause().getMessage().contains("poisoned post"), refused.toString());
    String badUri = poster.uri() + "/statuses/batch-" + bad;
    assertEquals(0, plutro.count("SELECT count(*) FROM statuses WHERE uri = $1", badUri));
    assertEquals(0, plutro.count("SELECT count(*) FROM tags WHERE name = 'poison'"));
    long stored = plutro.count("SELECT count(*) FROM statuses WHERE uri LIKE $1",
        poster.uri() + "/statuses/batch-%");
    assertEquals(7, stored);
    long miasId = Long.parseLong(mia.id());
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      assertEquals(1, plutro.count("SELECT count(*) FROM statuses WHERE id = $1 AND in_reply_to_id = $2",
          id, miasPostId), "linked to its parent: " + i);
      assertEquals(1, plutro.count("SELECT count(*) FROM mentions WHERE status_id = $1 AND account_id = $2",
          id, miasId), "mention: " + i);
      assertEquals(1, plutro.count("SELECT count(*) FROM notifications WHERE status_id = $1"
          + " AND account_id = $2 AND type = 'mention'", id, miasId), "notification: " + i);
      assertEquals(1, plutro.count("SELECT count(*) FROM status_tags st JOIN tags t ON t.id = st.tag_id"
          + " WHERE st.status_id = $1 AND t.name = 'batched'", id), "hashtag: " + i);
      assertEquals(1, plutro.count("SELECT count(*) FROM home_feed WHERE status_id = $1 AND account_id = $2",
          id, miasId), "mia's home, for the hashtag she follows: " + i);
    }
    assertTrue(gated.stream().allMatch(parent -> parent == miasPostId), gated.toString());
  }
}
