package org.plutro.server.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.plutro.server.config.Settings;
import org.plutro.server.testrig.TestInstance;

/**
 * Closure fan-out: a member known to 5,000 instances closes her account → time until every
 * instance has her Delete(Person), with the database's work (commits, rows written) and the CPU
 * used by Plutro's JVM (the sink runs in it too) and by PostgreSQL. The instances are 5,000
 * loopback addresses (127.0.a.b) answered by one sink listening on all of them.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl server exec:java@closure-benchmark}
 * ({@code -Dbench.instances=N} for another size).
 */
public final class ClosureBenchmark {
  public static void main(String[] args) throws Exception {
    int instances = Integer.getInteger("bench.instances", 5_000);
    int sinkPort = TestInstance.freePort();
    Vertx vertx = Vertx.vertx();
    Map<String, Long> arrivals = new ConcurrentHashMap<>();
    // Listening on every address: 127.0.a.b all reach it, each a host of its own to Plutro.
    HttpServer sink = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
      String host = request.headers().get("Host");
      if (body.succeeded() && body.result().toString().contains("\"Delete\"") && host != null) {
        arrivals.putIfAbsent(host, System.nanoTime());
      }
      request.response().setStatusCode(202).end();
    })).listen(sinkPort, "0.0.0.0").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    int port = TestInstance.freePort();
    Path dataDir = Files.createTempDirectory("plutro-closure-bench");
    try (TestInstance plutro = TestInstance.start(Settings.load(Map.of(
        "PLUTRO_HTTP_PORT", Integer.toString(port), "PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port,
        "PLUTRO_DATA_DIR", dataDir.toString(), "PLUTRO_FEDERATION_ALLOW_PRIVATE", "true")))) {
      TestInstance.Member leaver = plutro.register("leaver");
      plutro.sql("INSERT INTO copy_holders (account_id, domain, inbox_url, shared_inbox)"
          + " SELECT $1, h, 'http://' || h || '/inbox', true FROM (SELECT '127.0.' || (n / 250)"
          + " || '.' || (n % 250 + 2) || ':' || $2::text AS h FROM generate_series(0, $3 - 1) n) s",
          Long.parseLong(leaver.id()), Integer.toString(sinkPort), instances);
      System.out.printf("Closure benchmark: a member known to %d instances (distinct hosts) closes"
          + " her account; embedded PostgreSQL, %d cores%n", instances,
          Runtime.getRuntime().availableProcessors());

      long[] db0 = databaseWork(plutro);
      long jvm0 = jvmCpuNanos();
      long pg0 = postgresCpuTicks(dataDir);
      long start = System.nanoTime();
      var reply = plutro.postForm("/api/v1/accounts/close", Map.of("password", "a long password"),
          "Authorization", "Bearer " + leaver.token());
      long answered = System.nanoTime();
      if (reply.status() != 200) {
        throw new IllegalStateException("closing failed: " + reply);
      }
      long deadline = start + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline && arrivals.size() < instances) {
        Thread.sleep(5);
      }
      long last = arrivals.values().stream().mapToLong(Long::longValue).max().orElse(start);
      long jvm = jvmCpuNanos() - jvm0;
      long pg = postgresCpuTicks(dataDir) - pg0;
      // Outcomes are written just after the answers arrive: let them land before counting.
      Thread.sleep(1000);
      long[] db = databaseWork(plutro);
      double seconds = (last - start) / 1e9;

      System.out.printf("POST /api/v1/accounts/close answered in %.0f ms%n", (answered - start) / 1e6);
      System.out.printf("instances with the Delete: %d of %d; the last after %.2f s (%.0f per second)%n",
          arrivals.size(), instances, seconds, arrivals.size() / seconds);
      System.out.printf("deliveries: %d delivered, %d queued, %d failed%n",
          plutro.count("SELECT count(*) FROM deliveries WHERE state = 'delivered'"),
          plutro.count("SELECT count(*) FROM deliveries WHERE state = 'queued'"),
          plutro.count("SELECT count(*) FROM deliveries WHERE state = 'failed'"));
      System.out.printf("database: %d commits, %d rows inserted, %d rows updated, %d deleted"
          + " (%.1f commits per instance)%n", db[0] - db0[0], db[1] - db0[1], db[2] - db0[2],
          db[3] - db0[3], (db[0] - db0[0]) / (double) instances);
      System.out.printf("CPU: Plutro JVM (with the sink) %.2f s, PostgreSQL %.2f s, in %.2f s wall%n",
          jvm / 1e9, pg / 100.0, seconds);
    } finally {
      sink.close();
      vertx.close();
    }
  }

  /** Commits, rows inserted, updated, deleted in the plutro database so far. */
  private static long[] databaseWork(TestInstance plutro) {
    var row = plutro.sql("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted"
        + " FROM pg_stat_database WHERE datname = current_database()").iterator().next();
    return new long[] {row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3)};
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** User and system CPU ticks (1/100 s) of the PostgreSQL processes serving this data folder. */
  private static long postgresCpuTicks(Path dataDir) throws Exception {
    long ticks = 0;
    String postmaster = null;
    for (Path proc : Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      try {
        String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
        if (cmdline.contains(dataDir.toString()) && cmdline.contains("postgres")) {
          postmaster = proc.getFileName().toString();
        }
      } catch (Exception e) {
        // The process ended meanwhile.
      }
    }
    if (postmaster == null) {
      return 0;
    }
    for (Path proc : Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      try {
        String[] stat = Files.readString(proc.resolve("stat")).replaceFirst("^.*\\) ", "").split(" ");
        String pid = proc.getFileName().toString();
        // Fields after the command: state ppid ... utime (12th) stime (13th).
        if (pid.equals(postmaster) || stat[1].equals(postmaster)) {
          ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        }
      } catch (Exception e) {
        // The process ended meanwhile.
      }
    }
    return ticks;
  }
}
