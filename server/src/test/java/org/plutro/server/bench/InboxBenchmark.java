package org.plutro.server.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Folders;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;

/**
 * Inbox ingestion, as peers see it: N signed Create(Note) from remote actors that a local member
 * follows ({@code -Dbench.authors}, 100: each Note from one of them, each signing its own), posted with concurrency 32 to a Plutro running in a JVM of its own on its default
 * embedded PostgreSQL (fsync and synchronous commits on), after as many to warm up (a server runs
 * for days, and its steady state is what we report). By default the Notes are a mix as instances
 * send them: half mention the member (an addressed delivery: a mention and a notification to store
 * too), a fifth answer one of the member's posts, a quarter carry a hashtag the member follows and
 * a quarter one they do not ({@code -Dbench.notes=mentions}: every Note mentions the member;
 * {@code followers}: none does, addressed to followers only).
 *
 * <p>Prints activities verified and accepted per second, activities stored per second (end to
 * end: until the last one is in the database), this machine's RSA-verify rate as the ceiling,
 * the CPU time the server JVM and its PostgreSQL spent per stored activity (from /proc: unlike
 * the rates, hardly changed by other work on shared cores), the database's commits and WAL flushes
 * per stored activity (the benchmark's own statements left out), the server JVM's resident memory before and after, and whether everything was stored:
 * every post, mention, notification, reply link and followed hashtag. Requests are signed before
 * the clock starts, so the load generator spends its CPU on sending, not on RSA.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl server exec:java@inbox-benchmark}
 * (optional {@code -Dbench.activities=20000 -Dbench.warmup=20000 -Dbench.notes=mix
 * -Dbench.jfr=profile.jfr -Dbench.serverJvm="-Xmx256m" -Dbench.histogram=30}: the 30 classes
 * that take most of the live heap after the run; {@code -Dbench.nativeMemory=true}: the server
 * JVM's memory by kind after the run, from Native Memory Tracking; {@code
 * -Dbench.trimNativeHeap=true}: after the run, how much of the memory the JVM freed the C library
 * still held, given back by jcmd System.trim_native_heap; {@code -Dbench.idleSeconds=60}: how long
 * the server idles after the run before its RSS is read again; {@code -Dbench.port}: the server's).
 */
public final class InboxBenchmark {
  static final int CONCURRENCY = 32;
  // Posts published a minute before the run: a post's id comes from its publishing time, and only
  // recent posts enter home feeds, as in a live inbox.
  private static final String PUBLISHED = java.time.Instant.now().minusSeconds(60).toString();
  // Statistics are published by each backend at most once a second.
  static final long STATS_DELAY_MS = 1_500;
  static final String COMMITS = "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()";
  static final String WAL_SYNCS = "SELECT wal_sync FROM pg_stat_wal";
  static final String FOLLOWED_TAG = "plutrobench";
  static final String OTHER_TAG = "elsewhere";
  /** The member's own posts, which a fifth of the mix answers. */
  static final int LOCAL_POSTS = 20;

  /** What the Notes are (see the class comment). */
  enum Notes { MIX, MENTIONS, FOLLOWERS }

  /** The i-th Note's shape: whether it mentions the member, which post it answers, its hashtag. */
  record Shape(boolean mentions, String inReplyTo, String hashtag) {
    static Shape of(Notes notes, int i, List<String> localPosts) {
      return switch (notes) {
        case FOLLOWERS -> new Shape(false, null, null);
        case MENTIONS -> new Shape(true, null, null);
        case MIX -> new Shape(i % 2 == 0,
            i % 5 == 1 ? localPosts.get(i / 5 % localPosts.size()) : null,
            i % 4 == 3 ? FOLLOWED_TAG : i % 4 == 1 ? OTHER_TAG : null);
      };
    }
  }

  /**
   * The remote actors the member follows, who write the Notes ({@code -Dbench.authors=N}): a member
   * follows about a hundred accounts, and what reaches an inbox comes from all of them, not from one
   * (whose counters and rows every concurrent batch would then update).
   */
  static final int AUTHORS = Integer.getInteger("bench.authors", 100);

  /** With {@code -Dbench.statements=N}: the N costliest statements of the measured phase. */
  static final int STATEMENTS = Integer.getInteger("bench.statements", 0);

  /** The statements the benchmark itself runs on the server's database (counted in its commits). */
  static final AtomicInteger OWN_STATEMENTS = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    int total = Integer.getInteger("bench.activities", 20_000);
    int warmupCount = Integer.getInteger("bench.warmup", 20_000);
    Notes notes = Notes.valueOf(System.getProperty("bench.notes", "mix").toUpperCase());
    String serverJvm = System.getProperty("bench.serverJvm", "").strip();
    List<String> jvmOptions = new ArrayList<>();
    if (!serverJvm.isEmpty()) {
      jvmOptions.addAll(List.of(serverJvm.split("\\s+")));
    }
    boolean nativeMemory = Boolean.getBoolean("bench.nativeMemory");
    if (nativeMemory) {
      jvmOptions.add("-XX:NativeMemoryTracking=summary");
    }
    Path folder = Files.createTempDirectory("plutro-bench");
    int port = Integer.getInteger("bench.port", TestInstance.freePort());
    System.out.printf("Inbox benchmark: %d signed Create(Note) (%s) from %d followed authors after %d"
        + " to warm up, concurrency %d, Plutro in its own JVM%s on its embedded PostgreSQL in %s;"
        + " load average %s%n", total, describe(notes), AUTHORS, warmupCount, CONCURRENCY,
        jvmOptions.isEmpty() ? "" : " " + jvmOptions, folder, loadAverage());
    try (FakeRemote remote = new FakeRemote();
         ServerProcess server = start(folder, port, jvmOptions, STATEMENTS > 0)) {
      TestInstance plutro = server.client();
      TestInstance.Member reader = plutro.register("reader");
      System.out.print("Following " + AUTHORS + " authors... ");
      List<FakeRemote.Actor> writers = new ArrayList<>();
      List<Long> writersOnPlutro = new ArrayList<>();
      for (int i = 0; i < AUTHORS; i++) {
        FakeRemote.Actor writer = remote.actor("writer" + i);
        String writerOnPlutro = plutro.getWithToken("/api/v2/search?resolve=true&q=%40" + writer.username()
            + "%40" + remote.authority(), reader.token()).json().getJsonArray("accounts").getJsonObject(0)
            .getString("id");
        plutro.postForm("/api/v1/accounts/" + writerOnPlutro + "/follow", Map.of(),
            "Authorization", "Bearer " + reader.token());
        accept(plutro, remote, writer, i + 1);
        writers.add(writer);
        writersOnPlutro.add(Long.parseLong(writerOnPlutro));
      }
      System.out.println("done.");
      plutro.postForm("/api/v1/tags/" + FOLLOWED_TAG + "/follow", Map.of(),
          "Authorization", "Bearer " + reader.token());
      List<String> localPosts = new ArrayList<>();
      for (int i = 0; i < LOCAL_POSTS; i++) {
        localPosts.add(plutro.postForm("/api/v1/statuses", Map.of("status", "Local post " + i),
            "Authorization", "Bearer " + reader.token()).json().getString("uri"));
      }

      System.out.print("Signing requests... ");
      String inbox = plutro.base() + "/users/reader/inbox";
      List<Shape> shapes = new ArrayList<>();
      IntStream.range(0, warmupCount + total).forEach(i -> shapes.add(Shape.of(notes, i, localPosts)));
      List<Signed> warmup = signAll(inbox, writers, reader.actorUri(), shapes, 0, warmupCount);
      List<Signed> requests = signAll(inbox, writers, reader.actorUri(), shapes, warmupCount, total);
      System.out.println("done.");
      long stored0 = count(plutro, "SELECT count(*) FROM statuses");
      double rssBefore = server.rssMib();

      Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(CONCURRENCY));
      if (warmupCount > 0) {
        Phase warm = send(vertx, client, port, warmup);
        awaitStored(plutro, stored0 + warm.accepted);
        System.out.printf("warm-up: %d activities (not measured); server RSS %.0f MiB (%s)%n", warmupCount,
            server.rssMib(), server.rssParts());
        if (nativeMemory) {
          System.out.println(server.nativeMemory());
          System.out.println(server.heapInfo());
        }
      }
      Thread.sleep(STATS_DELAY_MS);
      String load = loadAverage();
      OWN_STATEMENTS.set(0);
      long commits0 = count(plutro, COMMITS);
      long walSyncs0 = count(plutro, WAL_SYNCS);
      long measured0 = count(plutro, "SELECT count(*) FROM statuses");
      Upkeep upkeep0 = Upkeep.of(plutro);
      String jfr = System.getProperty("bench.jfr");
      if (jfr != null) {
        server.startRecording(jfr);
      }
      if (STATEMENTS > 0) {
        count(plutro, "SELECT count(*) FROM pg_stat_statements_reset()");
      }
      ServerProcess.CpuSeconds cpu0 = server.cpuSeconds();
      long start = System.nanoTime();
      Phase measured = send(vertx, client, port, requests);
      double acceptSeconds = (System.nanoTime() - start) / 1e9;
      long stored = awaitStored(plutro, measured0 + measured.accepted) - measured0;
      double storeSeconds = (System.nanoTime() - start) / 1e9;
      ServerProcess.CpuSeconds cpu = server.cpuSeconds().minus(cpu0);
      if (jfr != null) {
        server.stopRecording();
        System.out.println("profile written to " + jfr);
      }
      vertx.close();
      Thread.sleep(STATS_DELAY_MS);
      long ownStatements = OWN_STATEMENTS.get();
      long commits = count(plutro, COMMITS) - commits0 - ownStatements;
      long walSyncs = count(plutro, WAL_SYNCS) - walSyncs0;
      String upkeep = Upkeep.of(plutro).since(upkeep0);
      double rssAfter = server.rssMib();
      String rssPartsAfter = server.rssParts();
      // Before the histogram: its full collection may shrink the heap.
      if (nativeMemory) {
        System.out.println("the server JVM's memory after the run (jcmd VM.native_memory summary):");
        System.out.println(server.nativeMemory());
        System.out.println(server.heapInfo());
      }
      // An idle server: what it keeps once a burst is over is what the host must have.
      int idleSeconds = Integer.getInteger("bench.idleSeconds", 60);
      Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
      double rssIdle = server.rssMib();
      String rssPartsIdle = server.rssParts();
      if (nativeMemory && idleSeconds > 0) {
        System.out.printf("the server JVM's memory after %d s idle:%n%s%n%s%n", idleSeconds,
            server.nativeMemory(), server.heapInfo());
      }
      // After the RSS above: what the C library held of the memory the JVM freed.
      String trimmed = Boolean.getBoolean("bench.trimNativeHeap") ? server.trimNativeHeap() : null;
      int histogram = Integer.getInteger("bench.histogram", 0);
      if (histogram > 0) {
        System.out.println("the server's live heap after the run (jcmd GC.class_histogram):");
        System.out.println(server.heapHistogram(histogram + 3));
        System.out.println(server.heapInfo());
      }

      double verifyRate = rsaVerifyRate();
      System.out.printf("load average during the run: %s (before), %s (after)%n", load, loadAverage());
      System.out.printf("accepted (202): %d, refused: %d%n", measured.accepted, measured.refused);
      System.out.printf("verified and accepted: %.0f activities/s (%.2f s)%n", measured.accepted / acceptSeconds, acceptSeconds);
      System.out.printf("stored:                %.0f activities/s (%d in %.2f s)%n", stored / storeSeconds, stored, storeSeconds);
      System.out.printf("CPU per stored activity (robust to load): %.2f ms (server JVM %.2f ms +"
          + " PostgreSQL %.2f ms; %.1f s + %.1f s in all)%n", 1000 * (cpu.jvm() + cpu.database()) / stored,
          1000 * cpu.jvm() / stored, 1000 * cpu.database() / stored, cpu.jvm(), cpu.database());
      System.out.printf("commits (pg_stat_database.xact_commit, less the benchmark's %d statements):"
          + " %.2f per stored activity; WAL flushes (pg_stat_wal.wal_sync): %.2f%n", ownStatements,
          (double) commits / stored, (double) walSyncs / stored);
      System.out.println("PostgreSQL's upkeep meanwhile (its CPU is in PostgreSQL's): " + upkeep);
      System.out.printf("server RSS (VmRSS of pid %d): %.0f MiB before the warm-up, %.0f MiB after"
          + " the run (%s), %.0f MiB after %d s idle (%s)%n", server.pid(), rssBefore, rssAfter,
          rssPartsAfter, rssIdle, idleSeconds, rssPartsIdle);
      if (trimmed != null) {
        System.out.println("jcmd System.trim_native_heap after the run: " + trimmed);
      }
      System.out.printf("RSA-2048 verify on this machine (one core, JDK): %.0f/s; stored rate is %.1f%% of it%n",
          verifyRate, 100.0 * (stored / storeSeconds) / verifyRate);
      System.out.println(completeness(plutro, shapes, reader.id(), writersOnPlutro));
      if (STATEMENTS > 0) {
        System.out.println(statements(plutro, stored));
      }
    } finally {
      Folders.deleteTree(folder);
    }
  }

  record Phase(int accepted, int refused) {}

  /**
   * The server, started; with {@code statements}, started again with pg_stat_statements loaded
   * (PostgreSQL loads it only when it starts), before anything is set up.
   */
  static ServerProcess start(Path folder, int port, List<String> jvmOptions, boolean statements)
      throws Exception {
    ServerProcess server = ServerProcess.start(folder, port, jvmOptions);
    if (!statements) {
      return server;
    }
    try (server) {
      server.client().sql("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
      // The statements that triggers run too, each counted apart (and within the statement that fired it).
      server.client().sql("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
    }
    ServerProcess again = ServerProcess.start(folder, port, jvmOptions);
    again.client().sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    return again;
  }

  /**
   * The server's statements of the measured phase (pg_stat_statements, the benchmark's own left
   * out): all of them per stored activity, then the {@link #STATEMENTS} costliest, each with its
   * calls and execution time per stored activity and the rows it touched per call.
   */
  static String statements(TestInstance plutro, long stored) {
    String ours = " WHERE query NOT LIKE '%pg_stat_%' AND query <> 'SELECT count(*) FROM statuses'";
    var all = plutro.sql("SELECT coalesce(sum(calls), 0)::float8, coalesce(sum(total_exec_time), 0)"
        + " FROM pg_stat_statements" + ours).iterator().next();
    StringBuilder text = new StringBuilder(String.format("statements (pg_stat_statements): %.1f per"
        + " stored activity, %.3f ms of execution per stored activity; the costliest:%n",
        all.getDouble(0) / stored, all.getDouble(1) / stored));
    for (var row : plutro.sql("SELECT calls::float8, total_exec_time, rows::float8, query"
        + " FROM pg_stat_statements" + ours + " ORDER BY total_exec_time DESC LIMIT $1", STATEMENTS)) {
      String query = row.getString(3).replaceAll("\\s+", " ");
      text.append(String.format("  %6.3f calls %7.4f ms %7.1f rows/call  %s%n", row.getDouble(0) / stored,
          row.getDouble(1) / stored, row.getDouble(2) / row.getDouble(0),
          query.length() > 160 ? query.substring(0, 160) + "..." : query));
    }
    return text.toString();
  }

  /**
   * The writer accepts the member's follow, as its server would: then the writer is the
   * {@code followed}-th account the member follows.
   */
  static void accept(TestInstance plutro, FakeRemote remote, FakeRemote.Actor writer, int followed)
      throws InterruptedException {
    JsonObject follow = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (follow == null && System.nanoTime() < deadline) {
      follow = remote.received().stream().map(FakeRemote.Received::json)
          .filter(json -> "Follow".equals(json.getString("type")) && writer.uri().equals(json.getString("object")))
          .findFirst().orElse(null);
      Thread.sleep(20);
    }
    if (follow == null) {
      throw new IllegalStateException("the member's Follow never reached the writer");
    }
    JsonObject accept = new JsonObject()
        .put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", writer.uri() + "#accepts/" + UUID.randomUUID()).put("type", "Accept")
        .put("actor", writer.uri()).put("object", follow);
    SignedPost.post(plutro, "/users/reader/inbox", writer.signer(), accept.encode());
    while (plutro.count("SELECT count(*) FROM follows WHERE state = 'accepted'") < followed) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the writer's Accept was not taken");
      }
      Thread.sleep(50);
    }
  }

  static String describe(Notes notes) {
    return switch (notes) {
      case MIX -> "a mix: 1/2 mention the member, 1/5 answer the member's posts, 1/4 carry a"
          + " hashtag the member follows";
      case MENTIONS -> "each mentions the member";
      case FOLLOWERS -> "addressed to followers only";
    };
  }

  /** The machine's load averages (1, 5 and 15 minutes): the cores are shared. */
  static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  /** A count read from the server's database, remembered as one of the benchmark's own commits. */
  static long count(TestInstance plutro, String sql, Object... args) {
    OWN_STATEMENTS.incrementAndGet();
    return plutro.count(sql, args);
  }

  /**
   * PostgreSQL's own work, which runs when it falls due and so lands in some runs and not in
   * others: autovacuum and autoanalyze runs by table, and checkpoints (after one, the first change
   * to each page writes the whole page to the WAL).
   */
  record Upkeep(Map<String, Long> vacuums, Map<String, Long> analyzes, long checkpoints) {
    static Upkeep of(TestInstance plutro) {
      Map<String, Long> vacuums = new java.util.TreeMap<>();
      Map<String, Long> analyzes = new java.util.TreeMap<>();
      OWN_STATEMENTS.incrementAndGet();
      for (var row : plutro.sql("SELECT relname, autovacuum_count, autoanalyze_count"
          + " FROM pg_stat_user_tables")) {
        vacuums.put(row.getString(0), row.getLong(1));
        analyzes.put(row.getString(0), row.getLong(2));
      }
      return new Upkeep(vacuums, analyzes,
          count(plutro, "SELECT num_timed + num_requested FROM pg_stat_checkpointer"));
    }

    String since(Upkeep earlier) {
      return String.format("autovacuum %s; autoanalyze %s; checkpoints %d",
          runs(vacuums, earlier.vacuums), runs(analyzes, earlier.analyzes),
          checkpoints - earlier.checkpoints);
    }

    private static String runs(Map<String, Long> now, Map<String, Long> before) {
      List<String> tables = new ArrayList<>();
      now.forEach((table, count) -> {
        long runs = count - before.getOrDefault(table, 0L);
        if (runs > 0) {
          tables.add(runs == 1 ? table : table + " x" + runs);
        }
      });
      return tables.isEmpty() ? "none" : String.join(", ", tables);
    }
  }

  /**
   * Whether everything sent was stored, warm-up included: every post, mention, mention
   * notification, reply link, followed hashtag and home feed row.
   */
  static String completeness(TestInstance plutro, List<Shape> sent, String readerId, List<Long> writerIds) {
    long mentions = sent.stream().filter(Shape::mentions).count();
    long replies = sent.stream().filter(shape -> shape.inReplyTo() != null).count();
    long followed = sent.stream().filter(shape -> FOLLOWED_TAG.equals(shape.hashtag())).count();
    long reader = Long.parseLong(readerId);
    Long[] writers = writerIds.toArray(Long[]::new);
    long[] expected = {sent.size(), mentions, mentions, replies, followed, sent.size()};
    long[] found = {
        count(plutro, "SELECT count(*) FROM statuses WHERE account_id = ANY($1)", (Object) writers),
        count(plutro, "SELECT count(*) FROM mentions m JOIN statuses s ON s.id = m.status_id"
            + " WHERE s.account_id = ANY($1) AND m.account_id = $2", writers, reader),
        count(plutro, "SELECT count(*) FROM notifications WHERE account_id = $1"
            + " AND from_account_id = ANY($2) AND type = 'mention'", reader, writers),
        count(plutro, "SELECT count(*) FROM statuses WHERE account_id = ANY($1)"
            + " AND in_reply_to_id IS NOT NULL", (Object) writers),
        count(plutro, "SELECT count(*) FROM status_tags st JOIN tags t ON t.id = st.tag_id"
            + " JOIN statuses s ON s.id = st.status_id WHERE t.name = $1 AND s.account_id = ANY($2)",
            FOLLOWED_TAG, writers),
        count(plutro, "SELECT count(*) FROM home_feed WHERE account_id = $1 AND author_id = ANY($2)",
            reader, writers)};
    String[] names = {"posts", "mentions", "notifications", "replies linked", "followed hashtags",
        "home feed rows"};
    StringBuilder line = new StringBuilder("stored, warm-up included: ");
    boolean complete = true;
    for (int i = 0; i < names.length; i++) {
      line.append(i == 0 ? "" : ", ").append(names[i]).append(' ').append(found[i]).append('/')
          .append(expected[i]);
      complete &= found[i] == expected[i];
    }
    return line.append(complete ? " (complete)" : " (INCOMPLETE)").toString();
  }

  /** The requests {@code from} to {@code from + count}, each from one of the writers, signed by it. */
  static List<Signed> signAll(String inbox, List<FakeRemote.Actor> writers, String member,
      List<Shape> shapes, int from, int count) {
    List<Signed> signed = new ArrayList<>(count);
    IntStream.range(from, from + count).parallel()
        .mapToObj(i -> {
          // Spread over the writers independently of the Notes' shapes (which go by i's residues).
          FakeRemote.Actor writer = writers.get(new SplittableRandom(i).nextInt(writers.size()));
          return sign(writer.signer(), inbox, writer, member, shapes.get(i), i);
        })
        .forEachOrdered(signed::add);
    return signed;
  }

  /** Posts every request, {@link #CONCURRENCY} at a time, and waits for the answers. */
  static Phase send(Vertx vertx, HttpClient client, int port, List<Signed> requests)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(CONCURRENCY);
    for (int lane = 0; lane < CONCURRENCY; lane++) {
      vertx.runOnContext(v -> sendNext(client, port, requests, next, accepted, refused, done));
    }
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests still unanswered after 10 minutes");
    }
    return new Phase(accepted.get(), refused.get());
  }

  /** Waits until the statuses table holds {@code expected} rows (at most five minutes). */
  static long awaitStored(TestInstance plutro, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    long stored;
    while ((stored = count(plutro, "SELECT count(*) FROM statuses")) < expected
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return stored;
  }

  /** With {@code -Dbench.jfr=file.jfr}, a Flight Recorder profile of the measured phase only. */
  static Recording startRecording() throws Exception {
    String file = System.getProperty("bench.jfr");
    if (file == null) {
      return null;
    }
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.setDestination(Path.of(file));
    recording.start();
    return recording;
  }

  static void stopRecording(Recording recording) {
    if (recording != null) {
      recording.stop();
      recording.close();
      System.out.println("profile written to " + System.getProperty("bench.jfr"));
    }
  }

  record Signed(MultiMap headers, byte[] body) {}

  /** The i-th Create(Note), of this shape; {@code member} is the actor it may mention. */
  static Signed sign(RequestSigner signer, String inbox, FakeRemote.Actor writer, String member,
      Shape shape, int i) {
    String noteId = writer.uri() + "/statuses/" + UUID.randomUUID();
    JsonArray cc = new JsonArray().add(writer.uri() + "/followers");
    JsonArray tags = new JsonArray();
    String content = "<p>Benchmark note number " + i + ", with a <a href=\"https://example.org\">link</a>";
    if (shape.mentions()) {
      cc.add(member);
      tags.add(new JsonObject().put("type", "Mention").put("href", member).put("name", "@reader"));
      content = "<p><span class=\"h-card\"><a href=\"" + member + "\" class=\"u-url mention\">@reader</a>"
          + "</span> " + content.substring(3);
    }
    if (shape.hashtag() != null) {
      tags.add(new JsonObject().put("type", "Hashtag").put("name", "#" + shape.hashtag())
          .put("href", writer.uri() + "/tags/" + shape.hashtag()));
      content += " <a href=\"" + writer.uri() + "/tags/" + shape.hashtag() + "\" class=\"mention hashtag\">#"
          + shape.hashtag() + "</a>";
    }
    JsonObject note = new JsonObject().put("id", noteId).put("type", "Note")
        .put("attributedTo", writer.uri()).put("published", PUBLISHED)
        .put("content", content + ".</p>")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", cc.copy())
        .put("sensitive", false).put("tag", tags).put("attachment", new JsonArray());
    if (shape.inReplyTo() != null) {
      note.put("inReplyTo", shape.inReplyTo());
    }
    JsonObject create = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
            .add(new JsonObject().put("sensitive", "as:sensitive").put("toot", "http://joinmastodon.org/ns#")
                .put("Hashtag", "as:Hashtag")))
        .put("id", noteId + "/activity").put("type", "Create").put("actor", writer.uri())
        .put("published", PUBLISHED)
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", cc)
        .put("object", note);
    byte[] body = create.encode().getBytes(StandardCharsets.UTF_8);
    return new Signed(SignedPost.sign(signer, RequestSigner.Style.CAVAGE, inbox, body), body);
  }

  static void sendNext(HttpClient client, int port, List<Signed> requests, AtomicInteger next,
      AtomicInteger accepted, AtomicInteger refused, CountDownLatch done) {
    int i = next.getAndIncrement();
    if (i >= requests.size()) {
      done.countDown();
      return;
    }
    Signed signed = requests.get(i);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(port).setURI("/users/reader/inbox");
    options.setHeaders(signed.headers());
    client.request(options)
        .compose(request -> request.send(Buffer.buffer(signed.body())))
        .compose(response -> response.body().map(response.statusCode()))
        .onComplete(result -> {
          if (result.succeeded() && result.result() == 202) {
            accepted.incrementAndGet();
          } else {
            refused.incrementAndGet();
          }
          sendNext(client, port, requests, next, accepted, refused, done);
        });
  }

  /** The machine's RSA-2048 verify rate, measured now on one core: the ceiling for ingestion. */
  static double rsaVerifyRate() throws Exception {
    var keys = KeyPairs.generateRsa();
    byte[] data = new byte[200];
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(keys.getPrivate());
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    for (int i = 0; i < 2000; i++) {
      verifier.initVerify(keys.getPublic());
      verifier.update(data);
      verifier.verify(signature);
    }
    int count = 0;
    long start = System.nanoTime();
    end = start + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < end) {
      verifier.initVerify(keys.getPublic());
      verifier.update(data);
      verifier.verify(signature);
      count++;
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
