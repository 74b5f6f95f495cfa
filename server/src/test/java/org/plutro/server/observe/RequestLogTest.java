package org.plutro.server.observe;

import org.plutro.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plutro.server.Main;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.TestDatabase;
import org.plutro.server.testrig.TestInstance;
import org.slf4j.LoggerFactory;

/** One line per request, with the route and never what the path, query or headers hold. */
class RequestLogTest {
  private static final String SECRET = "hunter2-secret-token";

  /**
   * The request log's lines while {@code run} runs and until there are {@code expected} (a line is
   * written when the answer is sent, which the client may see first). logback-test.xml turns the
   * request log off otherwise.
   */
  private static List<ILoggingEvent> captured(int expected, Runnable run) {
    Logger logger = (Logger) LoggerFactory.getLogger(RequestLog.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Level level = logger.getLevel();
    logger.setLevel(Level.INFO);
    logger.addAppender(lines);
    try {
      run.run();
      Eventually.within10s(expected + " lines", () -> lines.list.size() >= expected);
    } finally {
      logger.detachAppender(lines);
      logger.setLevel(level);
    }
    return lines.list;
  }

  @Test
  void eachRequestIsOneLineWithMethodRoutePatternStatusAndTime() {
    try (TestInstance plutro = TestInstance.start()) {
      List<ILoggingEvent> lines = captured(2, () -> {
        assertEquals(404, plutro.get("/users/nobody_here?access_token=" + SECRET,
            "Authorization", "Bearer " + SECRET).status());
        assertEquals(200, plutro.get("/api/v1/instance?x=" + SECRET).status());
      });
      assertEquals(2, lines.size(), lines.toString());
      List<String> messages = lines.stream().map(ILoggingEvent::getFormattedMessage).sorted().toList();
      assertTrue(messages.get(0).matches("GET /api/v1/instance 200 [0-9]+\\.[0-9] ms"), messages.toString());
      assertTrue(messages.get(1).matches("GET /users/:username 404 [0-9]+\\.[0-9] ms"), messages.toString());
      for (ILoggingEvent line : lines) {
        assertFalse(line.getFormattedMessage().contains(SECRET));
        assertFalse(line.getFormattedMessage().contains("nobody_here"));
        assertEquals(List.of("method", "route", "status", "duration_ms"),
            line.getKeyValuePairs().stream().map(pair -> pair.key).toList());
      }
    }
  }

  @Test
  void theRequestLogCanBeTurnedOff() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_REQUEST_LOG", "false"))) {
      // Without the request log and metrics, Vert.x runs with no metrics hook at all.
      assertFalse(ServerInternals.vertx(plutro.server()).isMetricsEnabled());
      List<ILoggingEvent> lines = captured(0, () -> assertEquals(200, plutro.get("/livez").status()));
      assertEquals(List.of(), lines);
    }
  }

  @Test
  void withJsonEveryLineOfTheServerIsAJsonObject(@TempDir Path dir) throws Exception {
    int port = TestInstance.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("PLUTRO_HTTP_PORT", Integer.toString(port));
    env.put("PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.put("PLUTRO_DATABASE_URL", TestDatabase.newDatabaseUrl());
    env.put("PLUTRO_DATA_DIR", dir.resolve("data").toString());
    env.put("PLUTRO_LOG_FORMAT", "json");
    env.put("PLUTRO_UNKNOWN_THING", "a warning before the server starts");
    Path log = dir.resolve("server.log");
    // The production logging configuration (LogSetup), not the tests': without the test classes,
    // where logback-test.xml is.
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).endsWith("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", classPath, Main.class.getName());
    builder.environment().keySet().removeIf(name -> name.startsWith("PLUTRO_"));
    builder.environment().putAll(env);
    Process server = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      TestInstance plutro = TestInstance.attachHttp("http://127.0.0.1:" + port);
      Eventually.within(Duration.ofSeconds(90), "the server answers", plutro::ping);
      assertEquals(404, plutro.get("/users/nobody_here?access_token=" + SECRET,
          "Authorization", "Bearer " + SECRET).status());
      Eventually.within10s("the request is logged", () -> line(log, "route", "/users/:username").isPresent());

      JsonObject request = line(log, "route", "/users/:username").orElseThrow();
      assertEquals("GET", request.getString("method"));
      assertEquals(404, request.getInteger("status"));
      assertTrue(request.getValue("duration_ms") instanceof Number, request.encode());
      assertEquals("GET /users/:username 404 " + request.getValue("duration_ms") + " ms",
          request.getString("message"));
      assertEquals("INFO", request.getString("level"));
      assertTrue(request.containsKey("@timestamp"));

      String output = Files.readString(log);
      assertFalse(output.contains(SECRET), "no token or query string");
      assertFalse(output.contains("nobody_here"), "no path");
      assertTrue(line(log, "level", "WARN").map(warning -> warning.getString("message"))
          .filter(message -> message.contains("PLUTRO_UNKNOWN_THING")).isPresent(), output);
      assertTrue(output.lines().filter(text -> !text.isBlank()).allMatch(RequestLogTest::isJsonObject),
          output);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static boolean isJsonObject(String text) {
    try {
      new JsonObject(text);
      return true;
    } catch (DecodeException e) {
      return false;
    }
  }

  /** The first JSON line of the log whose {@code field} is {@code value}. */
  private static Optional<JsonObject> line(Path log, String field, String value) {
    try {
      return Files.readAllLines(log).stream().filter(RequestLogTest::isJsonObject).map(JsonObject::new)
          .filter(json -> value.equals(String.valueOf(json.getValue(field)))).findFirst();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
