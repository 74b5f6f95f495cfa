package org.plutro.server.testrig;

import org.plutro.server.ServerInternals;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.plutro.server.PlutroServer;
import org.plutro.server.config.Settings;

/**
 * A real Plutro server on loopback with a database of its own, configured through the same
 * environment variables an operator uses. Talks to it over real HTTP.
 */
public final class TestInstance implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  private final PlutroServer server;
  private final String base;
  private final io.vertx.core.Vertx externalVertx;
  private final io.vertx.sqlclient.Pool externalPool;
  private App app;

  private TestInstance(PlutroServer server) {
    this.server = server;
    this.base = server.settings().publicUrl().toString();
    this.externalVertx = null;
    this.externalPool = null;
  }

  private TestInstance(String base, String databaseUrl) {
    this.server = null;
    this.base = base;
    this.externalVertx = databaseUrl == null ? null : io.vertx.core.Vertx.vertx();
    this.externalPool = databaseUrl == null ? null : io.vertx.pgclient.PgBuilder.pool()
        .connectingTo(org.plutro.server.db.DatabaseAddress.parse(databaseUrl).connectOptions())
        .using(externalVertx).build();
  }

  /** A handle on a Plutro running in another process, for HTTP only. */
  public static TestInstance attachHttp(String base) {
    return new TestInstance(base, null);
  }

  /** A handle on a Plutro running in another process: HTTP to it, SQL to its database. */
  public static TestInstance attach(String base, String databaseUrl) {
    return new TestInstance(base, databaseUrl);
  }

  /** Whether the server answers its liveness check. */
  public boolean ping() {
    try {
      return get("/livez").status() == 200;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  public static TestInstance start() {
    return start(Map.of());
  }

  /** Starts an instance; {@code environment} adds or overrides PLUTRO_* variables. */
  public static TestInstance start(Map<String, String> environment) {
    // A port found free may be taken before the server binds it (by another test's outgoing
    // connection, which draws from the same range): the start is tried again on another.
    for (int attempt = 1; ; attempt++) {
      try {
        return start(environmentFor(freePort(), environment));
      } catch (IllegalStateException e) {
        if (attempt == 3 || !addressInUse(e)) {
          throw e;
        }
      }
    }
  }

  private static boolean addressInUse(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  public static TestInstance start(Settings settings) {
    try {
      return new TestInstance(PlutroServer.start(settings));
    } catch (Exception e) {
      throw new IllegalStateException("test instance did not start", e);
    }
  }

  private static Settings environmentFor(int port, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("PLUTRO_HTTP_HOST", "127.0.0.1");
    env.put("PLUTRO_HTTP_PORT", Integer.toString(port));
    env.put("PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.put("PLUTRO_DATABASE_URL", TestDatabase.newMigratedDatabaseUrl());
    env.put("PLUTRO_FEDERATION_ALLOW_PRIVATE", "true");
    env.put("PLUTRO_DATABASE_POOL_SIZE", "4");
    // Tests register many members from loopback; the sign-up limit has a test of its own.
    env.put("PLUTRO_RATE_LIMIT_SIGN_UPS", "100000");
    // The same for the site's forms: tests sign in many times; FormRateLimitTest tests the limits.
    env.put("PLUTRO_RATE_LIMIT_WEB_FORMS", "100000");
    env.put("PLUTRO_DATA_DIR", tempDir().toString());
    env.putAll(overrides);
    return Settings.load(env);
  }

  /**
   * Settings for one of several processes on one database ({@code databaseUrl}), listening on
   * {@code port} under the instance's address {@code http://127.0.0.1:publicPort}.
   */
  public static Settings sharing(String databaseUrl, int port, int publicPort,
      Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("PLUTRO_HTTP_HOST", "127.0.0.1");
    env.put("PLUTRO_HTTP_PORT", Integer.toString(port));
    env.put("PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + publicPort);
    env.put("PLUTRO_DATABASE_URL", databaseUrl);
    env.put("PLUTRO_DATABASE_POOL_SIZE", "4");
    env.put("PLUTRO_DATA_DIR", tempDir().toString());
    env.putAll(overrides);
    return Settings.load(env);
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public PlutroServer server() {
    return server;
  }

  public String base() {
    return base;
  }

  /** host:port, as in handles. */
  public String authority() {
    return URI.create(base).getRawAuthority();
  }

  public Reply get(String path, String... headers) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
  }

  public Reply getWithToken(String path, String token) {
    return get(path, "Authorization", "Bearer " + token);
  }

  public Reply postForm(String path, Map<String, String> form, String... headers) {
    StringJoiner body = new StringJoiner("&");
    form.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())), headers);
  }

  public Reply postJson(String path, Object json, String... headers) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(String.valueOf(json))), headers);
  }

  public Reply postRaw(String path, String contentType, byte[] body, String... headers) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
  }

  public Reply postMultipart(String path, Multipart form, String... headers) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", form.contentType())
        .POST(form.publisher()), headers);
  }

  /** A GET whose body is kept as bytes (images, files). */
  public HttpResponse<byte[]> getBytes(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Reply send(HttpRequest.Builder request, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Posts {@code text} as {@code member} through the API, with more of the form's fields (name,
   * value pairs such as {@code "visibility", "unlisted"}): the post's id.
   */
  public String post(Member member, String text, String... fields) {
    Map<String, String> form = new java.util.LinkedHashMap<>();
    form.put("status", text);
    for (int i = 0; i + 1 < fields.length; i += 2) {
      form.put(fields[i], fields[i + 1]);
    }
    Reply posted = postForm("/api/v1/statuses", form, "Authorization", "Bearer " + member.token());
    if (posted.status() != 200) {
      throw new IllegalStateException("posting failed: " + posted);
    }
    return posted.json().getString("id");
  }

  /** An OAuth app registered the way clients do, with an app token that may register members. */
  public record App(String clientId, String clientSecret, String appToken) {}

  public App app() {
    if (app == null) {
      JsonObject created = postForm("/api/v1/apps", Map.of("client_name", "test rig",
          "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write follow push")).json();
      String token = postForm("/oauth/token", Map.of("grant_type", "client_credentials",
          "client_id", created.getString("client_id"),
          "client_secret", created.getString("client_secret"),
          "scope", "read write follow push")).json().getString("access_token");
      app = new App(created.getString("client_id"), created.getString("client_secret"), token);
    }
    return app;
  }

  /** A member registered through the Mastodon API, with their own token. */
  public record Member(String id, String username, String token, String actorUri) {}

  /**
   * A member registered through the Mastodon API, whose address is then confirmed (as if they had
   * opened the link mailed to it) and, where sign-ups wait for approval, approved: a member who
   * may act. Needs this instance's database ({@link #signUp} does not).
   */
  public Member register(String username) {
    Reply reply = signUpReply(username);
    confirm(username);
    String token = reply.json().getString("access_token");
    JsonObject account = getWithToken("/api/v1/accounts/verify_credentials", token).json();
    return new Member(account.getString("id"), username, token, account.getString("uri"));
  }

  /**
   * A member registered through the Mastodon API and nothing more: until the link mailed to
   * {@code username@example.org} is opened, their token acts for nothing.
   */
  public Member signUp(String username) {
    String token = signUpReply(username).json().getString("access_token");
    JsonObject account = getWithToken("/api/v1/accounts/verify_credentials?allow_nonfunctional=true", token)
        .json();
    return new Member(account.getString("id"), username, token, account.getString("uri"));
  }

  private Reply signUpReply(String username) {
    Reply reply = postJson("/api/v1/accounts", new JsonObject().put("username", username)
            .put("email", username + "@example.org").put("password", "a long password")
            .put("agreement", true).put("locale", "en").put("reason", "A test needs me."),
        "Authorization", "Bearer " + app().appToken());
    if (reply.status() != 200) {
      throw new IllegalStateException("registration failed: " + reply);
    }
    return reply;
  }

  /** Confirms the member's address and lets them in, as opening the mailed link and a moderator would. */
  public void confirm(String username) {
    sql("UPDATE users SET confirmed_at = coalesce(confirmed_at, now()), approved = true"
        + " WHERE account_id = (SELECT id FROM accounts WHERE lower(username) = lower($1) AND domain IS NULL)",
        username);
  }

  /** Runs SQL against this instance's database (for fixtures and for checking what was stored). */
  public io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> sql(String sql, Object... args) {
    try {
      var pool = server != null ? ServerInternals.pool(server) : externalPool;
      return pool.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.from(args))
          .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public long count(String sql, Object... args) {
    return sql(sql, args).iterator().next().getLong(0);
  }

  /** The environment this instance was started with, to start another process like it. */
  public org.plutro.server.config.Settings settings() {
    return server.settings();
  }

  private URI uri(String path) {
    return URI.create(path.startsWith("http") ? path : base + path);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    } else if (externalVertx != null) {
      externalVertx.close();
    }
  }

  /** A new folder under the system's temporary folder, removed with all it holds when the tests' JVM exits. */
  public static Path tempDir() {
    try {
      Path folder = Files.createTempDirectory("plutro-test");
      TEMP_DIRS.add(folder);
      return folder;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final java.util.Set<Path> TEMP_DIRS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    // Data folders outlive their instance (a test may restart a server on one), so they go at exit.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> TEMP_DIRS.forEach(TestInstance::deleteQuietly)));
  }

  private static void deleteQuietly(Path folder) {
    try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // Gone already, or not ours to remove: nothing to clean.
    }
  }
}
