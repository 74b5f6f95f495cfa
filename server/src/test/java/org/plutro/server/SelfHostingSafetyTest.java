package org.plutro.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plutro.server.config.Settings;
import org.plutro.server.config.SettingsException;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.TestInstance;

/**
 * The mistakes and accidents of self-hosting end well: the embedded database takes only Plutro's
 * password, one data folder has one server, a killed server's PostgreSQL does not linger, the
 * instance's address cannot change under it, and start-up errors name the setting.
 */
class SelfHostingSafetyTest {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  static Map<String, String> environment(Path dataDir, int port) {
    Map<String, String> env = new HashMap<>();
    env.put("PLUTRO_HTTP_HOST", "127.0.0.1");
    env.put("PLUTRO_HTTP_PORT", Integer.toString(port));
    env.put("PLUTRO_DATA_DIR", dataDir.toString());
    env.put("PLUTRO_DATABASE_EMBEDDED_SHARED_BUFFERS_MB", "32");
    return env;
  }

  static Settings settings(Path dataDir, int port) {
    return Settings.load(environment(dataDir, port));
  }

  /** The live postmaster of the data folder, from its pid file. */
  static ProcessHandle postmaster(Path dataDir) throws IOException {
    long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .orElseThrow(() -> new AssertionError("no live postmaster " + pid));
  }

  static int databasePort(Path dataDir) throws IOException {
    return Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).trim());
  }

  static boolean connects(int port, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    if (password != null) {
      properties.setProperty("password", password);
    }
    try (var connection = DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/plutro", properties)) {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  /** A Plutro server in a process of its own, as an operator starts it. */
  static Process spawn(Map<String, String> env, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Djava.io.tmpdir=" + temporaryFolder(log), "-cp",
        System.getProperty("java.class.path"), Main.class.getName());
    builder.environment().keySet().removeIf(name -> name.startsWith("PLUTRO_"));
    builder.environment().putAll(env);
    return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The spawned server's java.io.tmpdir: a folder beside its log, so a test can see what it left. */
  static Path temporaryFolder(Path log) throws IOException {
    return Files.createDirectories(log.resolveSibling("tmp"));
  }

  static boolean answers(int port) {
    try {
      return HTTP.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
          + "/readyz")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void theEmbeddedDatabaseRefusesConnectionsWithoutThePassword(@TempDir Path dataDir) throws IOException {
    try (TestInstance plutro = TestInstance.start(settings(dataDir, TestInstance.freePort()))) {
      plutro.register("nora");
      Path passwordFile = dataDir.resolve("postgres-password");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
      String password = Files.readString(passwordFile).strip();
      int port = databasePort(dataDir);
      assertFalse(connects(port, null), "no password: refused");
      assertFalse(connects(port, "trust me"), "a wrong password: refused");
      assertTrue(connects(port, password), "Plutro's password: accepted");
      assertTrue(Files.readString(dataDir.resolve("postgres/pg_hba.conf")).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .allMatch(line -> line.endsWith("scram-sha-256")), "no rule trusts anyone");
    }
  }

  @Test
  void aFolderFromBeforePasswordsGetsOneAtItsNextStart(@TempDir Path dataDir) throws IOException {
    Settings settings = settings(dataDir, TestInstance.freePort());
    try (TestInstance plutro = TestInstance.start(settings)) {
      plutro.register("nora");
    }
    // What an earlier version left: a cluster that trusts local connections, and no password file.
    Files.writeString(dataDir.resolve("postgres/pg_hba.conf"),
        "local all all trust\nhost all all 127.0.0.1/32 trust\n");
    Files.delete(dataDir.resolve("postgres-password"));
    try (TestInstance plutro = TestInstance.start(settings)) {
      assertEquals(200, plutro.get("/users/nora", "Accept", "application/activity+json").status());
      String password = Files.readString(dataDir.resolve("postgres-password")).strip();
      assertFalse(connects(databasePort(dataDir), null));
      assertTrue(connects(databasePort(dataDir), password));
    }
  }

  @Test
  void aSecondServerOnTheSameFolderRefusesAndTheFirstServesOn(@TempDir Path dataDir,
      @TempDir Path logs) throws Exception {
    int port = TestInstance.freePort();
    try (TestInstance first = TestInstance.start(settings(dataDir, port))) {
      first.register("nora");
      int secondPort = TestInstance.freePort();
      Map<String, String> env = environment(dataDir, secondPort);
      env.put("PLUTRO_PUBLIC_URL", "http://localhost:" + port);
      Process second = spawn(env, logs.resolve("second.log"));
      assertTrue(second.waitFor(120, TimeUnit.SECONDS), "the second server gives up");
      String output = Files.readString(logs.resolve("second.log"));
      assertEquals(1, second.exitValue(), output);
      List<String> errors = output.lines().filter(line -> line.startsWith("plutro:")).toList();
      assertEquals(1, errors.size(), output);
      assertTrue(errors.get(0).contains("is in use by another Plutro process (pid "
          + ProcessHandle.current().pid() + ")"), errors.get(0));
      assertTrue(errors.get(0).contains("PLUTRO_DATABASE_URL"), "says how to share: " + errors.get(0));
      assertTrue(first.ping());
      assertEquals(200, first.get("/users/nora", "Accept", "application/activity+json").status());
    }
  }

  @Test
  void afterKillDashNineTheNextStartLeavesExactlyOnePostgres(@TempDir Path dataDir,
      @TempDir Path logs) throws Exception {
    int port = TestInstance.freePort();
    Process killed = spawn(environment(dataDir, port), logs.resolve("killed.log"));
    try {
      Eventually.within(Duration.ofSeconds(120), "the spawned server answers", () -> answers(port));
    } finally {
      killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    ProcessHandle orphan = postmaster(dataDir);
    assertTrue(orphan.isAlive(), "kill -9 leaves PostgreSQL running");
    try (var left = Files.list(temporaryFolder(logs.resolve("killed.log")))) {
      assertEquals(List.of(), left.map(path -> path.getFileName().toString())
          .filter(name -> name.startsWith("vertx-cache")).toList(), "no Vert.x cache folder left");
    }

    try (TestInstance next = TestInstance.start(settings(dataDir, port))) {
      next.register("nora");
      assertFalse(orphan.isAlive(), "the orphan was stopped");
      ProcessHandle own = postmaster(dataDir);
      assertTrue(own.pid() != orphan.pid());
      // A postmaster's arguments name its data folder; its backends' do not.
      assertEquals(1, ProcessHandle.allProcesses().filter(p -> p.info().arguments()
          .map(args -> String.join(" ", args).contains(dataDir.resolve("postgres").toString()))
          .orElse(false)).count(), "one postmaster on the folder");
    }
    assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "and its stop is owned");
  }

  @Test
  void changingOnlyThePortCannotChangeTheInstancesAddress(@TempDir Path dataDir) {
    int port = TestInstance.freePort();
    try (TestInstance plutro = TestInstance.start(settings(dataDir, port))) {
      plutro.register("nora");
    }
    int otherPort = TestInstance.freePort();
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> TestInstance.start(settings(dataDir, otherPort)));
    String message = Main.rootMessage(refused);
    assertTrue(message.startsWith("PLUTRO_PUBLIC_URL is http://localhost:" + otherPort), message);
    assertTrue(message.contains("created as http://localhost:" + port), message);
    assertFalse(message.contains("\n"), "one line");
    // Naming the instance's address keeps it, whatever port it listens on.
    Map<String, String> env = environment(dataDir, otherPort);
    env.put("PLUTRO_PUBLIC_URL", "http://localhost:" + port);
    try (TestInstance moved = TestInstance.start(Settings.load(env));
         TestInstance listening = TestInstance.attachHttp("http://127.0.0.1:" + otherPort)) {
      assertTrue(listening.ping(), "it serves on the new port under its old address");
    }
  }

  @Test
  void startUpErrorsNameTheSettingAndTheValue(@TempDir Path dataDir) throws IOException {
    Map<String, String> badHost = environment(dataDir, TestInstance.freePort());
    badHost.put("PLUTRO_HTTP_HOST", "not.a.host");
    SettingsException host = assertThrows(SettingsException.class,
        () -> PlutroServer.start(Settings.load(badHost)));
    assertTrue(host.getMessage().startsWith("PLUTRO_HTTP_HOST is 'not.a.host'"), host.getMessage());
    assertFalse(Files.exists(dataDir.resolve("postgres")), "refused before the database started");

    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      SettingsException port = assertThrows(SettingsException.class,
          () -> PlutroServer.start(settings(dataDir, taken.getLocalPort())));
      assertTrue(port.getMessage().startsWith("PLUTRO_HTTP_PORT is " + taken.getLocalPort()),
          port.getMessage());
    }

    int closedPort = TestInstance.freePort();
    Map<String, String> badDatabase = environment(dataDir, TestInstance.freePort());
    badDatabase.put("PLUTRO_DATABASE_URL", "postgresql://plutro:secret@127.0.0.1:" + closedPort + "/plutro");
    SettingsException database = assertThrows(SettingsException.class,
        () -> PlutroServer.start(Settings.load(badDatabase)));
    assertTrue(database.getMessage().startsWith("PLUTRO_DATABASE_URL names plutro@127.0.0.1:"
        + closedPort + "/plutro, which cannot be reached"), database.getMessage());
    assertFalse(database.getMessage().contains("secret"), "the password is not shown");

    Map<String, String> typo = environment(dataDir, 8080);
    typo.put("PLUTRO_HTTP_PROT", "9090");
    typo.put("PLUTRO_REGISTRATION", "closed");
    Properties known = new Properties();
    known.load(new java.io.StringReader(Files.readString(Path.of("..", "config", "default.properties"),
        StandardCharsets.UTF_8)));
    assertEquals(List.of(
        "Unknown setting PLUTRO_HTTP_PROT is ignored; did you mean PLUTRO_HTTP_PORT?",
        "Unknown setting PLUTRO_REGISTRATION is ignored; did you mean PLUTRO_REGISTRATIONS?"),
        Settings.unknownVariables(typo, known));
  }
}
