package org.plutro.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.plutro.server.config.Settings;
import org.plutro.server.testrig.Folders;
import org.plutro.server.testrig.TestInstance;

/**
 * Delivery fan-out: one post by a member with 2,000 remote followers spread over 200 instances
 * (each its own host, 127.0.0.2 to 127.0.0.201, with a shared inbox) → time until every instance
 * has the post. Plutro runs on its default embedded PostgreSQL.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl server exec:java@fanout-benchmark}
 */
public final class FanoutBenchmark {
  public static void main(String[] args) throws Exception {
    int instances = Integer.getInteger("bench.instances", 200);
    int followers = Integer.getInteger("bench.followers", 2_000);
    int sinkPort = TestInstance.freePort();
    Vertx vertx = Vertx.vertx();
    AtomicLongArray arrivals = new AtomicLongArray(instances);
    List<Future<HttpServer>> servers = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      int index = i;
      servers.add(vertx.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
        arrivals.compareAndSet(index, 0, System.nanoTime());
        request.response().setStatusCode(202).end();
      })).listen(sinkPort, host(i)));
    }
    Future.all(servers).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    int port = TestInstance.freePort();
    var dataDir = Files.createTempDirectory("plutro-bench");
    try (TestInstance plutro = TestInstance.start(Settings.load(Map.of(
        "PLUTRO_HTTP_PORT", Integer.toString(port), "PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port,
        "PLUTRO_DATA_DIR", dataDir.toString(), "PLUTRO_FEDERATION_ALLOW_PRIVATE", "true")))) {
      TestInstance.Member poster = plutro.register("poster");
      plutro.sql("INSERT INTO accounts (username, domain, uri, inbox_url, shared_inbox_url, fetched_at)"
          + " SELECT 'f' || n, '127.0.0.' || (n % $1 + 2) || ':' || $2::text,"
          + " 'http://127.0.0.' || (n % $1 + 2) || ':' || $2 || '/users/f' || n,"
          + " 'http://127.0.0.' || (n % $1 + 2) || ':' || $2 || '/users/f' || n || '/inbox',"
          + " 'http://127.0.0.' || (n % $1 + 2) || ':' || $2 || '/inbox', now()"
          + " FROM generate_series(0, $3 - 1) n", instances, Integer.toString(sinkPort), followers);
      plutro.sql("INSERT INTO follows (account_id, target_account_id, state, accepted_at)"
          + " SELECT id, $1, 'accepted', now() FROM accounts WHERE domain IS NOT NULL",
          Long.parseLong(poster.id()));
      System.out.printf("Fan-out benchmark: %d followers on %d instances (distinct hosts), embedded PostgreSQL%n",
          followers, instances);
      long start = System.nanoTime();
      var reply = plutro.postForm("/api/v1/statuses", Map.of("status", "Hello, all two thousand of you"),
          "Authorization", "Bearer " + poster.token());
      long posted = System.nanoTime();
      if (reply.status() != 200) {
        throw new IllegalStateException("posting failed: " + reply);
      }
      long deadline = start + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && !all(arrivals)) {
        Thread.sleep(5);
      }
      long last = 0;
      int reached = 0;
      for (int i = 0; i < instances; i++) {
        if (arrivals.get(i) != 0) {
          reached++;
          last = Math.max(last, arrivals.get(i));
        }
      }
      // An instance has the post before Plutro has recorded its answer (outcomes are written in
      // batches just after): wait for the records, rather than count them half-written.
      long stored = plutro.count("SELECT count(*) FROM deliveries");
      long recordDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < recordDeadline
          && plutro.count("SELECT count(*) FROM deliveries WHERE state = 'delivered'") < reached) {
        Thread.sleep(20);
      }
      System.out.printf("POST /api/v1/statuses answered in %.0f ms%n", (posted - start) / 1e6);
      System.out.printf("instances reached: %d of %d; the last one after %.0f ms%n", reached, instances,
          (last - start) / 1e6);
      System.out.printf("deliveries stored: %d (one per distinct inbox), delivered: %d%n", stored,
          plutro.count("SELECT count(*) FROM deliveries WHERE state = 'delivered'"));
    } finally {
      vertx.close();
      Folders.deleteTree(dataDir);
    }
  }

  static String host(int index) {
    return "127.0.0." + (index + 2);
  }

  static boolean all(AtomicLongArray arrivals) {
    for (int i = 0; i < arrivals.length(); i++) {
      if (arrivals.get(i) == 0) {
        return false;
      }
    }
    return true;
  }
}
