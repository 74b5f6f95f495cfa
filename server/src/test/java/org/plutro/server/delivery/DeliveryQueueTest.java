package org.plutro.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestDatabase;
import org.plutro.server.testrig.TestInstance;

/** The delivery queue survives dead peers, crashes and company. */
class DeliveryQueueTest {
  /** A remote follower for {@code member}, through a real signed Follow. */
  static void follow(TestInstance plutro, FakeRemote remote, String remoteName, String member) {
    FakeRemote.Actor follower = remote.actor(remoteName);
    JsonObject follow = new JsonObject().put("id", follower.uri() + "/follows/" + UUID.randomUUID())
        .put("type", "Follow").put("actor", follower.uri())
        .put("object", plutro.base() + "/users/" + member);
    assertEquals(202, SignedPost.post(plutro, "/users/" + member + "/inbox", follower.signer(),
        follow.encode()).status());
    Eventually.within10s("the Accept reaches the follower", () -> remote.received().stream()
        .anyMatch(r -> r.json().getString("type").equals("Accept")
            && r.json().getJsonObject("object").getString("id").equals(follow.getString("id"))));
  }

  static long creates(FakeRemote remote) {
    return remote.received().stream().filter(r -> r.json().getString("type").equals("Create")).count();
  }

  @Test
  void aDeadPeerIsRetriedLaterAndAFinalRefusalIsNot() {
    try (TestInstance plutro = TestInstance.start(); FakeRemote remote = new FakeRemote()) {
      TestInstance.Member poster = plutro.register("poster");
      follow(plutro, remote, "listener", "poster");

      remote.inboxAnswers(503);
      plutro.postForm("/api/v1/statuses", Map.of("status", "while you were down"),
          "Authorization", "Bearer " + poster.token());
      Eventually.within10s("a failed attempt is recorded", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE state = 'queued' AND attempts = 1"
              + " AND last_status = 503 AND next_attempt_at > now()") == 1);
      assertEquals(0, creates(remote));
      assertEquals(1, plutro.count("SELECT count(*) FROM instances WHERE domain = $1"
          + " AND failure_days = 1 AND last_failure_day = current_date", remote.authority()));

      remote.inboxAnswers(202);
      // Time passes: the retry comes due.
      plutro.sql("UPDATE deliveries SET next_attempt_at = now() WHERE state = 'queued'");
      Eventually.within10s("delivered once the peer is back", () -> creates(remote) == 1);
      Eventually.within10s("recorded as delivered", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE state = 'delivered' AND attempts = 2"
              + " AND inbox_url LIKE '%/inbox'") >= 1);
      assertTrue(plutro.count("SELECT count(*) FROM instances WHERE last_success_at IS NOT NULL"
          + " AND unavailable_since IS NULL") >= 1);

      remote.inboxAnswers(410);
      plutro.postForm("/api/v1/statuses", Map.of("status", "gone for good"),
          "Authorization", "Bearer " + poster.token());
      Eventually.within10s("a 410 is final at once", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE state = 'failed' AND last_status = 410"
              + " AND attempts = 1") == 1);
    }
  }

  @Test
  void aDeliveryFailingItsSeventeenthAttemptIsGivenUp() {
    try (TestInstance plutro = TestInstance.start(); FakeRemote remote = new FakeRemote()) {
      TestInstance.Member poster = plutro.register("poster");
      follow(plutro, remote, "listener", "poster");
      remote.inboxAnswers(503);
      plutro.postForm("/api/v1/statuses", Map.of("status", "never getting through"),
          "Authorization", "Bearer " + poster.token());
      Eventually.within10s("a failed attempt is recorded", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE state = 'queued' AND attempts = 1"
              + " AND last_status = 503 AND locked_until IS NULL") == 1);
      // Sixteen attempts have failed (two to three days): the last one comes due.
      plutro.sql("UPDATE deliveries SET attempts = 16, next_attempt_at = now() WHERE state = 'queued'");
      Eventually.within10s("failed for good after the seventeenth attempt", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE state = 'failed' AND attempts = 17"
              + " AND last_status = 503 AND locked_until IS NULL") == 1);
      assertEquals(0, plutro.count("SELECT count(*) FROM deliveries WHERE state = 'queued'"));
    }
  }

  @Test
  void aDomainFailingOnSevenDaysIsSkippedUntilItSpeaksAgain() {
    try (TestInstance plutro = TestInstance.start(); FakeRemote remote = new FakeRemote()) {
      TestInstance.Member poster = plutro.register("poster");
      follow(plutro, remote, "listener", "poster");
      Eventually.within10s("the Accept's success is recorded", () -> plutro.count(
          "SELECT count(*) FROM instances WHERE last_success_at IS NOT NULL") == 1);
      plutro.sql("INSERT INTO instances (domain, failure_days, last_failure_day, unavailable_since)"
          + " VALUES ($1, 7, current_date, now()) ON CONFLICT (domain) DO UPDATE"
          + " SET failure_days = 7, unavailable_since = now()", remote.authority());
      int before = remote.received().size();
      plutro.postForm("/api/v1/statuses", Map.of("status", "nobody home"),
          "Authorization", "Bearer " + poster.token());
      Eventually.within10s("skipped, recorded as failed", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE state = 'failed' AND last_error = 'domain unavailable'") == 1);
      assertEquals(before, remote.received().size());
      // The domain sends us something: it is available again.
      follow(plutro, remote, "second", "poster");
      Eventually.within10s("available again", () -> plutro.count(
          "SELECT count(*) FROM instances WHERE unavailable_since IS NOT NULL") == 0);
    }
  }

  @Test
  void aDeliveryUnderWayWhenTheServerStopsIsFinishedAndRecorded() {
    try (FakeRemote remote = new FakeRemote()) {
      String database = TestDatabase.newDatabaseUrl();
      TestInstance plutro = TestInstance.start(Map.of("PLUTRO_DATABASE_URL", database));
      TestInstance.Member poster = plutro.register("stopper");
      follow(plutro, remote, "patient", "stopper");
      remote.answerInboxAfter(1500);
      plutro.postForm("/api/v1/statuses", Map.of("status", "said just before closing time"),
          "Authorization", "Bearer " + poster.token());
      Eventually.within10s("the delivery is under way", () -> creates(remote) == 1);
      plutro.close();
      TestInstance stopped = TestInstance.attach(plutro.base(), database);
      // The Accept of the follow, and the post sent while the server stopped.
      assertEquals(2L, stopped.count("SELECT count(*) FROM deliveries"));
      assertEquals(0L, stopped.count("SELECT count(*) FROM deliveries WHERE state <> 'delivered'"
          + " OR attempts <> 1"), "recorded before the server stopped");
    }
  }

  @Test
  void aDeliveryInterruptedByKillMinus9IsMadeAfterRestart() throws Exception {
    try (FakeRemote remote = new FakeRemote()) {
      // Migrated already: the new process starts without running Flyway (under load a cold JVM
      // migrating as well outlasted the minute given to it to answer).
      String database = TestDatabase.newMigratedDatabaseUrl();
      int port = TestInstance.freePort();
      Map<String, String> env = new HashMap<>();
      env.put("PLUTRO_HTTP_PORT", Integer.toString(port));
      env.put("PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port);
      env.put("PLUTRO_DATABASE_URL", database);
      env.put("PLUTRO_FEDERATION_ALLOW_PRIVATE", "true");
      env.put("PLUTRO_QUEUE_LEASE_SECONDS", "3");
      env.put("PLUTRO_DATA_DIR", TestInstance.tempDir().toString());

      // A separate server process, so that it can really be killed.
      ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java",
          "-cp", System.getProperty("java.class.path"), "org.plutro.server.Main")
          .redirectErrorStream(true)
          .redirectOutput(TestInstance.tempDir().resolve("killed.log").toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      try (TestInstance client = TestInstance.attach("http://127.0.0.1:" + port, database)) {
        Eventually.within(Duration.ofSeconds(60), "the process answers",
            () -> client.ping());
        TestInstance.Member poster = client.register("poster");
        follow(client, remote, "listener", "poster");
        remote.hangInbox(true);
        client.postForm("/api/v1/statuses", Map.of("status", "in flight when the lights went out"),
            "Authorization", "Bearer " + poster.token());
        Eventually.within10s("the delivery is in flight", () -> client.count(
            "SELECT count(*) FROM deliveries WHERE locked_until IS NOT NULL AND state = 'queued'") == 1);
        process.destroyForcibly().waitFor();
      } finally {
        process.destroyForcibly(); // a wait that failed must not leave the server running
      }
      remote.hangInbox(false);
      env.put("PLUTRO_HTTP_PORT", Integer.toString(port));
      try (TestInstance restarted = TestInstance.start(env)) {
        Eventually.within(Duration.ofSeconds(20), "delivered by the restarted server",
            () -> creates(remote) == 1);
        Eventually.within10s("recorded as delivered", () -> restarted.count(
            "SELECT count(*) FROM deliveries WHERE state = 'delivered'"
                + " AND activity_id IN (SELECT id FROM outbound_activities WHERE body LIKE '%Create%')") == 1);
      }
    }
  }

  @Test
  void twoProcessesShareTheQueueAndNeverSendOneDeliveryTwice() {
    try (FakeRemote remote = new FakeRemote()) {
      String database = TestDatabase.newDatabaseUrl();
      int portA = TestInstance.freePort();
      Map<String, String> env = Map.of("PLUTRO_DATABASE_URL", database,
          "PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + portA, "PLUTRO_HTTP_PORT", Integer.toString(portA));
      try (TestInstance first = TestInstance.start(env);
           TestInstance second = TestInstance.start(Map.of("PLUTRO_DATABASE_URL", database,
               "PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + portA))) {
        TestInstance.Member poster = first.register("poster");
        int inboxes = 300;
        long accountId = Long.parseLong(poster.id());
        first.sql("INSERT INTO outbound_activities (uri, account_id, body) VALUES ($1, $2, $3)",
            first.base() + "/activities/fanout", accountId,
            new JsonObject().put("id", first.base() + "/activities/fanout").put("type", "Create").encode());
        // Held back until every row is in, then released at once to both processes.
        first.sql("INSERT INTO deliveries (activity_id, inbox_url, domain, next_attempt_at)"
            + " SELECT (SELECT id FROM outbound_activities WHERE uri = $1), $2 || '/users/f' || n || '/inbox',"
            + " $3, now() + interval '1 hour' FROM generate_series(1, $4) n",
            first.base() + "/activities/fanout", remote.base(), remote.authority(), inboxes);
        first.sql("UPDATE deliveries SET next_attempt_at = now()");
        first.sql("SELECT pg_notify('plutro_deliveries', '')");
        Eventually.within(Duration.ofSeconds(30), "every inbox has it",
            () -> remote.received().size() >= inboxes);
        sleepQuietly(1000);
        List<FakeRemote.Received> received = remote.received();
        Set<String> paths = new HashSet<>();
        received.forEach(r -> paths.add(r.path()));
        assertEquals(inboxes, received.size(), "no inbox got it twice");
        assertEquals(inboxes, paths.size());
        Eventually.within10s("all recorded as delivered", () ->
            first.count("SELECT count(*) FROM deliveries WHERE state = 'delivered'") == inboxes);
        Row split = first.sql("SELECT count(*) FROM deliveries").iterator().next();
        assertEquals(inboxes, split.getLong(0));
      }
    }
  }

  static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
