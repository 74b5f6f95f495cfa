package org.plutro.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plutro.server.EmbeddedStartupTest.Cli;
import org.plutro.server.config.Settings;
import org.plutro.server.media.TestImages;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * {@code plutro backup} while the server runs, {@code plutro restore} into an empty data folder:
 * the same members, posts, counts and media come back, and the instance goes on from there.
 */
class BackupRestoreTest {
  static Settings settings(Path dataDir, int port, String publicUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("PLUTRO_HTTP_HOST", "127.0.0.1");
    env.put("PLUTRO_HTTP_PORT", Integer.toString(port));
    env.put("PLUTRO_PUBLIC_URL", publicUrl);
    env.put("PLUTRO_DATA_DIR", dataDir.toString());
    env.put("PLUTRO_DATABASE_EMBEDDED_SHARED_BUFFERS_MB", "32");
    return Settings.load(env);
  }

  @Test
  void aBackupRestoresIntoAnEmptyFolderWithTheSameAccountsPostsAndMedia(@TempDir Path original,
      @TempDir Path restored, @TempDir Path files) throws Exception {
    int port = TestInstance.freePort();
    String publicUrl = "http://127.0.0.1:" + port;
    Settings first = settings(original, port, publicUrl);
    Path backup = files.resolve("plutro.backup");
    String mediaPath;
    byte[] mediaBytes;
    JsonObject before;
    String noraStatusesBefore;
    try (TestInstance plutro = TestInstance.start(first)) {
      Member nora = plutro.register("nora");
      Member omar = plutro.register("omar");
      plutro.postForm("/api/v1/accounts/" + nora.id() + "/follow", Map.of(),
          "Authorization", "Bearer " + omar.token());
      Reply upload = plutro.postMultipart("/api/v2/media", new Multipart()
          .field("description", "a picture").file("file", "p.jpg", "image/jpeg",
              TestImages.jpeg(300, 200)), "Authorization", "Bearer " + nora.token());
      assertEquals(200, upload.status(), upload.body());
      String mediaId = upload.json().getString("id");
      assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "first #backup",
          "media_ids[]", mediaId), "Authorization", "Bearer " + nora.token()).status());
      plutro.postForm("/api/v1/statuses", Map.of("status", "second"),
          "Authorization", "Bearer " + nora.token());
      JsonArray timeline = plutro.getWithToken("/api/v1/timelines/home", omar.token()).array();
      assertEquals(2, timeline.size());
      String url = timeline.getJsonObject(1).getJsonArray("media_attachments").getJsonObject(0)
          .getString("url");
      mediaPath = url.substring(plutro.base().length());
      mediaBytes = plutro.getBytes(mediaPath).body();
      before = plutro.get("/api/v1/accounts/lookup?acct=nora").json();
      noraStatusesBefore = plutro.get("/users/nora", "Accept", "application/activity+json").json()
          .getString("publicKey");

      // While the server runs: the command line attaches to its database.
      Cli made = EmbeddedStartupTest.cli(first, "backup", backup.toString());
      assertEquals(0, made.code(), made.err());
      assertTrue(made.out().contains(" media files) to "), "[" + made.out() + "][" + made.err() + "]");
      Cli again = EmbeddedStartupTest.cli(first, "backup", backup.toString());
      assertEquals(1, again.code(), "an existing file is not overwritten");
    }

    // Another folder (another machine, say) under the same address.
    Settings second = settings(restored, port, publicUrl);
    Cli restore = EmbeddedStartupTest.cli(second, "restore", backup.toString());
    assertEquals(0, restore.code(), restore.err() + restore.out());
    assertArrayEquals(Files.readAllBytes(first.secretKeyFile()), Files.readAllBytes(second.secretKeyFile()),
        "the key that seals two-factor secrets comes back too");
    Cli twice = EmbeddedStartupTest.cli(second, "restore", backup.toString());
    assertEquals(1, twice.code(), "a folder that holds data is not restored into");
    assertTrue(twice.err().contains("empty"), twice.err());

    try (TestInstance plutro = TestInstance.start(second)) {
      JsonObject after = plutro.get("/api/v1/accounts/lookup?acct=nora").json();
      assertEquals(before.getString("id"), after.getString("id"));
      assertEquals(2, after.getInteger("statuses_count"), "counts are not doubled by triggers");
      assertEquals(1, after.getInteger("followers_count"));
      assertEquals(noraStatusesBefore, plutro.get("/users/nora", "Accept",
          "application/activity+json").json().getString("publicKey"), "the same keys");
      assertArrayEquals(mediaBytes, plutro.getBytes(mediaPath).body(), "the same media file");
      JsonArray tagged = plutro.get("/api/v1/timelines/tag/backup").array();
      assertEquals(1, tagged.size());
      // The instance goes on: new ids come after the restored ones, and members can sign in.
      Member pia = plutro.register("pia");
      assertTrue(Long.parseLong(pia.id()) > Long.parseLong(after.getString("id")));
      assertEquals(200, plutro.postForm("/oauth/token", Map.of("grant_type", "password",
          "username", "nora@example.org", "password", "a long password",
          "client_id", plutro.app().clientId(), "client_secret", plutro.app().clientSecret(),
          "scope", "read")).status());
    }
  }

  @Test
  void somethingThatIsNotABackupIsRefusedAndNothingIsCreated(@TempDir Path folder) throws Exception {
    Path notABackup = folder.resolve("notes.txt");
    Files.writeString(notABackup, "hello");
    Path dataDir = folder.resolve("data");
    Cli refused = EmbeddedStartupTest.cli(settings(dataDir, 8080, "http://127.0.0.1:8080"),
        "restore", notABackup.toString());
    assertEquals(1, refused.code());
    assertTrue(refused.err().contains("is not a Plutro backup"), refused.err());
    assertTrue(Files.notExists(dataDir.resolve("postgres")));
  }
}
