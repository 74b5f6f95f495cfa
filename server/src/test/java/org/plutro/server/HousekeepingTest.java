package org.plutro.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.TestInstance;

class HousekeepingTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void activityIdsOlderThanThirtyDaysAreForgottenAndNewerOnesKept() throws Exception {
    plutro.sql("INSERT INTO inbox_seen (uri, received_at) SELECT 'https://old.example/' || n,"
        + " now() - interval '31 days' FROM generate_series(1, 5003) n");
    plutro.sql("INSERT INTO inbox_seen (uri, received_at) VALUES ('https://recent.example/1',"
        + " now() - interval '29 days'), ('https://recent.example/2', now())");
    var server = plutro.server();
    int pruned = ServerInternals.housekeeping(server, 14).run().toCompletionStage()
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(5003, pruned, "in slices, until none is left");
    assertEquals(0, plutro.count("SELECT count(*) FROM inbox_seen WHERE uri LIKE 'https://old.example/%'"));
    assertEquals(2, plutro.count("SELECT count(*) FROM inbox_seen WHERE uri LIKE 'https://recent.example/%'"));
  }

  @Test
  void homeFeedRowsPastTheHorizonAreDroppedAndRecentOnesKept() throws Exception {
    long day = 86_400_000L;
    long now = System.currentTimeMillis();
    // Feed rows need no post (readers join statuses): 16 days old, and 1 day old.
    plutro.sql("INSERT INTO home_feed (account_id, status_id, author_id) VALUES (1, $1, 1), (1, $2, 1)",
        (now - 16 * day) << 16, (now - day) << 16);
    var server = plutro.server();
    ServerInternals.housekeeping(server, 14).run().toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertEquals(0, plutro.count("SELECT count(*) FROM home_feed WHERE status_id = $1", (now - 16 * day) << 16));
    assertEquals(1, plutro.count("SELECT count(*) FROM home_feed WHERE status_id = $1", (now - day) << 16));
  }
}
