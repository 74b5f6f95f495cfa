package org.plutro.server.store;

import org.plutro.server.ServerInternals;
import org.plutro.server.domain.NotificationType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.domain.InteractionPolicy;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.store.RemotePostStore.Contents;
import org.plutro.server.store.RemotePostStore.Notice;
import org.plutro.server.store.RemotePostStore.Post;
import org.plutro.server.testrig.TestInstance;

/**
 * Posts written together (one transaction for a batch) are each stored with all they carry; a
 * post the database refuses fails its transaction, and leaves nothing behind. (That it fails
 * alone, its neighbours stored in transactions of their own, is RemotePostBatchTest's.)
 */
class RemotePostStoreTest {
  static TestInstance plutro;
  static long author;
  static long reader;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    author = Long.parseLong(plutro.register("author").id());
    reader = Long.parseLong(plutro.register("reader").id());
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
  }

  /** A post mentioning the reader (and notifying them) under {@code hashtag}. */
  static Post post(String uri, String hashtag) {
    Status status = new Status(0, uri, uri, author, false, null, null, "<p>" + uri + "</p>", null,
        "", false, null, Visibility.PUBLIC, List.of(), List.of(), null, OffsetDateTime.now(), null,
        null, new InteractionPolicy(InteractionPolicy.Who.FOLLOWERS, InteractionPolicy.Who.EVERYONE));
    return new Post(status, new Contents(List.of(reader), List.of(), List.of(hashtag), List.of(),
        new PollStore.Remote(List.of("a", "b"), List.of(1L, 2L), false, 3, null), false,
        List.of(new Notice(reader, NotificationType.MENTION))));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static long count(String sql, Object... args) {
    return plutro.count(sql, args);
  }

  /** Stores the posts in one transaction, as a batch does. */
  static Future<List<Optional<Long>>> insert(List<Post> posts) {
    return ServerInternals.pool(plutro.server()).withTransaction(tx -> RemotePostStore.insert(tx, posts));
  }

  @Test
  void postsOfABatchAreEachStoredWholeAndAPostTheDatabaseRefusesLeavesNothing() throws Exception {
    List<Post> posts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      posts.add(post("https://r.example/whole/" + i, "fine"));
    }
    List<Optional<Long>> ids = await(insert(posts));
    for (Optional<Long> stored : ids) {
      long id = stored.orElseThrow();
      assertEquals(1, count("SELECT count(*) FROM mentions WHERE status_id = $1 AND account_id = $2",
          id, reader));
      assertEquals(1, count("SELECT count(*) FROM status_tags st JOIN tags t ON t.id = st.tag_id"
          + " WHERE st.status_id = $1 AND t.name = 'fine'", id));
      assertEquals(1, count("SELECT count(*) FROM polls WHERE status_id = $1", id));
      assertEquals(1, count("SELECT count(*) FROM statuses WHERE id = $1 AND replies_from = 'followers'", id));
      assertEquals(1, count("SELECT count(*) FROM notifications WHERE account_id = $1 AND status_id = $2"
          + " AND type = 'mention'", reader, id));
    }
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> await(insert(List.of(post("https://r.example/whole/6", "fine"),
            post("https://r.example/whole/7", "poison")))));
    assertTrue(refused.getCause().getMessage().contains("poisoned post"), refused.toString());
    assertEquals(0, count("SELECT count(*) FROM statuses WHERE uri IN ('https://r.example/whole/6',"
        + " 'https://r.example/whole/7')"));
    assertEquals(0, count("SELECT count(*) FROM tags WHERE name = 'poison'"));
  }

  @Test
  void aPostGivenTwiceIsStoredAndNotifiedOnce() throws Exception {
    List<Optional<Long>> ids = await(insert(List.of(post("https://r.example/twice", "fine"),
        post("https://r.example/twice", "fine"), post("https://r.example/twice", "fine"))));
    assertEquals(1, ids.stream().filter(Optional::isPresent).count(), ids.toString());
    long id = ids.stream().flatMap(Optional::stream).findFirst().orElseThrow();
    assertTrue(await(insert(List.of(post("https://r.example/twice", "fine")))).get(0).isEmpty(),
        "a later repeat stores nothing");
    assertEquals(1, count("SELECT count(*) FROM statuses WHERE uri = 'https://r.example/twice'"));
    assertEquals(1, count("SELECT count(*) FROM mentions WHERE status_id = $1", id));
    assertEquals(1, count("SELECT count(*) FROM polls WHERE status_id = $1", id));
    assertEquals(1, count("SELECT count(*) FROM notifications WHERE status_id = $1", id));
  }

  /**
   * A post's row is written once with all it carries: its own transaction's mentions and hashtags
   * do not rewrite it (its version is that transaction's already), while a later transaction's
   * still move its version (V250, V535).
   */
  @Test
  void aPostIsNotRewrittenForWhatItsOwnTransactionAddsButIsForWhatALaterOneAdds() throws Exception {
    var pool = ServerInternals.pool(plutro.server());
    String row = "SELECT ctid::text || ' ' || xmin::text FROM statuses WHERE id = $1";
    List<String> versions = await(pool.withTransaction(tx -> RemotePostStore.insert(tx,
        List.of(post("https://r.example/once", "first"))).compose(ids -> {
          long id = ids.get(0).orElseThrow();
          return tx.preparedQuery(row).execute(io.vertx.sqlclient.Tuple.of(id))
              .compose(before -> TagStore.link(tx, java.util.Map.of(id, List.of("second")))
                  .compose(done -> tx.preparedQuery(row).execute(io.vertx.sqlclient.Tuple.of(id)))
                  .map(after -> List.of(Long.toString(id), before.iterator().next().getString(0),
                      after.iterator().next().getString(0))));
        })));
    long id = Long.parseLong(versions.get(0));
    assertEquals(versions.get(1), versions.get(2), "the same transaction's hashtag left the row as it was");
    String committed = plutro.sql(row, id).iterator().next().getString(0);
    assertEquals(versions.get(1), committed);
    await(pool.withTransaction(tx -> TagStore.link(tx, java.util.Map.of(id, List.of("third")))));
    String later = plutro.sql(row, id).iterator().next().getString(0);
    assertTrue(!committed.split(" ")[1].equals(later.split(" ")[1]),
        "a later transaction's hashtag moved the version: " + committed + " -> " + later);
    assertEquals(3, count("SELECT count(*) FROM status_tags WHERE status_id = $1", id));
  }
}
