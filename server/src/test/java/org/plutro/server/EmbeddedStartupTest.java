package org.plutro.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.config.Settings;
import org.plutro.server.testrig.TestInstance;

/**
 * The default set-up a new user gets: no database URL, so an embedded PostgreSQL whose data lives
 * in the data folder and survives a restart. The admin command line works beside the server.
 */
class EmbeddedStartupTest {
  @Test
  void dataSurvivesARestartAndTheCommandLineSharesTheDatabase(@TempDir Path dataDir) {
    int port = TestInstance.freePort();
    Settings settings = Settings.load(Map.of("PLUTRO_HTTP_PORT", Integer.toString(port),
        "PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port, "PLUTRO_DATA_DIR", dataDir.toString()));
    assertTrue(settings.databaseUrl().isEmpty());

    try (TestInstance first = TestInstance.start(settings)) {
      first.register("persistent");
      // While the server runs, the command line attaches to its embedded PostgreSQL.
      Cli created = cli(settings, "account", "create", "--username", "from_cli",
          "--email", "cli@example.org", "--password", "a long password", "--admin");
      assertEquals(0, created.code(), created.err());
      assertTrue(created.out().contains("@from_cli@127.0.0.1:" + port), created.out());
      assertEquals(200, first.get("/users/from_cli", "Accept", "application/activity+json").status());
      Cli duplicate = cli(settings, "account", "create", "--username", "FROM_CLI",
          "--email", "other@example.org", "--password", "a long password");
      assertEquals(1, duplicate.code());
      assertTrue(duplicate.err().contains("Username is already taken"), duplicate.err());
    }
    assertTrue(Files.isDirectory(dataDir.resolve("postgres")), "data lives in the data folder");
    assertTrue(Files.notExists(dataDir.resolve("postgres/postmaster.pid")), "PostgreSQL stopped");

    try (TestInstance second = TestInstance.start(settings)) {
      assertEquals(200, second.get("/users/persistent", "Accept", "application/activity+json").status());
      assertEquals(2L, second.get("/nodeinfo/2.0").json().getJsonObject("usage")
          .getJsonObject("users").getLong("total"));
    }

    // With the server stopped, the command line starts the embedded database itself.
    Cli list = cli(settings, "account", "list");
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("@persistent@127.0.0.1:" + port), list.out());
    assertTrue(list.out().contains("2 members"), list.out());
    assertEquals(2, cli(settings, "account", "frobnicate").code());
    assertEquals(2, cli(settings, "account", "create", "--username").code());
  }

  record Cli(int code, String out, String err) {}

  static Cli cli(Settings settings, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AdminCommand.run(settings, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
