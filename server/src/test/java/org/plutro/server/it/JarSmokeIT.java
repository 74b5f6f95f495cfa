package org.plutro.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Inbox;
import org.plutro.server.testrig.TestInstance;

/**
 * The README's run command, for real: the packaged jar started as a process on an empty data
 * folder, used, stopped with SIGTERM, started again. Catches what in-process tests cannot: a
 * dependency missing from the jar, a shutdown that leaves PostgreSQL behind, fsync or synchronous commits left off.
 */
class JarSmokeIT {
  @Test
  void theJarRunsStopsCleanlyAndKeepsItsData(@TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("plutro.jar", "target/plutro.jar"));
    assertTrue(Files.isRegularFile(jar), "package the jar first: " + jar);
    int port = TestInstance.freePort();
    String base = "http://127.0.0.1:" + port;

    Inbox inbox = Inbox.start();
    Process first = start(jar, dir, port, inbox);
    try (TestInstance server = TestInstance.attachHttp(base)) {
      Eventually.within(Duration.ofSeconds(90), "the jar answers", server::ping);
      TestInstance.Member member = server.signUp("smoke");
      assertEquals(404, server.get("/users/smoke", "Accept", "application/activity+json").status(),
          "not published before the address is confirmed");
      // The jar sends mail: the member opens the link it mailed, and may then post.
      String link = inbox.await("smoke@example.org", "Confirm your email address for Plutro")
          .link(base + "/auth/confirmation");
      assertEquals(200, server.get(link).status());
      assertEquals(200, server.get("/users/smoke", "Accept", "application/activity+json").status());
      assertEquals(200, server.postForm("/api/v1/statuses", java.util.Map.of("status", "hello"),
          "Authorization", "Bearer " + member.token()).status());
      Path pid = dir.resolve("data/postgres/postmaster.pid");
      String postmaster = Files.readAllLines(pid).get(0).trim();
      String command = Files.readString(Path.of("/proc/" + postmaster + "/cmdline")).replace('\0', ' ');
      assertTrue(command.contains("fsync=on"), "the embedded database syncs to disk: " + command);
      assertTrue(command.contains("synchronous_commit=on"),
          "a commit returns once it is on disk: " + command);
    } finally {
      first.destroy();
      inbox.close();
    }
    assertTrue(first.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops the server");
    Eventually.within(Duration.ofSeconds(30), "PostgreSQL stopped with it",
        () -> !Files.exists(dir.resolve("data/postgres/postmaster.pid")));

    Process second = start(jar, dir, port, null);
    try (TestInstance server = TestInstance.attachHttp(base)) {
      Eventually.within(Duration.ofSeconds(90), "the jar answers again", server::ping);
      assertEquals(200, server.get("/users/smoke", "Accept", "application/activity+json").status(),
          "data survived the restart");
      assertEquals(1L, server.get("/nodeinfo/2.1").json().getJsonObject("usage").getLong("localPosts"));
    } finally {
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
    }
    assertFalse(second.isAlive());
  }

  @Test
  void aBadSettingStopsStartupWithOneLine(@TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("plutro.jar", "target/plutro.jar"));
    ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString())
        .directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("PLUTRO_HTTP_PORT", "not-a-port");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes()).trim();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue());
    assertEquals("plutro: PLUTRO_HTTP_PORT must be a number, not 'not-a-port'", output);
  }

  private static Process start(Path jar, Path dir, int port, Inbox inbox) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toAbsolutePath().toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), "server.log")));
    builder.environment().put("PLUTRO_HTTP_PORT", Integer.toString(port));
    builder.environment().put("PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port);
    if (inbox != null) {
      builder.environment().putAll(inbox.environment());
    }
    return builder.start();
  }

  private static String java() {
    return System.getProperty("java.home") + "/bin/java";
  }
}
