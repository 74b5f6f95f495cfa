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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.plutro.server.testrig.TestInstance;

/**
 * Home timeline and full-text search under load. Generates, straight into Plutro's embedded
 * PostgreSQL with SQL: 10,000 members, a power-law follow graph (about 100 follows each, a few
 * accounts followed by thousands), 1,000,000 posts over a year (90% public, 3% shares), with
 * words drawn from a skewed vocabulary. Then {@code GET /api/v1/timelines/home?limit=20} and
 * {@code GET /api/v2/search?type=statuses} with a member's token, CONCURRENCY at a time from a
 * Vert.x HTTP client in the same JVM (same 2 cores), after a warm-up; and, as the ceiling, the same
 * client against a plain Vert.x "hello" server. Prints p50, p99 and requests/s.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl server exec:java@timeline-benchmark}
 * (optional {@code -Dbench.members=10000 -Dbench.posts=1000000 -Dbench.seconds=20
 * -Dbench.concurrency=32}).
 */
public final class TimelineBenchmark {
  static final int MEMBERS = Integer.getInteger("bench.members", 10_000);
  static final int POSTS = Integer.getInteger("bench.posts", 1_000_000);
  static final int FOLLOW_DRAWS = Integer.getInteger("bench.followDraws", 110);
  static final int SECONDS = Integer.getInteger("bench.seconds", 20);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
  /** The JIT needs tens of thousands of requests before the code is compiled hot. */
  static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 30);
  static final int VIEWERS = Math.min(1000, MEMBERS);
  static final long FIRST_ACCOUNT = 1_000_000L;

  public static void main(String[] args) throws Exception {
    Path dataDir = Files.createTempDirectory("plutro-bench");
    int port = TestInstance.freePort();
    System.out.printf("Timeline benchmark: %,d members, %,d posts, embedded PostgreSQL in %s%n",
        MEMBERS, POSTS, dataDir);
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
    try (TestInstance plutro = TestInstance.start(org.plutro.server.config.Settings.load(environment))) {
      Pool pool = ServerInternals.pool(plutro.server());
      long generating = System.nanoTime();
      generate(pool, plutro.base());
      System.out.printf("generated in %.0f s: %s%n", (System.nanoTime() - generating) / 1e9,
          describe(pool));

      if (Boolean.getBoolean("bench.explain")) {
        explain(pool);
      }
      Vertx vertx = Vertx.vertx();
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(CONCURRENCY));
      IntFunction<String> home = i -> "/api/v1/timelines/home?limit=20";
      String[] words = {"w40", "w150", "w300", "w600", "w900", "w1500", "w2500", "w4000"};
      IntFunction<String> search = i -> "/api/v2/search?type=statuses&q="
          + words[i % words.length] + (i % 3 == 0 ? "+" + words[(i / 3) % words.length] : "");

      // wrk (a separate process, as the machine's ceilings were measured) when installed; else
      // a Vert.x client in this JVM, which costs the server's cores more.
      boolean wrk = WrkLoad.available() && !Boolean.getBoolean("bench.inJvmClient");
      List<String> homePaths = List.of(home.apply(0));
      List<String> searchPaths = new java.util.ArrayList<>();
      for (int i = 0; i < 24; i++) {
        searchPaths.add(search.apply(i));
      }
      Result homeResult;
      Result searchResult;
      double ceiling;
      if (wrk) {
        WrkLoad.run("home timeline (warm-up)", port, homePaths, VIEWERS, CONCURRENCY, WARMUP_SECONDS);
        var recording = InboxBenchmark.startRecording();
        homeResult = WrkLoad.run("home timeline, limit=20", port, homePaths, VIEWERS, CONCURRENCY, SECONDS);
        InboxBenchmark.stopRecording(recording);
        WrkLoad.run("full-text search (warm-up)", port, searchPaths, VIEWERS, CONCURRENCY, WARMUP_SECONDS / 2);
        searchResult = WrkLoad.run("full-text search, type=statuses", port, searchPaths, VIEWERS,
            CONCURRENCY, SECONDS);
        ceiling = wrkCeiling(vertx);
      } else {
        run("home timeline (warm-up)", vertx, client, port, home, WARMUP_SECONDS);
        var recording = InboxBenchmark.startRecording();
        homeResult = run("home timeline, limit=20", vertx, client, port, home, SECONDS);
        InboxBenchmark.stopRecording(recording);
        run("full-text search (warm-up)", vertx, client, port, search, WARMUP_SECONDS / 2);
        searchResult = run("full-text search, type=statuses", vertx, client, port, search, SECONDS);
        ceiling = ceiling(vertx, client);
      }
      System.out.printf("plain Vert.x \"hello\" ceiling with the same client: %,.0f requests/s%n", ceiling);
      System.out.printf("home timeline: %.1f%% of the ceiling; search: %.1f%%%n",
          100 * homeResult.perSecond / ceiling, 100 * searchResult.perSecond / ceiling);
      System.out.printf("target (home, 2 cores): p99 < 25 ms and >= 5,000 requests/s: %s%n",
          homeResult.p99Ms < 25 && homeResult.perSecond >= 5000 ? "met" : "NOT met");
      vertx.close();
    } finally {
      InboxBenchmark.deleteTree(dataDir);
    }
    // Daemon-less Vert.x threads would keep exec:java waiting.
    System.exit(0);
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
    exec(pool, "INSERT INTO users (account_id, email, password_hash) SELECT " + FIRST_ACCOUNT
        + " + g, 'm' || g || '@bench.example', 'none' FROM generate_series(1, " + MEMBERS + ") g");
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

  /** With {@code -Dbench.explain=true}: the plans of one home timeline's and one search's queries. */
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
    for (String sql : new String[] {views, home, "SELECT s.id FROM statuses s JOIN accounts a ON"
        + " a.id = s.account_id WHERE s.search_document IS NOT NULL AND s.deleted_at IS NULL"
        + " AND s.search_document @@ websearch_to_tsquery('simple', 'w300') AND s.visibility ="
        + " 'public' AND a.indexable AND s.id > " + (now - (7 * 86_400_000L << 16))
        + " ORDER BY s.id + 0 DESC LIMIT 20"}) {
      StringBuilder plan = new StringBuilder();
      await(pool.query("EXPLAIN (ANALYZE, BUFFERS) " + sql).execute())
          .forEach(row -> plan.append(row.getString(0)).append('\n'));
      System.out.println(plan);
    }
  }

  static String describe(Pool pool) {
    return one(pool, "SELECT format('%s members, %s posts, %s follows (%s per member on average,"
        + " the most followed account has %s followers)', (SELECT count(*) FROM users),"
        + " (SELECT count(*) FROM statuses), (SELECT count(*) FROM follows),"
        + " (SELECT round(avg(following_count)) FROM account_stats),"
        + " (SELECT max(followers_count) FROM account_stats))");
  }

  record Result(double perSecond, double p50Ms, double p99Ms) {}

  /** Sends requests for {@code seconds}, CONCURRENCY in flight, each with a random viewer's token. */
  static Result run(String what, Vertx vertx, HttpClient client, int port, IntFunction<String> uri,
      int seconds) throws Exception {
    Context context = vertx.getOrCreateContext();
    long[] latencies = new long[2_000_000];
    int[] state = new int[3];   // recorded, failures, in flight
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CompletableFuture<Void> done = new CompletableFuture<>();
    long started = System.nanoTime();
    context.runOnContext(v -> {
      for (int lane = 0; lane < CONCURRENCY; lane++) {
        state[2]++;
        next(client, port, uri, latencies, state, end, done);
      }
    });
    done.get(seconds + 60, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - started) / 1e9;
    int count = state[0];
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    Result result = new Result(count / elapsed, sorted[count / 2] / 1e6,
        sorted[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)] / 1e6);
    System.out.printf("%-34s %,9d requests, %,7.0f requests/s, p50 %6.2f ms, p99 %6.2f ms,"
        + " %d failed%n", what + ":", count, result.perSecond, result.p50Ms, result.p99Ms, state[1]);
    return result;
  }

  static void next(HttpClient client, int port, IntFunction<String> uri, long[] latencies,
      int[] state, long end, CompletableFuture<Void> done) {
    if (System.nanoTime() >= end) {
      if (--state[2] == 0) {
        done.complete(null);
      }
      return;
    }
    int i = ThreadLocalRandom.current().nextInt(1_000_000);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(port).setURI(uri.apply(i))
        .putHeader("Authorization", "Bearer bench-token-" + (1 + i % VIEWERS));
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
          next(client, port, uri, latencies, state, end, done);
        });
  }

  /** wrk against a Vert.x server that answers a small JSON at once. */
  static double wrkCeiling(Vertx vertx) throws Exception {
    int port = TestInstance.freePort();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response()
        .putHeader("Content-Type", "application/json").end("{\"hello\":\"world\"}"));
    server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    WrkLoad.run("plain Vert.x (warm-up)", port, List.of("/"), 1, CONCURRENCY, 3);
    Result result = WrkLoad.run("plain Vert.x hello", port, List.of("/"), 1, CONCURRENCY, 5);
    server.close();
    return result.perSecond;
  }

  /** The same load generator against a Vert.x server that answers a small JSON at once. */
  static double ceiling(Vertx vertx, HttpClient client) throws Exception {
    int port = TestInstance.freePort();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response()
        .putHeader("Content-Type", "application/json").end("{\"hello\":\"world\"}"));
    server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    run("plain Vert.x (warm-up)", vertx, client, port, i -> "/", 3);
    Result result = run("plain Vert.x hello", vertx, client, port, i -> "/", 5);
    server.close();
    return result.perSecond;
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
