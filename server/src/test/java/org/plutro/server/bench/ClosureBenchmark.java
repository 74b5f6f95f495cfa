package org.plutro.server.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.federation.signature.HttpSignatureSigner;
import org.plutro.server.config.Settings;
import org.plutro.server.testrig.Folders;
import org.plutro.server.testrig.TestInstance;

/**
 * Closure fan-out: a member known to 5,000 instances closes her account → time until every
 * instance that answers has her Delete(Person), with the database's work (commits, rows written)
 * and the CPU used by Plutro's JVM (the sink runs in it too) and by PostgreSQL. The instances are
 * 5,000 loopback addresses (127.0.a.b) answered by one sink listening on all of them. It runs
 * {@code bench.runs} times (5), each time another member closing, and prints each run.
 *
 * <p>With {@code -Dbench.hanging=0.2 -Dbench.failing=0.1} a fifth of the instances take the
 * request and never answer (Plutro's client gives up after 15 s) and a tenth answer 500: the
 * instances that answer must still have the Delete as soon, since no delivery slot waits on a
 * dead host. The ceiling is this machine's: signing the 5,000 requests, on all its cores,
 * measured in the same run.
 *
 * <p>Run: {@code mvn -B -q -pl server exec:java@closure-benchmark} after building
 * ({@code -Dbench.instances=N -Dbench.runs=N -Dbench.hanging=F -Dbench.failing=F}).
 */
public final class ClosureBenchmark {
  private static final String HANG = "hang";
  private static final String FAIL = "fail";
  private static final String ANSWER = "answer";

  public static void main(String[] args) throws Exception {
    int instances = Integer.getInteger("bench.instances", 5_000);
    int runs = Integer.getInteger("bench.runs", 5);
    double hanging = Double.parseDouble(System.getProperty("bench.hanging", "0"));
    double failing = Double.parseDouble(System.getProperty("bench.failing", "0"));
    int cores = Runtime.getRuntime().availableProcessors();
    // Every second of each run: how many instances had it so far, and the CPU spent.
    boolean timeline = Boolean.getBoolean("bench.timeline");
    int sinkPort = TestInstance.freePort();
    Vertx vertx = Vertx.vertx();
    // Per closing actor: each instance (Host) that received her Delete, and when it first did.
    Map<String, Map<String, Long>> arrivals = new ConcurrentHashMap<>();
    // Per closing actor: how many of the instances that answer have had it, counted as they get it
    // (counting them again every few milliseconds took a core from the server in this JVM).
    Map<String, AtomicInteger> answeredArrivals = new ConcurrentHashMap<>();
    // Listening on every address: 127.0.a.b all reach it, each a host of its own to Plutro. One
    // server per core (on one event loop it was a bottleneck of its own); the threads serving it
    // are recorded so that its CPU can be told apart from the server's.
    Set<Long> sinkThreads = ConcurrentHashMap.newKeySet();
    Handler<HttpServerRequest> sinkHandler = request -> request.body().onComplete(body -> {
      String host = request.headers().get("Host");
      String actor = body.succeeded() ? actorOfDelete(body.result().toString()) : null;
      if (actor != null && host != null) {
        if (arrivals.computeIfAbsent(actor, a -> new ConcurrentHashMap<>())
            .putIfAbsent(host, System.nanoTime()) == null && kind(host, hanging, failing).equals(ANSWER)) {
          answeredArrivals.computeIfAbsent(actor, a -> new AtomicInteger()).incrementAndGet();
        }
      }
      switch (kind(host, hanging, failing)) {
        case HANG -> { } // the connection stays open, unanswered, until the sender gives up
        case FAIL -> request.response().setStatusCode(500).end();
        default -> request.response().setStatusCode(202).end();
      }
    });
    vertx.deployVerticle(() -> new VerticleBase() {
          @Override
          public Future<?> start() {
            sinkThreads.add(Thread.currentThread().getId());
            return vertx.createHttpServer().requestHandler(sinkHandler).listen(sinkPort, "0.0.0.0");
          }
        }, new DeploymentOptions().setInstances(cores))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    int port = TestInstance.freePort();
    Path dataDir = Files.createTempDirectory("plutro-closure-bench");
    try (TestInstance plutro = TestInstance.start(Settings.load(Map.of(
        "PLUTRO_HTTP_PORT", Integer.toString(port), "PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port,
        "PLUTRO_DATA_DIR", dataDir.toString(), "PLUTRO_FEDERATION_ALLOW_PRIVATE", "true")))) {
      List<TestInstance.Member> leavers = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        TestInstance.Member leaver = plutro.register("leaver" + run);
        plutro.sql("INSERT INTO copy_holders (account_id, domain, inbox_url, shared_inbox)"
            + " SELECT $1, h, 'http://' || h || '/inbox', true FROM (SELECT " + HOST_SQL
            + " AS h FROM generate_series(0, $3 - 1) n) s",
            Long.parseLong(leaver.id()), Integer.toString(sinkPort), instances);
        leavers.add(leaver);
      }
      int answering = 0;
      for (int n = 0; n < instances; n++) {
        answering += kind(host(n, sinkPort), hanging, failing).equals(ANSWER) ? 1 : 0;
      }
      double ceiling = signingSeconds(instances, sinkPort) / cores;
      System.out.printf("Closure benchmark: a member known to %d instances (distinct hosts) closes her"
          + " account, %d times; %.0f%% of the instances hang, %.0f%% answer 500; embedded PostgreSQL,"
          + " %d cores%n", instances, runs, hanging * 100, failing * 100, cores);
      System.out.printf("ceiling: signing the %d requests on %d cores takes %.2f s%n", instances, cores,
          ceiling);

      List<Double> times = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        TestInstance.Member leaver = leavers.get(run - 1);
        long[] db0 = databaseWork(plutro);
        long jvm0 = jvmCpuNanos();
        long sink0 = threadCpuNanos(sinkThreads);
        long pg0 = postgresCpuTicks(dataDir);
        long start = System.nanoTime();
        var reply = plutro.postForm("/api/v1/accounts/close", Map.of("password", "a long password"),
            "Authorization", "Bearer " + leaver.token());
        long answered = System.nanoTime();
        if (reply.status() != 200) {
          throw new IllegalStateException("closing failed: " + reply);
        }
        Map<String, Long> reached = arrivals.computeIfAbsent(leaver.actorUri(), a -> new ConcurrentHashMap<>());
        AtomicInteger reachedAnswering = answeredArrivals.computeIfAbsent(leaver.actorUri(),
            a -> new AtomicInteger());
        long deadline = start + TimeUnit.SECONDS.toNanos(120);
        long nextTick = start + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline && reachedAnswering.get() < answering) {
          Thread.sleep(5);
          if (timeline && System.nanoTime() >= nextTick) {
            nextTick = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            System.out.printf("  %5.1f s: %d of %d answering, %d of all reached; CPU: JVM %.1f s, fake"
                + " instances %.1f s%n", (System.nanoTime() - start) / 1e9, reachedAnswering.get(), answering,
                reached.size(), (jvmCpuNanos() - jvm0) / 1e9, (threadCpuNanos(sinkThreads) - sink0) / 1e9);
          }
        }
        long last = start;
        int answeredCount = 0;
        for (Map.Entry<String, Long> arrival : reached.entrySet()) {
          if (kind(arrival.getKey(), hanging, failing).equals(ANSWER)) {
            answeredCount++;
            last = Math.max(last, arrival.getValue());
          }
        }
        long jvm = jvmCpuNanos() - jvm0;
        long sinkCpu = threadCpuNanos(sinkThreads) - sink0;
        long pg = postgresCpuTicks(dataDir) - pg0;
        double seconds = (last - start) / 1e9;
        times.add(seconds);
        String activity = "(SELECT id FROM outbound_activities WHERE account_id = " + leaver.id()
            + " AND body LIKE '%\"Delete\"%')";
        // Outcomes are recorded just after the answers arrive: let them land before counting.
        Thread.sleep(1000);
        long[] db = databaseWork(plutro);
        System.out.printf("run %d: %d of %d answering instances had the Delete after %.2f s (%.1f× the"
            + " ceiling; close answered in %.0f ms); %d of all %d reached; deliveries %d delivered, %d to"
            + " retry, %d in flight; %d commits (%.2f per instance); CPU: JVM %.1f s (of which the fake"
            + " instances %.1f s), PostgreSQL %.1f s; load %s%n", run, answeredCount, answering, seconds,
            seconds / ceiling,
            (answered - start) / 1e6, reached.size(), instances,
            plutro.count("SELECT count(*) FROM deliveries WHERE activity_id = " + activity
                + " AND state = 'delivered'"),
            plutro.count("SELECT count(*) FROM deliveries WHERE activity_id = " + activity
                + " AND state = 'queued' AND last_status IS NOT NULL"),
            plutro.count("SELECT count(*) FROM deliveries WHERE activity_id = " + activity
                + " AND state = 'queued' AND last_status IS NULL"),
            db[0] - db0[0], (db[0] - db0[0]) / (double) instances, jvm / 1e9, sinkCpu / 1e9, pg / 100.0,
            loadAverage());
      }
      List<Double> sorted = new ArrayList<>(times);
      Collections.sort(sorted);
      System.out.printf("closure to %d instances: median %.2f s, slowest %.2f s (ceiling %.2f s)%n",
          instances, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), ceiling);
    } finally {
      vertx.close();
      Folders.deleteTree(dataDir);
    }
  }

  // Instance n is 127.0.(n / 250).(n % 250 + 2) on the sink's port.
  private static final String HOST_SQL = "'127.0.' || (n / 250) || '.' || (n % 250 + 2) || ':' || $2::text";

  static String host(int n, int port) {
    return "127.0." + (n / 250) + "." + (n % 250 + 2) + ":" + port;
  }

  /** Which instances hang and which fail: spread evenly over the numbers (n % 10, then n / 10). */
  static String kind(String host, double hanging, double failing) {
    if (host == null || (hanging == 0 && failing == 0)) {
      return ANSWER;
    }
    String[] parts = host.split("[.:]");
    int n = Integer.parseInt(parts[2]) * 250 + Integer.parseInt(parts[3]) - 2;
    double position = (n % 100) / 100.0;
    return position < hanging ? HANG : position < hanging + failing ? FAIL : ANSWER;
  }

  /** Seconds one thread takes to sign {@code count} deliveries as Plutro does (RSA, RFC 9421). */
  private static double signingSeconds(int count, int port) {
    RequestSigner signer = new HttpSignatureSigner("http://127.0.0.1/users/x#main-key",
        KeyPairs.generateRsa().getPrivate());
    byte[] body = "{\"type\":\"Delete\"}".getBytes(StandardCharsets.UTF_8);
    // Once unmeasured, for the JIT.
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      for (int n = 0; n < count; n++) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Host", host(n, port))
            .add("Content-Type", "application/activity+json");
        signer.sign(RequestSigner.Style.RFC9421, "POST", URI.create("http://" + host(n, port) + "/inbox"),
            headers, body);
      }
      if (round == 1) {
        return (System.nanoTime() - start) / 1e9;
      }
    }
    throw new AssertionError();
  }

  private static String loadAverage() {
    try {
      return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    } catch (Exception e) {
      return "?";
    }
  }

  /** Commits, rows inserted, updated, deleted in the plutro database so far. */
  private static long[] databaseWork(TestInstance plutro) {
    var row = plutro.sql("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted"
        + " FROM pg_stat_database WHERE datname = current_database()").iterator().next();
    return new long[] {row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3)};
  }

  /** The actor of a Delete, found without parsing the JSON (the sink must cost next to nothing). */
  static String actorOfDelete(String body) {
    if (!body.contains("\"Delete\"")) {
      return null;
    }
    int key = body.indexOf("\"actor\":\"");
    if (key < 0) {
      return null;
    }
    int from = key + "\"actor\":\"".length();
    int to = body.indexOf('"', from);
    return to < 0 ? null : body.substring(from, to);
  }

  private static long threadCpuNanos(Set<Long> threads) {
    long nanos = 0;
    for (long thread : threads) {
      nanos += Math.max(0, ManagementFactory.getThreadMXBean().getThreadCpuTime(thread));
    }
    return nanos;
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
