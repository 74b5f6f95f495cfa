package org.plutro.server.store;

import org.plutro.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.domain.InteractionPolicy;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.testrig.TestInstance;

/** Remote statuses stored together (one statement for many) keep every field and each uri once. */
class RemoteStatusInsertTest {
  static TestInstance plutro;
  static long author;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    author = Long.parseLong(plutro.register("author").id());
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  /** Stores the statuses together: one transaction, each statement for all of them. */
  private static Future<List<Optional<Long>>> insert(List<Status> statuses) {
    List<RemotePostStore.Post> posts = new ArrayList<>();
    statuses.forEach(status -> posts.add(new RemotePostStore.Post(status, RemotePostStore.Contents.NONE)));
    return ServerInternals.pool(plutro.server()).withTransaction(tx -> RemotePostStore.insert(tx, posts));
  }

  private static Optional<Long> insert(Status status) throws Exception {
    return insert(List.of(status)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).get(0);
  }

  private static Status status(String uri, Long inReplyTo, List<String> to, String language) {
    return new Status(0, uri, uri + "/page", author, false, inReplyTo, inReplyTo == null ? null
        : "https://r.example/parent", "<p>" + uri + "</p>", null, "", false, language,
        Visibility.PUBLIC, to, List.of(), null,
        OffsetDateTime.of(2026, 11, 24, 12, 0, 0, 0, ZoneOffset.UTC), null, null, InteractionPolicy.OPEN);
  }

  @Test
  void insertsTogetherShareStatementsAndKeepEveryFieldAndEachUriOnce() throws Exception {
    StatusStore store = new StatusStore(ServerInternals.pool(plutro.server()));
    List<Status> statuses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      List<String> to = i % 2 == 0 ? List.of("https://www.w3.org/ns/activitystreams#Public")
          : List.of("https://r.example/a", "https://r.example/b, with a comma \"and quotes\"");
      statuses.add(status("https://r.example/n/" + i, null, to, i % 3 == 0 ? null : "en"));
    }
    statuses.add(status("https://r.example/n/4", null, List.of(), "de"));
    List<Optional<Long>> ids = insert(statuses).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 10; i++) {
      assertTrue(ids.get(i).isPresent(), "stored: " + i);
    }
    assertTrue(ids.get(10).isEmpty(), "the same uri again is a repeat");
    assertEquals(10, plutro.count("SELECT count(*) FROM statuses WHERE uri LIKE 'https://r.example/n/%'"));

    Status odd = store.byId(ids.get(1).get()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).orElseThrow();
    assertEquals(List.of("https://r.example/a", "https://r.example/b, with a comma \"and quotes\""), odd.to());
    assertEquals(List.of(), odd.cc());
    assertEquals("en", odd.language());
    assertNull(odd.inReplyToId());
    assertEquals("https://r.example/n/1/page", odd.url());
    assertEquals(OffsetDateTime.of(2026, 11, 24, 12, 0, 0, 0, ZoneOffset.UTC).toInstant(),
        odd.createdAt().toInstant());
    Status first = store.byId(ids.get(0).get()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).orElseThrow();
    assertNull(first.language());
    assertEquals(List.of("https://www.w3.org/ns/activitystreams#Public"), first.to());
  }

  @Test
  void repliesStoredBeforeTheirParentAreLinkedWhenItArrivesAloneOrInABatch() throws Exception {
    // Two early replies: one to a parent that will arrive alone, one to a parent in a batch.
    for (String n : new String[] {"1", "2"}) {
      Status orphan = new Status(0, "https://r.example/orphan/" + n, null, author, false, null,
          "https://r.example/later/" + n, "<p>early</p>", null, "", false, null, Visibility.PUBLIC, List.of(),
          List.of(), null, OffsetDateTime.now(), null, null, InteractionPolicy.OPEN);
      insert(orphan);
    }
    assertEquals(2, plutro.count("SELECT count(*) FROM statuses WHERE uri LIKE 'https://r.example/orphan/%'"
        + " AND in_reply_to_id IS NULL"));
    long alone = insert(status("https://r.example/later/1", null, List.of(), null)).orElseThrow();
    List<Status> batch = new ArrayList<>();
    for (String uri : new String[] {"https://r.example/later/2", "https://r.example/other/1", "https://r.example/other/2"}) {
      batch.add(status(uri, null, List.of(), null));
    }
    long batched = insert(batch).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .get(0).orElseThrow();
    assertEquals(alone, plutro.sql("SELECT in_reply_to_id FROM statuses WHERE uri = 'https://r.example/orphan/1'")
        .iterator().next().getLong(0));
    assertEquals(batched, plutro.sql("SELECT in_reply_to_id FROM statuses WHERE uri = 'https://r.example/orphan/2'")
        .iterator().next().getLong(0));
  }

  /**
   * Posts published in the same millisecond share its 65,536 ids with every id the sequence gives
   * meanwhile: one whose id would be taken is stored at once under an id of the present (V536),
   * not refused.
   */
  @Test
  void aPostWhoseIdAtPublishingIsTakenIsStoredUnderAnotherOne() throws Exception {
    Status first = status("https://r.example/same-ms/1", null, List.of(), null);
    long taken = insert(first).orElseThrow();
    // The sequence turned round: its next value ends in the taken id's 16 bits.
    long current = plutro.count("SELECT last_value FROM id_sequence");
    long wanted = current + 65536 - Math.floorMod(current - (taken & 65535), 65536) - 1;
    plutro.sql("SELECT setval('id_sequence', $1)", wanted + 65536);
    long second = insert(status("https://r.example/same-ms/2", null, List.of(), null)).orElseThrow();
    assertTrue(second != taken, "another id");
    assertEquals(taken & 65535, plutro.count("SELECT (last_value - 1) & 65535 FROM id_sequence"),
        "the id at publishing was the taken one");
    assertEquals(2, plutro.count("SELECT count(*) FROM statuses WHERE uri LIKE 'https://r.example/same-ms/%'"));
  }
}
