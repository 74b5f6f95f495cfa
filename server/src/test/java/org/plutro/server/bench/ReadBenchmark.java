package org.plutro.server.bench;

import org.plutro.server.ServerInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.sqlclient.Pool;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.config.Settings;
import org.plutro.server.testrig.Folders;
import org.plutro.server.testrig.TestInstance;

/**
 * The read paths under load, each as a share of a plain Vert.x "hello" server measured in the same
 * run with the same load generator, and with the database statements each request costs.
 *
 * <p>Generates, straight into Plutro's embedded PostgreSQL with SQL: 10,000 members, a power-law
 * follow graph (about 100 follows each, a few accounts followed by thousands), 1,000,000 posts over
 * a year (90% public, 3% shares), with words drawn from a skewed vocabulary. Then, CONCURRENCY at
 * a time, members' tokens where the API reads with one: the home and public timelines, a status by
 * id and its context, an actor's JSON, WebFinger, the HTML profile a visitor sees, and full-text
 * search. The load comes from wrk in its own process when it is installed, else from a Vert.x
 * client in this JVM. Statements are counted by pg_stat_statements (loaded once the data set is
 * made): every statement the server ran during the measured seconds, less what its background
 * work (job queue, allow and block lists' reloads) runs in as many idle seconds, divided by the
 * requests answered.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl server exec:java@read-benchmark}
 * (optional {@code -Dbench.members=10000 -Dbench.posts=1000000 -Dbench.seconds=20
 * -Dbench.warmupSeconds=15 -Dbench.concurrency=32 -Dbench.only=home,status
 * -Dbench.dataDir=/somewhere} to keep the generated data set for the next run;
 * {@code -Dbench.statements=true} prints each read's commonest statements with their execution and
 * planning times).
 */
public final class ReadBenchmark {
  static final int MEMBERS = Integer.getInteger("bench.members", 10_000);
  static final int POSTS = Integer.getInteger("bench.posts", 1_000_000);
  static final int FOLLOW_DRAWS = Integer.getInteger("bench.followDraws", 110);
  // Every 67th post (1.5%) quotes an earlier one, 0 none: see generate().
  static final int QUOTE_EVERY = Integer.getInteger("bench.quoteEvery", 67);
  static final int SECONDS = Integer.getInteger("bench.seconds", 20);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
  /** Per read: the JIT needs tens of thousands of requests before the code is compiled hot. */
  static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 15);
  static final int IDLE_SECONDS = 10;
  /** The benchmark's own statements, left out of every count. */
  static final String NOT_OURS = " WHERE query NOT LIKE '%pg_stat_statements%'";
  static final int VIEWERS = Math.min(1000, MEMBERS);
  static final long FIRST_ACCOUNT = 1_000_000L;
  /** Distinct statuses and accounts the reads by id spread over. */
  static final int SAMPLE = 1000;
  private static final String DATA_SET = "bench-data-set.txt";

  /** A target of the performance issue: a share of the ceiling or a rate, a p99, statements. */
  record Target(double ceilingShare, double perSecond, double p99Ms, double statements) {
    boolean met(Result result, double ceiling, double perRequest) {
      // Statements are judged as printed, to the hundredth: a cache refilled now and then is not
      // a second round trip per request.
      return result.failed() == 0 && result.perSecond() >= Math.max(ceilingShare * ceiling, perSecond)
          && result.p99Ms() < p99Ms && Math.round(perRequest * 100) / 100.0 <= statements;
    }

    @Override
    public String toString() {
      return (ceilingShare > 0 ? String.format(">= %.0f%%", 100 * ceilingShare)
          : String.format(">= %,.0f/s", perSecond)) + String.format(", p99 < %.0f ms", p99Ms)
          + (statements < 100 ? String.format(", <= %.0f statement", statements) : "");
    }
  }

  /**
   * One read: the paths it spreads over, whether members' tokens go with it (or, {@code withSession},
   * their web session cookies), what it accepts, and over how many of the viewers it spreads.
   */
  record Endpoint(String name, List<String> paths, boolean withToken, String accept, Target target,
      boolean withSession, int viewers) {
    Endpoint(String name, List<String> paths, boolean withToken, String accept, Target target) {
      this(name, paths, withToken, accept, target, false, VIEWERS);
    }
  }

  /**
   * What members type, over the skewed vocabulary (w0 is in 11% of posts, w3 in 3%, w40 in 1%,
   * w300 in 0.3%, w4000 in 0.09%): the commonest words, which match thousands of posts a week,
   * as often as middling and rare ones; two words (both must be in the post); a quoted phrase;
   * and a word no post has.
   */
  static final String[] SEARCHES = {"w0", "w1", "w3", "w12", "w40", "w150", "w300", "w900", "w1500",
      "w4000", "w0 w5", "w2 w30", "w40 w300", "\"w1 w2\"", "w7000"};

  /** The members the home page is read for (issue 21's benchmark): each follows HOME_FOLLOWS accounts. */
  static final int HOME_VIEWERS = Math.min(50, VIEWERS);
  static final int HOME_FOLLOWS = Integer.getInteger("bench.homeFollows", 500);

  /** {@code failed}: answers other than 200, not counted in the rate. */
  record Result(double perSecond, double p50Ms, double p99Ms, long requests, long failed) {}

  /**
   * {@code jvmMicros} and {@code postgresMicros}: the server JVM's and the database processes' CPU
   * per request answered, which load from others on the machine changes less than the rate does.
   */
  record Measured(Endpoint endpoint, Result result, double statementsPerRequest, String load,
      double jvmMicros, double postgresMicros) {}

  public static void main(String[] args) throws Exception {
    boolean keepData = System.getProperty("bench.dataDir") != null;
    Path dataDir = keepData ? Path.of(System.getProperty("bench.dataDir"))
        : Files.createTempDirectory("plutro-bench");
    Files.createDirectories(dataDir);
    // A kept data set names its members' URIs with the port it was made on: it is served there again.
    String made = Files.exists(dataDir.resolve(DATA_SET)) ? Files.readString(dataDir.resolve(DATA_SET)) : "";
    // "members posts port quoteEvery"; a set kept before quotes were generated has none (0).
    String[] kept = made.trim().split(" ");
    boolean reuse = made.startsWith(MEMBERS + " " + POSTS + " ")
        && (kept.length > 3 ? Integer.parseInt(kept[3]) : 0) == QUOTE_EVERY;
    if (!made.isBlank() && !reuse) {
      throw new IllegalStateException("-Dbench.dataDir=" + dataDir + " holds another data set ("
          + made.trim() + ": members, posts, port, quoteEvery): choose an empty folder");
    }
    int port = reuse ? Integer.parseInt(kept[2])
        : Integer.getInteger("bench.port", TestInstance.freePort());
    System.out.printf("Read benchmark: %,d members, %,d posts, embedded PostgreSQL in %s%s%n",
        MEMBERS, POSTS, dataDir, reuse ? " (data set kept from an earlier run)" : "");
    // The server runs in this JVM: its collector's pauses are in every p99 (the server's own is Serial).
    System.out.printf("server JVM: %s, heap at most %,d MiB%n", collectors(), Runtime.getRuntime().maxMemory() >> 20);
    // The server takes PLUTRO_* settings from the environment (the pool size, say), except these:
    // the data set goes into a fresh embedded database, never one the environment points at.
    Map<String, String> environment = new java.util.HashMap<>(System.getenv());
    environment.putAll(Map.of(
        "PLUTRO_DATABASE_URL", "",
        "PLUTRO_HTTP_PORT", Integer.toString(port),
        "PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port,
        "PLUTRO_DATA_DIR", dataDir.toString(),
        // 1,000 viewers at thousands of requests/s would pass Mastodon's 300 per 5 minutes.
        "PLUTRO_RATE_LIMIT_REQUESTS", "1000000"));
    Settings settings = Settings.load(environment);
    try {
      if (!reuse) {
        try (TestInstance plutro = TestInstance.start(settings)) {
          Pool pool = ServerInternals.pool(plutro.server());
          long generating = System.nanoTime();
          generate(pool, plutro.base());
          System.out.printf("generated in %.0f s%n", (System.nanoTime() - generating) / 1e9);
          // Statements are counted by pg_stat_statements, which PostgreSQL loads when it starts.
          exec(pool, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
        }
        Files.writeString(dataDir.resolve(DATA_SET), MEMBERS + " " + POSTS + " " + port + " "
            + QUOTE_EVERY + "\n");
      }
      try (TestInstance plutro = TestInstance.start(settings)) {
        Pool pool = ServerInternals.pool(plutro.server());
        exec(pool, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        if (Boolean.getBoolean("bench.statements")) {
          exec(pool, "ALTER SYSTEM SET pg_stat_statements.track_planning = on");
        } else {
          exec(pool, "ALTER SYSTEM RESET pg_stat_statements.track_planning");
        }
        exec(pool, "SELECT pg_reload_conf()");
        // Tokens in use were used lately: their hourly record of use is not what is measured.
        exec(pool, "UPDATE oauth_tokens SET last_used_at = now()");
        System.out.println(describe(pool));
        if (Boolean.getBoolean("bench.explain")) {
          explain(pool);
        }
        List<Endpoint> reads = endpoints(pool, plutro.authority());
        if (reads.stream().anyMatch(e -> e.name().startsWith("home-"))) {
          prepareHomeViewers(pool);
        }
        measure(pool, port, reads, dataDir);
        if (reads.stream().anyMatch(e -> e.name().equals("home-page"))) {
          pageWeight(port);
        }
      }
    } finally {
      if (!keepData) {
        Folders.deleteTree(dataDir);
      }
    }
    // Daemon-less Vert.x threads would keep exec:java waiting.
    System.exit(0);
  }

  static String collectors() {
    return String.join(" + ", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
  }

  /** The reads, over samples of the data set's statuses and members. */
  static List<Endpoint> endpoints(Pool pool, String authority) {
    List<String> statuses = new ArrayList<>();
    await(pool.query("SELECT id FROM statuses WHERE visibility = 'public' AND reblog_of_id IS NULL"
        + " AND deleted_at IS NULL ORDER BY random() LIMIT " + SAMPLE).execute())
        .forEach(row -> statuses.add("/api/v1/statuses/" + row.getLong(0)));
    List<String> members = new ArrayList<>();
    for (int i = 0; i < Math.min(SAMPLE, MEMBERS); i++) {
      members.add("m" + (1 + (long) i * MEMBERS / Math.min(SAMPLE, MEMBERS)));
    }
    List<String> searches = new ArrayList<>();
    for (String q : SEARCHES) {
      searches.add("/api/v2/search?type=statuses&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }
    String json = "application/json";
    Target byId = new Target(0.12, 0, 25, 1);
    List<Endpoint> all = List.of(
        new Endpoint("home", List.of("/api/v1/timelines/home?limit=20"), true, json,
            new Target(0.06, 0, 25, 1000)),
        new Endpoint("public", List.of("/api/v1/timelines/public?limit=20"), true, json, null),
        new Endpoint("status", statuses, true, json, byId),
        new Endpoint("context", statuses.stream().map(path -> path + "/context").toList(), true, json, null),
        new Endpoint("actor", members.stream().map(name -> "/users/" + name).toList(), false,
            "application/activity+json", byId),
        new Endpoint("webfinger", members.stream().map(name -> "/.well-known/webfinger?resource="
            + URLEncoder.encode("acct:" + name + "@" + authority, StandardCharsets.UTF_8)).toList(),
            false, "application/jrd+json", null),
        new Endpoint("profile", members.stream().map(name -> "/@" + name).toList(), false,
            "text/html", byId),
        new Endpoint("search", searches, true, json, new Target(0, 1500, 50, 1000)),
        // The same members' home, by the API and as the page a browser gets (signed in).
        new Endpoint("home-500", List.of("/api/v1/timelines/home?limit=20"), true, json, null, false,
            HOME_VIEWERS),
        new Endpoint("home-page", List.of("/home"), false, "text/html", null, true, HOME_VIEWERS));
    Set<String> only = Set.of(System.getProperty("bench.only", "").split(","));
    return all.stream().filter(e -> only.contains("") || only.contains(e.name())).toList();
  }

  /**
   * The home page's members (the first HOME_VIEWERS viewers, tokens bench-token-1...): each made to
   * follow HOME_FOLLOWS accounts, with a signed-in web session (cookie bench-session-N), and their
   * home feeds rebuilt. Runs again harmlessly on a kept data set.
   */
  static void prepareHomeViewers(Pool pool) {
    long step = MEMBERS / VIEWERS;
    String viewers = "SELECT " + FIRST_ACCOUNT + " + g * " + step + " AS a, g FROM generate_series(1, "
        + HOME_VIEWERS + ") g";
    exec(pool, "INSERT INTO follows (id, account_id, target_account_id, state, accepted_at)"
        + " SELECT next_id(), v.a, t.t, 'accepted', now() FROM (" + viewers + ") v CROSS JOIN LATERAL"
        + " (SELECT " + FIRST_ACCOUNT + " + x AS t FROM generate_series(1, " + MEMBERS + ") x"
        + "  WHERE " + FIRST_ACCOUNT + " + x <> v.a AND NOT EXISTS (SELECT 1 FROM follows f"
        + "   WHERE f.account_id = v.a AND f.target_account_id = " + FIRST_ACCOUNT + " + x)"
        + "  ORDER BY random() LIMIT greatest(0, " + HOME_FOLLOWS
        + "   - (SELECT count(*) FROM follows f WHERE f.account_id = v.a))) t ON CONFLICT DO NOTHING");
    exec(pool, "INSERT INTO account_stats AS t (account_id, following_count)"
        + " SELECT account_id, count(*) FROM follows WHERE state = 'accepted' GROUP BY 1"
        + " ON CONFLICT (account_id) DO UPDATE SET following_count = EXCLUDED.following_count");
    exec(pool, "INSERT INTO web_sessions (session_hash, account_id, csrf_token, expires_at)"
        + " SELECT sha256(convert_to('bench-session-' || v.g, 'UTF8')), v.a, 'bench-csrf-' || v.g,"
        + " now() + interval '30 days' FROM (" + viewers + ") v ON CONFLICT (session_hash) DO NOTHING");
    exec(pool, "SELECT rebuild_home_feeds()");
    exec(pool, "ANALYZE");
    System.out.println("home page's members: " + one(pool, "SELECT format('%s members following %s"
        + " accounts on average', count(*), round(avg(c))) FROM (SELECT count(*) c FROM follows"
        + " WHERE account_id IN (SELECT a FROM (" + viewers + ") v) GROUP BY account_id) f"));
  }

  /** What a browser downloads for /home before images: the HTML, the stylesheet and the script. */
  static void pageWeight(int port) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    java.util.function.Function<String, byte[]> get = path -> {
      try {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
            .header("Cookie", "plutro_session=bench-session-1").header("Accept", "text/html").build(),
            java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    String html = new String(get.apply("/home"), StandardCharsets.UTF_8);
    java.util.regex.Matcher css = java.util.regex.Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\"")
        .matcher(html);
    java.util.regex.Matcher js = java.util.regex.Pattern.compile("<script src=\"([^\"]+)\"").matcher(html);
    int cssBytes = css.find() ? get.apply(css.group(1)).length : 0;
    int jsBytes = js.find() ? get.apply(js.group(1)).length : 0;
    int htmlBytes = html.getBytes(StandardCharsets.UTF_8).length;
    java.net.http.HttpResponse<byte[]> api = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(base + "/api/v1/timelines/home?limit=20"))
        .header("Authorization", "Bearer bench-token-1").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    System.out.printf("home page weight (uncompressed): HTML %,d + CSS %,d + JS %,d = %,d bytes"
        + " (%d posts); the API's home JSON: %,d bytes%n", htmlBytes, cssBytes, jsBytes,
        htmlBytes + cssBytes + jsBytes, html.split("<article class=\"post member-post").length - 1, api.body().length);
  }

  /** Each read after its warm-up, between two measures of the ceiling; then the table. */
  static void measure(Pool pool, int port, List<Endpoint> endpoints, Path dataDir) throws Exception {
    Vertx vertx = Vertx.vertx();
    // wrk (a separate process, as the machine's ceilings were measured) when installed; else
    // a Vert.x client in this JVM, which costs the server's cores more.
    boolean wrk = WrkLoad.available() && !Boolean.getBoolean("bench.inJvmClient");
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(CONCURRENCY));
    Endpoint hello = new Endpoint("hello", List.of("/"), false, "application/json", null);
    int helloPort = TestInstance.freePort();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response()
        .putHeader("Content-Type", "application/json").end("{\"hello\":\"world\"}"));
    await(server.listen(helloPort, "127.0.0.1"));
    Load load = (endpoint, targetPort, seconds) -> wrk
        ? WrkLoad.run(endpoint.name(), targetPort, endpoint.paths(),
            endpoint.withToken() || endpoint.withSession() ? endpoint.viewers() : 0, endpoint.withSession(),
            Map.of("Accept", endpoint.accept()), CONCURRENCY, seconds)
        : run(endpoint, vertx, client, targetPort, seconds);

    load.run(hello, helloPort, 10);
    double ceilingBefore = load.run(hello, helloPort, 5).perSecond();
    double idlePerSecond = idleStatementsPerSecond(pool);
    List<Measured> measured = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      System.out.printf("%s (warm-up, %d s)%n", endpoint.name(), WARMUP_SECONDS);
      load.run(endpoint, port, WARMUP_SECONDS);
      exec(pool, "SELECT pg_stat_statements_reset()");
      String loadBefore = loadAverage();
      Recording recording = startRecording(endpoint.name());
      long jvmBefore = jvmCpuNanos();
      long postgresBefore = postgresCpuTicks(dataDir);
      Result result = load.run(endpoint, port, SECONDS);
      double requests = Math.max(1, result.requests());
      double jvmMicros = (jvmCpuNanos() - jvmBefore) / 1e3 / requests;
      double postgresMicros = (postgresCpuTicks(dataDir) - postgresBefore) * 1e4 / requests;
      stopRecording(recording);
      double statements = statements(pool, result.requests(), idlePerSecond * SECONDS);
      measured.add(new Measured(endpoint, result, statements, loadBefore + " / " + loadAverage(),
          jvmMicros, postgresMicros));
    }
    double ceilingAfter = load.run(hello, helloPort, 5).perSecond();
    server.close();
    vertx.close();

    double ceiling = (ceilingBefore + ceilingAfter) / 2;
    System.out.printf("%nplain Vert.x \"hello\" ceiling, %s, %d connections: %,.0f requests/s"
        + " (%,.0f before, %,.0f after)%n", wrk ? "wrk" : "in-JVM client", CONCURRENCY, ceiling,
        ceilingBefore, ceilingAfter);
    System.out.printf("%-10s %9s %8s %8s %8s %11s %7s %8s %8s  %-14s  %s%n", "read", "req/s", "p50 ms",
        "p99 ms", "ceiling", "statements", "failed", "JVM µs", "PG µs", "load average", "target");
    for (Measured m : measured) {
      Target target = m.endpoint().target();
      System.out.printf("%-10s %,9.0f %8.2f %8.2f %7.1f%% %11.2f %7d %8.0f %8.0f  %-14s  %s%n",
          m.endpoint().name(), m.result().perSecond(), m.result().p50Ms(), m.result().p99Ms(),
          100 * m.result().perSecond() / ceiling, m.statementsPerRequest(), m.result().failed(),
          m.jvmMicros(), m.postgresMicros(), m.load(),
          target == null ? "" : target + ": "
              + (target.met(m.result(), ceiling, m.statementsPerRequest()) ? "met" : "NOT met"));
    }
    Measured api = measured.stream().filter(m -> m.endpoint().name().equals("home-500")).findFirst().orElse(null);
    Measured page = measured.stream().filter(m -> m.endpoint().name().equals("home-page")).findFirst().orElse(null);
    if (api != null && page != null) {
      System.out.printf("GET /home (signed in) as a share of GET /api/v1/timelines/home, same members:"
          + " %.2f of the requests/s, %.2f times the p99%n", page.result().perSecond() / api.result().perSecond(),
          page.result().p99Ms() / api.result().p99Ms());
    }
  }

  /**
   * The statements the server runs per second with no request: its background work, which would
   * otherwise count against each read (a read at 1.00 statement showed 1.0004 and missed "<= 1").
   */
  static double idleStatementsPerSecond(Pool pool) throws Exception {
    exec(pool, "SELECT pg_stat_statements_reset()");
    long started = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
    double seconds = (System.nanoTime() - started) / 1e9;
    double perSecond = calls(pool) / seconds;
    System.out.printf("background: %.2f statements/s with no request (%d s), subtracted from each read%n",
        perSecond, IDLE_SECONDS);
    return perSecond;
  }

  static long calls(Pool pool) {
    return Long.parseLong(one(pool, "SELECT coalesce(sum(calls), 0)::text FROM pg_stat_statements" + NOT_OURS));
  }

  /**
   * The statements run since the reset less the background's expected share, per request
   * answered; with the commonest, if asked.
   */
  static double statements(Pool pool, long requests, double background) {
    double calls = Math.max(0, calls(pool) - background);
    if (Boolean.getBoolean("bench.statements")) {
      await(pool.query("SELECT calls, total_exec_time / greatest(calls, 1), plans::float8 / greatest(calls, 1),"
          + " total_plan_time / greatest(plans, 1), left(regexp_replace(query, '\\s+', ' ', 'g'), 140)"
          + " FROM pg_stat_statements" + NOT_OURS + " ORDER BY calls DESC LIMIT 8").execute())
          .forEach(row -> System.out.printf("  %6.3f per request, %.3f ms (planned %.0f%% of calls,"
              + " %.3f ms): %s%n", (double) row.getLong(0) / Math.max(1, requests), row.getDouble(1),
              100 * row.getDouble(2), row.getDouble(3), row.getString(4)));
    }
    return calls / Math.max(1, requests);
  }

  /** The CPU time this JVM (the server, and the load only when wrk is missing) has used. */
  static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** User and system CPU ticks (1/100 s) of the PostgreSQL processes of this data folder. */
  static long postgresCpuTicks(Path dataDir) throws java.io.IOException {
    Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return 0;
    }
    String postmaster = Files.readAllLines(pid).get(0).trim();
    long ticks = 0;
    try (var procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          // After the command: state, ppid, ... utime (12th), stime (13th).
          String[] stat = Files.readString(proc.resolve("stat")).replaceFirst("^.*\\) ", "").split(" ");
          if (proc.getFileName().toString().equals(postmaster) || stat[1].equals(postmaster)) {
            ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
          }
        } catch (java.io.IOException | RuntimeException e) {
          // The process ended meanwhile.
        }
      }
    }
    return ticks;
  }

  /** With {@code -Dbench.jfr=reads.jfr}: a profile of each measured read, in {@code <read>-reads.jfr}. */
  static Recording startRecording(String read) throws Exception {
    String file = System.getProperty("bench.jfr");
    if (file == null) {
      return null;
    }
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.setDestination(Path.of(read + "-" + file));
    recording.start();
    return recording;
  }

  static void stopRecording(Recording recording) {
    if (recording != null) {
      recording.stop();
      recording.close();
      System.out.println("profile written to " + recording.getDestination());
    }
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /** A load generator: {@code seconds} of requests to the endpoint, CONCURRENCY in flight. */
  interface Load {
    Result run(Endpoint endpoint, int port, int seconds) throws Exception;
  }

  /** The data set, in SQL: counters are filled once at the end instead of by trigger per row. */
  static void generate(Pool pool, String base) {
    long start = System.currentTimeMillis() - 365L * 86_400_000L;
    long step = 365L * 86_400_000L / POSTS;
    exec(pool, "ALTER TABLE statuses DISABLE TRIGGER USER");
    exec(pool, "ALTER TABLE follows DISABLE TRIGGER USER");
    exec(pool, "INSERT INTO accounts (id, username, uri, url, inbox_url, outbox_url, followers_url,"
        + " following_url, featured_url, public_key_id, indexable)"
        + " SELECT " + FIRST_ACCOUNT + " + g, 'm' || g, '" + base + "/users/m' || g, '" + base
        + "/@m' || g, '" + base + "/users/m' || g || '/inbox', '" + base + "/users/m' || g || '/outbox',"
        + " '" + base + "/users/m' || g || '/followers', '" + base + "/users/m' || g || '/following',"
        + " '" + base + "/users/m' || g || '/collections/featured', '" + base + "/users/m' || g || '#main-key',"
        + " g % 10 <> 0 FROM generate_series(1, " + MEMBERS + ") g");
    exec(pool, "INSERT INTO users (account_id, email, password_hash, confirmed_at) SELECT " + FIRST_ACCOUNT
        + " + g, 'm' || g || '@bench.example', 'none', now() FROM generate_series(1, " + MEMBERS + ") g");
    // One key pair for all: making 10,000 would take minutes, and reads only publish the public halves.
    java.security.KeyPair rsa = KeyPairs.generateRsa();
    java.security.KeyPair ed25519 = KeyPairs.generateEd25519();
    await(pool.preparedQuery("INSERT INTO actor_keys (account_id, rsa_private_pem, rsa_public_pem,"
        + " ed25519_private_pem, ed25519_public_pem) SELECT " + FIRST_ACCOUNT + " + g, $1, $2, $3, $4"
        + " FROM generate_series(1, " + MEMBERS + ") g").execute(io.vertx.sqlclient.Tuple.of(
        KeyPairs.toPem(rsa.getPrivate()), KeyPairs.toPem(rsa.getPublic()),
        KeyPairs.toPem(ed25519.getPrivate()), KeyPairs.toPem(ed25519.getPublic()))));
    // Viewers spread over the whole population; their tokens are 'bench-token-N'.
    exec(pool, "INSERT INTO oauth_apps (id, name, redirect_uris, scopes, client_id,"
        + " client_secret_hash) VALUES (1, 'bench', '{urn:ietf:wg:oauth:2.0:oob}',"
        + " '{read,write,follow}', 'bench', sha256('bench'))");
    exec(pool, "INSERT INTO oauth_tokens (token_hash, app_id, account_id, scopes) SELECT"
        + " sha256(convert_to('bench-token-' || g, 'UTF8')), 1, " + FIRST_ACCOUNT + " + g * "
        + (MEMBERS / VIEWERS) + ", '{read,write,follow}' FROM generate_series(1, " + VIEWERS + ") g");
    // Power law: the lower an account's number, the more followers (random()^2.5).
    exec(pool, "INSERT INTO follows (id, account_id, target_account_id, state, accepted_at)"
        + " SELECT next_id(), f.a, f.t, 'accepted', now() FROM (SELECT DISTINCT " + FIRST_ACCOUNT
        + " + a AS a, " + FIRST_ACCOUNT + " + 1 + floor(" + (MEMBERS - 1) + " * random() ^ 2.5)::int AS t"
        + " FROM generate_series(1, " + MEMBERS + ") a, generate_series(1, " + FOLLOW_DRAWS + ") k) f"
        + " WHERE f.a <> f.t ON CONFLICT DO NOTHING");
    // Posts: ids are time-ordered (ms << 16 | n) like next_id(); every 33rd is a share of a
    // recent public post; 1 in 20 is followers-only, 2 in 20 unlisted.
    int chunk = 100_000;
    for (int from = 1; from <= POSTS; from += chunk) {
      int to = Math.min(POSTS, from + chunk - 1);
      exec(pool, "INSERT INTO statuses (id, uri, url, account_id, local, content, visibility,"
          + " to_uris, cc_uris, created_at, reblog_of_id)"
          + " SELECT x.id, '" + base + "/users/m' || x.a || '/statuses/' || x.id, '" + base
          + "/@m' || x.a || '/' || x.id, " + FIRST_ACCOUNT + " + x.a, true,"
          + " CASE WHEN x.share THEN '' ELSE '<p>' || (SELECT string_agg('w' || floor(5000 * random() ^ 2)::int, ' ')"
          + "   FROM generate_series(1, 6 + (x.g % 7)) w) || '</p>' END,"
          + " CASE WHEN x.share OR x.g % 20 NOT IN (3, 7, 13) THEN 'public'"
          + "   WHEN x.g % 20 = 7 THEN 'private' ELSE 'unlisted' END,"
          + " '{}', '{}', to_timestamp(x.ms / 1000.0),"
          + " CASE WHEN x.share THEN ((" + start + " + x.t * " + step + ") << 16) | (x.t & 65535) END"
          + " FROM (SELECT g, (" + start + " + g * " + step + ") AS ms,"
          + "   ((" + start + " + g * " + step + ") << 16) | (g & 65535) AS id,"
          + "   1 + floor(" + (MEMBERS - 1) + " * random() ^ 1.5)::int AS a,"
          + "   g % 33 = 0 AND g > 1000 AS share,"
          + "   (((g - 1 - (g * 7) % 500) / 20) * 20 + 1) - CASE WHEN (((g - 1 - (g * 7) % 500) / 20) * 20 + 1) % 33 = 0"
          + "     THEN 20 ELSE 0 END AS t"
          + "   FROM generate_series(" + from + "::int8, " + to + "::int8) g) x ON CONFLICT DO NOTHING");
      System.out.printf("  posts: %,d%n", to);
    }
    exec(pool, "ALTER TABLE statuses ENABLE TRIGGER USER");
    exec(pool, "ALTER TABLE follows ENABLE TRIGGER USER");
    // Quotes (FEP-044f, Mastodon 4.5), accepted: a few posts in a hundred on instances that have
    // had them for a while, fewer than shares (every 33rd). A post that is not a share quotes the
    // public post its share would have shared; V555's trigger counts them in status_stats.
    if (QUOTE_EVERY > 0) {
      exec(pool, "INSERT INTO quotes (status_id, quoted_uri, quoted_status_id, state, authorization_uri)"
          + " SELECT s.id, o.uri, o.id, 'accepted', oa.uri || '/quote_authorizations/' || s.id"
          + " FROM (SELECT ((" + start + " + g * " + step + ") << 16) | (g & 65535) AS id,"
          + "   ((" + start + " + t * " + step + ") << 16) | (t & 65535) AS quoted"
          + "   FROM (SELECT g, (((g - 1 - (g * 7) % 500) / 20) * 20 + 1) - CASE WHEN"
          + "     (((g - 1 - (g * 7) % 500) / 20) * 20 + 1) % 33 = 0 THEN 20 ELSE 0 END AS t"
          + "     FROM generate_series(1001::int8, " + POSTS + "::int8) g"
          + "     WHERE g % " + QUOTE_EVERY + " = 5 AND g % 33 <> 0) n) q"
          + " JOIN statuses s ON s.id = q.id JOIN statuses o ON o.id = q.quoted"
          + " JOIN accounts oa ON oa.id = o.account_id");
    }
    exec(pool, "INSERT INTO account_stats AS t (account_id, statuses_count, last_status_at)"
        + " SELECT account_id, count(*), max(created_at) FROM statuses WHERE deleted_at IS NULL GROUP BY 1"
        + " ON CONFLICT (account_id) DO UPDATE SET statuses_count = EXCLUDED.statuses_count,"
        + " last_status_at = EXCLUDED.last_status_at");
    exec(pool, "INSERT INTO account_stats AS t (account_id, followers_count)"
        + " SELECT target_account_id, count(*) FROM follows WHERE state = 'accepted' GROUP BY 1"
        + " ON CONFLICT (account_id) DO UPDATE SET followers_count = EXCLUDED.followers_count");
    exec(pool, "INSERT INTO account_stats AS t (account_id, following_count)"
        + " SELECT account_id, count(*) FROM follows WHERE state = 'accepted' GROUP BY 1"
        + " ON CONFLICT (account_id) DO UPDATE SET following_count = EXCLUDED.following_count");
    exec(pool, "INSERT INTO status_stats AS t (status_id, reblogs_count)"
        + " SELECT reblog_of_id, count(*) FROM statuses WHERE reblog_of_id IS NOT NULL GROUP BY 1"
        + " ON CONFLICT (status_id) DO UPDATE SET reblogs_count = EXCLUDED.reblogs_count");
    // The home feeds the triggers would have written (the last 14 days of posts).
    long started = System.nanoTime();
    exec(pool, "SELECT rebuild_home_feeds()");
    System.out.printf("  home feeds: %s rows in %d s%n", one(pool, "SELECT count(*)::text FROM home_feed"),
        (System.nanoTime() - started) / 1_000_000_000L);
    // Index-only scans need the visibility map, and the planner its statistics.
    exec(pool, "VACUUM ANALYZE");
  }

  /**
   * With {@code -Dbench.explain=true}: the plans of one home timeline's queries, and of the search
   * statements for a common word (the newest posts) and a rare one (the week's and the whole
   * index's), with the parameters the store passes.
   */
  static void explain(Pool pool) {
    long viewer = FIRST_ACCOUNT + MEMBERS / 2;
    long now = (System.currentTimeMillis() + 60_000L) << 16;
    long dayAgo = now - (86_400_000L << 16);
    String home = String.format(org.plutro.server.store.TimelineStore.FEED, "DESC")
        .replace("$1", Long.toString(viewer)).replace("$2", Long.toString(dayAgo))
        .replace("$3", Long.toString(now)).replace("$4", "20");
    String ids = one(pool, "SELECT string_agg(x::text, ',') FROM (" + home + ") h (x)");
    String views = org.plutro.server.store.StatusViewStore.STAMPS
        .replace("$1", "'{" + ids + "}'::int8[]").replace("$2", Long.toString(viewer));
    long weekAgo = now - (7 * 86_400_000L << 16);
    String recent = org.plutro.server.store.SearchStore.RECENT.replace("$1", "'w0'")
        .replace("$2", Long.toString(viewer)).replace("$3", "0").replace("$4", Long.toString(now))
        .replace("$5", "20");
    java.util.function.BiFunction<String, Long, String> window = (range, from) -> String.format(
        org.plutro.server.store.SearchStore.STATUSES, "DESC", range).replace("$1", "'w4000'")
        .replace("$2", Long.toString(viewer)).replace("$3", "NULL").replace("$4", Long.toString(from))
        .replace("$5", Long.toString(now)).replace("$6", "20").replace("$7", "0");
    for (String sql : new String[] {views, home, recent,
        window.apply(org.plutro.server.store.SearchStore.WINDOW_RANGE, weekAgo), window.apply("", 0L)}) {
      StringBuilder plan = new StringBuilder();
      await(pool.query("EXPLAIN (ANALYZE, BUFFERS) " + sql).execute())
          .forEach(row -> plan.append(row.getString(0)).append('\n'));
      System.out.println(plan);
    }
  }

  static String describe(Pool pool) {
    return one(pool, "SELECT format('%s members, %s posts (%s quoting another), %s follows (%s per member"
        + " on average, the most followed account has %s followers)', (SELECT count(*) FROM users),"
        + " (SELECT count(*) FROM statuses), (SELECT count(*) FROM quotes), (SELECT count(*) FROM follows),"
        + " (SELECT round(avg(following_count)) FROM account_stats),"
        + " (SELECT max(followers_count) FROM account_stats))");
  }

  /** Sends requests for {@code seconds} from this JVM, CONCURRENCY in flight. */
  static Result run(Endpoint endpoint, Vertx vertx, HttpClient client, int port, int seconds)
      throws Exception {
    Context context = vertx.getOrCreateContext();
    long[] latencies = new long[2_000_000];
    int[] state = new int[3];   // recorded, failures, in flight
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CompletableFuture<Void> done = new CompletableFuture<>();
    long started = System.nanoTime();
    context.runOnContext(v -> {
      for (int lane = 0; lane < CONCURRENCY; lane++) {
        state[2]++;
        next(client, port, endpoint, latencies, state, end, done);
      }
    });
    done.get(seconds + 60, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - started) / 1e9;
    int count = state[0];
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    Result result = new Result(count / elapsed, sorted[count / 2] / 1e6,
        sorted[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)] / 1e6, count, state[1]);
    System.out.printf("%-34s %,9d requests, %,7.0f requests/s, p50 %6.2f ms, p99 %6.2f ms,"
        + " %d failed%n", endpoint.name() + ":", count, result.perSecond(), result.p50Ms(),
        result.p99Ms(), state[1]);
    return result;
  }

  static void next(HttpClient client, int port, Endpoint endpoint, long[] latencies,
      int[] state, long end, CompletableFuture<Void> done) {
    if (System.nanoTime() >= end) {
      if (--state[2] == 0) {
        done.complete(null);
      }
      return;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(port).setURI(endpoint.paths().get(random.nextInt(endpoint.paths().size())))
        .putHeader("Accept", endpoint.accept());
    if (endpoint.withToken()) {
      options.putHeader("Authorization", "Bearer bench-token-" + (1 + random.nextInt(endpoint.viewers())));
    }
    if (endpoint.withSession()) {
      options.putHeader("Cookie", "plutro_session=bench-session-" + (1 + random.nextInt(endpoint.viewers())));
    }
    long sent = System.nanoTime();
    client.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(result -> {
          if (result.succeeded() && result.result() == 200) {
            if (state[0] < latencies.length) {
              latencies[state[0]++] = System.nanoTime() - sent;
            }
          } else {
            state[1]++;
          }
          next(client, port, endpoint, latencies, state, end, done);
        });
  }

  static void exec(Pool pool, String sql) {
    await(pool.query(sql).execute());
  }

  static String one(Pool pool, String sql) {
    return await(pool.query(sql).execute()).iterator().next().getString(0);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
