package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plutro.server.config.Settings;
import org.plutro.server.db.DatabaseAddress;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestDatabase;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Scheduled posts as Mastodon has them: {@code scheduled_at} on a new post keeps it until its
 * time (at least five minutes ahead), the member can list, move and cancel it, and the durable
 * queue publishes it once at its time, across a restart and with two processes on one database.
 */
class ScheduledStatusesTest {
  static String inMinutes(long minutes) {
    return OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(minutes).toString();
  }

  static Reply schedule(TestInstance plutro, Member member, Map<String, String> form) {
    return plutro.postForm("/api/v1/statuses", form, "Authorization", "Bearer " + member.token());
  }

  static Reply put(TestInstance plutro, Member member, String path, String form) {
    return plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString(form)), "Authorization", "Bearer " + member.token());
  }

  @Test
  void aScheduledPostWaitsAndCanBeListedMovedAndCancelled() {
    try (TestInstance plutro = TestInstance.start()) {
      Member nora = plutro.register("nora");
      for (String bad : new String[] {inMinutes(2), "tomorrow", "2030-13-45T00:00:00Z"}) {
        Reply refused = schedule(plutro, nora, Map.of("status", "too soon", "scheduled_at", bad));
        assertEquals(422, refused.status(), bad + ": " + refused);
        assertTrue(refused.json().getString("error").contains("Scheduled at"), refused.body());
      }
      Reply empty = schedule(plutro, nora, Map.of("status", " ", "scheduled_at", inMinutes(60)));
      assertEquals(422, empty.status(), "the post itself is checked when scheduled");

      Reply scheduled = schedule(plutro, nora, Map.of("status", "later #news", "visibility",
          "unlisted", "spoiler_text", "cw", "scheduled_at", "2030-01-02T03:04:05Z"));
      assertEquals(200, scheduled.status(), scheduled.body());
      JsonObject entity = scheduled.json();
      assertEquals("2030-01-02T03:04:05.000Z", entity.getString("scheduled_at"));
      assertEquals("later #news", entity.getJsonObject("params").getString("text"));
      assertEquals("unlisted", entity.getJsonObject("params").getString("visibility"));
      assertEquals("cw", entity.getJsonObject("params").getString("spoiler_text"));
      assertEquals(new JsonArray(), entity.getJsonArray("media_attachments"));
      assertNull(entity.getValue("content"), "a ScheduledStatus, not a Status");
      assertEquals(0, plutro.count("SELECT count(*) FROM statuses WHERE account_id = $1",
          Long.parseLong(nora.id())), "nothing is published yet");

      String path = "/api/v1/scheduled_statuses/" + entity.getString("id");
      JsonArray listed = plutro.getWithToken("/api/v1/scheduled_statuses", nora.token()).array();
      assertEquals(1, listed.size());
      assertEquals(entity, listed.getJsonObject(0));
      Member omar = plutro.register("omar");
      assertEquals(404, plutro.getWithToken(path, omar.token()).status(), "only its author sees it");

      Reply moved = put(plutro, nora, path, "scheduled_at=2031-06-07T08:09:10Z");
      assertEquals(200, moved.status(), moved.body());
      assertEquals("2031-06-07T08:09:10.000Z", moved.json().getString("scheduled_at"));
      assertEquals(422, put(plutro, nora, path, "scheduled_at=" + inMinutes(1)).status());
      assertEquals(2, plutro.count("SELECT count(*) FROM jobs WHERE kind = 'scheduled_status'"),
          "the old time's job stays, and finds the post not due");

      assertEquals(200, plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + path))
          .DELETE(), "Authorization", "Bearer " + nora.token()).status());
      assertEquals(404, plutro.getWithToken(path, nora.token()).status());
    }
  }

  @Test
  void itIsPublishedOnceAtItsTimeAcrossARestartWithTwoProcessesOnOneDatabase() throws Exception {
    String database = TestDatabase.newDatabaseUrl();
    int port = TestInstance.freePort();
    Settings first = settings(database, port, port);
    Member nora;
    String id;
    try (TestInstance plutro = TestInstance.start(first)) {
      nora = plutro.register("nora");
      Reply scheduled = schedule(plutro, nora, Map.of("status", "from the past", "scheduled_at",
          inMinutes(10)));
      assertEquals(200, scheduled.status(), scheduled.body());
      id = scheduled.json().getString("id");
    }
    // Its time comes while no server runs.
    DatabaseAddress address = DatabaseAddress.parse(database);
    try (Connection connection = DriverManager.getConnection(address.jdbcUrl(), address.user(),
        address.password()); Statement statement = connection.createStatement()) {
      statement.execute("UPDATE scheduled_statuses SET scheduled_at = now() - interval '1 second'");
      statement.execute("UPDATE jobs SET run_at = now() WHERE kind = 'scheduled_status'");
    }
    try (TestInstance one = TestInstance.start(first);
         TestInstance two = TestInstance.start(settings(database, TestInstance.freePort(), port))) {
      Eventually.within(Duration.ofSeconds(30), "the post is published", () -> one.count(
          "SELECT count(*) FROM scheduled_statuses") == 0);
      JsonArray posts = one.getWithToken("/api/v1/accounts/" + nora.id() + "/statuses",
          nora.token()).array();
      assertEquals(1, posts.size(), posts.encode());
      assertEquals("<p>from the past</p>", posts.getJsonObject(0).getString("content"));
      // A finished job's row is deleted by its queue's next poll (within a second), not at once.
      Eventually.within10s("the job is done and gone", () -> one.count(
          "SELECT count(*) FROM jobs WHERE kind = 'scheduled_status'") == 0);
      assertEquals(404, one.getWithToken("/api/v1/scheduled_statuses/" + id, nora.token()).status());
      assertEquals(1, two.count("SELECT count(*) FROM statuses WHERE account_id = $1",
          Long.parseLong(nora.id())), "once, though two processes poll");
    }
  }

  static Settings settings(String database, int port, int publicPort) {
    return TestInstance.sharing(database, port, publicPort, Map.of());
  }
}
