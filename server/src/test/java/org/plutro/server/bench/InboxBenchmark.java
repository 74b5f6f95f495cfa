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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;

/**
 * Inbox ingestion: N signed Create(Note) from a remote actor that a local member follows, posted
 * with concurrency 32 to a Plutro on its default embedded PostgreSQL. Prints activities verified
 * and accepted per second, activities stored per second, and this machine's RSA-verify rate as the
 * ceiling, and the database's commits and WAL flushes per stored activity. Requests are signed
 * before the clock starts, so the load generator spends its CPU on sending, not on RSA. A warm-up
 * batch goes first, unmeasured, so the JIT has compiled the hot paths: a server runs for days, and
 * its steady state is what we report. With {@code -Dbench.mentions=true} every Note mentions the
 * local member (an addressed delivery: a mention and a notification to store too).
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl server exec:java@inbox-benchmark}
 * (optional {@code -Dbench.activities=20000 -Dbench.warmup=20000 -Dbench.mentions=true
 * -Dbench.jfr=profile.jfr}).
 */
public final class InboxBenchmark {
  static final int CONCURRENCY = 32;
  // Statistics are published by each backend at most once a second.
  static final long STATS_DELAY_MS = 1_500;
  static final String COMMITS = "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()";
  static final String WAL_SYNCS = "SELECT wal_sync FROM pg_stat_wal";

  public static void main(String[] args) throws Exception {
    int total = Integer.getInteger("bench.activities", 20_000);
    int warmupCount = Integer.getInteger("bench.warmup", 20_000);
    boolean mentions = Boolean.getBoolean("bench.mentions");
    Path dataDir = Files.createTempDirectory("plutro-bench");
    int port = TestInstance.freePort();
    System.out.printf("Inbox benchmark: %d signed Create(Note)%s after %d to warm up, concurrency %d,"
        + " embedded PostgreSQL in %s%n", total, mentions ? " mentioning the member" : "",
        warmupCount, CONCURRENCY, dataDir);
    try (FakeRemote remote = new FakeRemote();
         TestInstance plutro = TestInstance.start(org.plutro.server.config.Settings.load(Map.of(
             "PLUTRO_HTTP_PORT", Integer.toString(port),
             "PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port,
             "PLUTRO_DATA_DIR", dataDir.toString(),
             "PLUTRO_FEDERATION_ALLOW_PRIVATE", "true")))) {
      TestInstance.Member reader = plutro.register("reader");
      FakeRemote.Actor writer = remote.actor("writer");
      String writerOnPlutro = plutro.getWithToken("/api/v2/search?resolve=true&q=%40writer%40"
          + remote.authority(), reader.token()).json().getJsonArray("accounts").getJsonObject(0).getString("id");
      plutro.postForm("/api/v1/accounts/" + writerOnPlutro + "/follow", Map.of(),
          "Authorization", "Bearer " + reader.token());

      System.out.print("Signing requests... ");
      RequestSigner signer = writer.signer();
      String inbox = plutro.base() + "/users/reader/inbox";
      String mentioned = mentions ? reader.actorUri() : null;
      List<Signed> warmup = signAll(signer, inbox, writer, mentioned, 0, warmupCount);
      List<Signed> requests = signAll(signer, inbox, writer, mentioned, warmupCount, total);
      System.out.println("done.");

      Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(CONCURRENCY));
      if (warmupCount > 0) {
        // The JIT compiles the hot paths during the first thousands of requests; a server runs
        // for days, so the steady state is what we measure.
        Phase warm = send(vertx, client, port, warmup);
        awaitStored(plutro, warm.accepted);
        System.out.printf("warm-up: %d activities (not measured)%n", warmupCount);
      }
      Thread.sleep(STATS_DELAY_MS);
      long commits0 = plutro.count(COMMITS);
      long walSyncs0 = plutro.count(WAL_SYNCS);
      long stored0 = plutro.count("SELECT count(*) FROM statuses");
      Recording recording = startRecording();
      long start = System.nanoTime();
      Phase measured = send(vertx, client, port, requests);
      double acceptSeconds = (System.nanoTime() - start) / 1e9;
      long stored = awaitStored(plutro, stored0 + measured.accepted) - stored0;
      double storeSeconds = (System.nanoTime() - start) / 1e9;
      stopRecording(recording);
      vertx.close();
      Thread.sleep(STATS_DELAY_MS);
      // The benchmark's own statements (about one every 20 ms while waiting) are counted in too.
      long commits = plutro.count(COMMITS) - commits0;
      long walSyncs = plutro.count(WAL_SYNCS) - walSyncs0;

      double verifyRate = rsaVerifyRate();
      System.out.printf("accepted (202): %d, refused: %d%n", measured.accepted, measured.refused);
      System.out.printf("verified and accepted: %.0f activities/s (%.2f s)%n", measured.accepted / acceptSeconds, acceptSeconds);
      System.out.printf("stored:                %.0f activities/s (%d in %.2f s)%n", stored / storeSeconds, stored, storeSeconds);
      System.out.printf("commits (pg_stat_database.xact_commit): %.2f per stored activity;"
          + " WAL flushes (pg_stat_wal.wal_sync): %.2f%n", (double) commits / stored,
          (double) walSyncs / stored);
      System.out.printf("RSA-2048 verify on this machine (one core, JDK): %.0f/s; stored rate is %.1f%% of it%n",
          verifyRate, 100.0 * (stored / storeSeconds) / verifyRate);
    } finally {
      deleteTree(dataDir);
    }
  }

  record Phase(int accepted, int refused) {}

  static List<Signed> signAll(RequestSigner signer, String inbox, FakeRemote.Actor writer,
      String mentioned, int from, int count) {
    List<Signed> signed = new ArrayList<>(count);
    IntStream.range(from, from + count).parallel()
        .mapToObj(i -> sign(signer, inbox, writer, mentioned, i))
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
    while ((stored = plutro.count("SELECT count(*) FROM statuses")) < expected
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

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  record Signed(MultiMap headers, byte[] body) {}

  /** A Create(Note); one that mentions {@code mentioned} too when it is not null. */
  static Signed sign(RequestSigner signer, String inbox, FakeRemote.Actor writer, String mentioned,
      int i) {
    String noteId = writer.uri() + "/statuses/" + UUID.randomUUID();
    JsonArray cc = new JsonArray().add(writer.uri() + "/followers");
    JsonArray tags = new JsonArray();
    if (mentioned != null) {
      cc.add(mentioned);
      tags.add(new JsonObject().put("type", "Mention").put("href", mentioned).put("name", "@reader"));
    }
    JsonObject create = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
            .add(new JsonObject().put("sensitive", "as:sensitive").put("toot", "http://joinmastodon.org/ns#")))
        .put("id", noteId + "/activity").put("type", "Create").put("actor", writer.uri())
        .put("published", "2026-11-24T12:00:00Z")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", cc.copy())
        .put("object", new JsonObject().put("id", noteId).put("type", "Note")
            .put("attributedTo", writer.uri()).put("published", "2026-11-24T12:00:00Z")
            .put("content", "<p>Benchmark note number " + i + ", with a <a href=\"https://example.org\">link</a>.</p>")
            .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
            .put("cc", cc)
            .put("sensitive", false).put("tag", tags).put("attachment", new JsonArray()));
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
