package org.plutro.server.federation.inbox;

import org.plutro.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.store.JobStore;
import org.plutro.server.testrig.TestInstance;

/** The batched intake statement against a real database: repeats, bad rows, job payloads. */
class InboxIntakeTest {
  static TestInstance plutro;
  static InboxIntake intake;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    var pool = ServerInternals.pool(plutro.server());
    intake = new InboxIntake(new JobStore(pool, pool), 60);
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static InboxIntake.Item item(String uri) {
    return new InboxIntake.Item(uri, "{\"actor\":\"https://a.example/u\",\"activity\":{\"id\":\"" + uri
        + "\"}}", "a.example");
  }

  @Test
  void aBatchWithRepeatsQueuesEachActivityOnceAndTheFirstOfTwinsWins() throws Exception {
    // Taken in before: a repeat in a later batch queues nothing.
    assertNotNull(await(intake.takeIn(item("https://a.example/earlier"))));
    List<InboxIntake.Item> batch = List.of(item("https://a.example/1"), item("https://a.example/2"),
        item("https://a.example/1"), item("https://a.example/earlier"), item("https://a.example/3"));
    List<Long> jobs = await(intake.many(batch));
    assertNotNull(jobs.get(0));
    assertNotNull(jobs.get(1));
    assertNull(jobs.get(2), "the twin of an item in the same batch");
    assertNull(jobs.get(3), "taken in by an earlier batch");
    assertNotNull(jobs.get(4));
    assertEquals("https://a.example/2", plutro.sql("SELECT payload->'activity'->>'id' AS id FROM jobs"
        + " WHERE id = $1", jobs.get(1)).iterator().next().getString("id"));
    assertEquals(1, plutro.count("SELECT count(*) FROM jobs WHERE payload->'activity'->>'id' = $1",
        "https://a.example/1"));
    assertEquals(3, plutro.count("SELECT count(*) FROM jobs WHERE id = ANY($1)"
        + " AND locked_until > now()", (Object) new Long[] {jobs.get(0), jobs.get(1), jobs.get(4)}),
        "leased at birth");
  }

  @Test
  void aRowTheDatabaseRefusesFailsItsBatchAndNothingOfTheBatchIsKept() throws Exception {
    InboxIntake.Item bad = new InboxIntake.Item("https://a.example/nul",
        "{\"activity\":{\"summary\":\"a\\u0000b\"}}", "a.example");
    Future<List<Long>> batch = intake.many(List.of(item("https://a.example/good"), bad));
    batch.otherwiseEmpty().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(batch.failed(), "one statement: all or nothing");
    assertEquals(0, plutro.count("SELECT count(*) FROM inbox_seen WHERE uri = 'https://a.example/good'"));
    // Through the batcher, the good one is taken in alone and only the bad one fails.
    Future<Long> good = intake.takeIn(item("https://a.example/good"));
    Future<Long> refused = intake.takeIn(bad);
    assertNotNull(await(good));
    refused.otherwiseEmpty().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(refused.failed());
    assertEquals(0, plutro.count("SELECT count(*) FROM inbox_seen WHERE uri = 'https://a.example/nul'"));
  }
}
