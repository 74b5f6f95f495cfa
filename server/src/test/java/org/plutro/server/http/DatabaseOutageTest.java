package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * The database stops under a running server (a restart, an upgrade, a crash): requests get 503
 * with Retry-After, not 500, and the server serves again by itself once the database is back.
 */
class DatabaseOutageTest {
  @Test
  void aStoppedDatabaseGives503AndTheServerRecoversByItself(@TempDir Path folder) throws IOException {
    int port = TestInstance.freePort();
    EmbeddedPostgres postgres = database(folder, port);
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_DATABASE_URL",
        "postgresql://postgres@127.0.0.1:" + port + "/postgres"))) {
      Member nora = plutro.register("nora");
      assertEquals(200, plutro.getWithToken("/api/v1/timelines/home", nora.token()).status());

      postgres.close();
      for (String path : new String[] {"/api/v1/timelines/home", "/api/v1/accounts/verify_credentials"}) {
        Reply reply = plutro.getWithToken(path, nora.token());
        assertEquals(503, reply.status(), path + ": " + reply);
        assertEquals("10", reply.header("Retry-After"));
        assertTrue(reply.json().getString("error").contains("unavailable"), reply.body());
      }
      Reply ready = plutro.get("/readyz");
      assertEquals(503, ready.status());
      assertEquals(200, plutro.get("/livez").status(), "the process itself is alive");

      postgres = database(folder, port);
      Eventually.within(Duration.ofSeconds(20), "the server serves again",
          () -> plutro.getWithToken("/api/v1/timelines/home", nora.token()).status() == 200);
      assertEquals(200, plutro.get("/readyz").status());
      assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "back"),
          "Authorization", "Bearer " + nora.token()).status());
    } finally {
      postgres.close();
    }
  }

  private static EmbeddedPostgres database(Path folder, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(folder.resolve("data"))
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(folder.resolve("runtime").toFile())
        .setPort(port)
        .start();
  }
}
