package org.plutro.federation.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.federation.testing.Loopback.await;
import static org.plutro.federation.testing.Loopback.failure;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.testing.Loopback;

/** The federation HTTP client against a real server on 127.0.0.1. */
class FederationHttpClientTest {
  static final String UA = "Plutro-test/1.0 (+https://plutro.test/)";
  static final int TWO_MIB = 2 * 1024 * 1024;

  static Vertx vertx;
  static HttpServer server;
  static String base;
  static FederationHttpClient http;
  /** What the server saw, by path. */
  static final Map<String, MultiMap> seen = new ConcurrentHashMap<>();
  static final Map<String, String> bodies = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = Loopback.serve(vertx, FederationHttpClientTest::answer);
    base = "http://127.0.0.1:" + server.actualPort();
    // The production timeouts: the tests of timing out use impatient clients of their own, and
    // the first request (warming up the client) took over 2 s on a loaded machine.
    http = new FederationHttpClient(vertx, new SsrfGuard(vertx, true), UA, 1024 * 1024, 5_000, 15_000);
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @BeforeEach
  void forget() {
    seen.clear();
    bodies.clear();
  }

  static void answer(HttpServerRequest request) {
    String path = request.path();
    request.body().onSuccess(body -> {
      seen.put(path, MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
      bodies.put(path, body.toString(StandardCharsets.UTF_8));
      var response = request.response();
      if (path.equals("/big")) {
        response.end(Buffer.buffer(new byte[TWO_MIB]));
      } else if (path.equals("/big-chunked")) {
        response.setChunked(true);
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < TWO_MIB / chunk.length; i++) {
          response.write(Buffer.buffer(chunk));
        }
        response.end();
      } else if (path.equals("/trickle")) {
        response.setChunked(true).write("{\"id\":");
        // ...and the rest never comes.
      } else if (path.equals("/silent")) {
        // Never answers.
      } else if (path.startsWith("/hops/")) {
        int left = Integer.parseInt(path.substring("/hops/".length()));
        if (left == 0) {
          response.end("arrived");
        } else {
          response.setStatusCode(302).putHeader("Location", "/hops/" + (left - 1)).end();
        }
      } else if (path.equals("/to-metadata")) {
        response.setStatusCode(301).putHeader("Location", "http://169.254.169.254/latest/meta-data/").end();
      } else if (path.equals("/to-nowhere")) {
        response.setStatusCode(307).putHeader("Location", "https://nowhere.invalid/actor").end();
      } else if (path.equals("/inbox")) {
        response.setStatusCode(202).end();
      } else {
        response.setStatusCode(200).putHeader("Content-Type", "application/activity+json")
            .end("{\"id\":\"" + base + path + "\"}");
      }
    });
  }

  record Call(RequestSigner.Style style, String method, URI target) {}

  /** A signer that leaves a visible marker instead of a signature. */
  static RequestSigner recording(List<Call> calls) {
    return (style, method, target, headers, body) -> {
      calls.add(new Call(style, method, target));
      headers.set("X-Test-Style", style.name());
      headers.set("X-Test-Signed", method + " " + target);
    };
  }

  @Test
  void aSmallDocumentArrivesWithItsStatusAndBody() {
    HttpResult result = await(http.get(URI.create(base + "/users/alice"), (RequestSigner) null));
    assertEquals(200, result.status());
    assertEquals("{\"id\":\"" + base + "/users/alice\"}", new String(result.body(), StandardCharsets.UTF_8));
    assertEquals(FederationHttpClient.ACTIVITY_ACCEPT, seen.get("/users/alice").get("Accept"));
  }

  @Test
  void userAgentAndHostAreSentAsTheUrlSaysThem() {
    await(http.get(URI.create(base + "/users/alice"), "application/jrd+json"));
    MultiMap headers = seen.get("/users/alice");
    assertEquals(UA, headers.get("User-Agent"));
    assertEquals("127.0.0.1:" + server.actualPort(), headers.get("Host"));
    assertEquals(1, headers.getAll("Host").size(), "one Host header");
    assertEquals("application/jrd+json", headers.get("Accept"));

    // Through a name, the Host header carries the name, not the address connected to.
    await(http.get(URI.create("http://localhost:" + server.actualPort() + "/users/bob"), "application/json"));
    assertEquals("localhost:" + server.actualPort(), seen.get("/users/bob").get("Host"));
  }

  @Test
  void anIpv6LiteralIsReachedWithItsBracketsInHost() {
    HttpServer v6 = await(vertx.createHttpServer()
        .requestHandler(request -> request.response().end(request.headers().get("Host")))
        .listen(0, "::1"));
    HttpResult result = await(http.get(URI.create("http://[::1]:" + v6.actualPort() + "/actor"), "application/json"));
    assertEquals(200, result.status());
    assertEquals("[::1]:" + v6.actualPort(), new String(result.body(), StandardCharsets.UTF_8));
  }

  @Test
  void theSignerSeesTheRequestAndItsHeadersReachTheServer() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    URI actor = URI.create(base + "/users/alice?page=1");
    await(http.get(actor, recording(calls)));
    assertEquals(List.of(new Call(RequestSigner.Style.CAVAGE, "GET", actor)), calls);
    MultiMap headers = seen.get("/users/alice");
    assertEquals("CAVAGE", headers.get("X-Test-Style"));
    assertEquals("GET " + actor, headers.get("X-Test-Signed"));
  }

  @Test
  void aPostIsSignedInTheAskedStyleWithItsBodyAndNotRedirected() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    URI inbox = URI.create(base + "/inbox");
    byte[] activity = "{\"type\":\"Follow\"}".getBytes(StandardCharsets.UTF_8);
    HttpResult result = await(http.post(inbox, activity, "application/activity+json", recording(calls),
        RequestSigner.Style.RFC9421));
    assertEquals(202, result.status());
    assertEquals(List.of(new Call(RequestSigner.Style.RFC9421, "POST", inbox)), calls);
    MultiMap headers = seen.get("/inbox");
    assertEquals("RFC9421", headers.get("X-Test-Style"));
    assertEquals("application/activity+json", headers.get("Content-Type"));
    assertEquals(UA, headers.get("User-Agent"));
    assertEquals("{\"type\":\"Follow\"}", bodies.get("/inbox"));

    HttpResult redirected = await(http.post(URI.create(base + "/hops/1"), activity,
        "application/activity+json", null, RequestSigner.Style.CAVAGE));
    assertEquals(302, redirected.status(), "a POST does not follow redirects");
    assertTrue(!seen.containsKey("/hops/0"));
  }

  @Test
  void anAnswerOverTheCapWithContentLengthFails() {
    Throwable failure = failure(http.get(URI.create(base + "/big"), "application/json"));
    assertInstanceOf(IllegalStateException.class, failure);
    assertTrue(failure.getMessage().contains("larger than"), failure.getMessage());
  }

  @Test
  void anAnswerOverTheCapWithoutContentLengthFails() {
    Throwable failure = failure(http.get(URI.create(base + "/big-chunked"), "application/json"));
    assertInstanceOf(IllegalStateException.class, failure);
    assertTrue(failure.getMessage().contains("larger than"), failure.getMessage());
  }

  @Test
  void anAnswerExactlyAtTheCapArrives() {
    FederationHttpClient roomy = new FederationHttpClient(vertx, new SsrfGuard(vertx, true), UA,
        TWO_MIB, 1_000, 5_000);
    assertEquals(TWO_MIB, await(roomy.get(URI.create(base + "/big"), "application/json")).body().length);
    assertEquals(TWO_MIB, await(roomy.get(URI.create(base + "/big-chunked"), "application/json")).body().length);
  }

  @Test
  void aServerThatNeverAnswersTimesOut() {
    FederationHttpClient impatient = new FederationHttpClient(vertx, new SsrfGuard(vertx, true), UA,
        1024, 200, 300);
    long started = System.nanoTime();
    Throwable failure = failure(impatient.get(URI.create(base + "/silent"), "application/json"));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertInstanceOf(TimeoutException.class, failure);
    assertTrue(tookMs < 3_000, "gave up after " + tookMs + " ms");
  }

  @Test
  void aServerThatStopsHalfwayThroughTheBodyTimesOut() {
    FederationHttpClient impatient = new FederationHttpClient(vertx, new SsrfGuard(vertx, true), UA,
        1024, 200, 300);
    assertInstanceOf(TimeoutException.class,
        failure(impatient.get(URI.create(base + "/trickle"), "application/json")));
  }

  @Test
  void aRefusedConnectionFailsQuickly() throws Exception {
    Throwable failure = failure(http.get(URI.create("http://127.0.0.1:" + Loopback.closedPort() + "/x"),
        "application/json"));
    assertTrue(!(failure instanceof RefusedAddressException), "a network failure, not a guard refusal");
  }

  @Test
  void threeRedirectsAreFollowedAndTheSignerSignsEachHop() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    HttpResult result = await(http.get(URI.create(base + "/hops/3"), recording(calls)));
    assertEquals(200, result.status());
    assertEquals("arrived", new String(result.body(), StandardCharsets.UTF_8));
    assertEquals(List.of("/hops/3", "/hops/2", "/hops/1", "/hops/0"),
        calls.stream().map(call -> call.target().getPath()).toList());
    assertEquals("GET " + base + "/hops/0", seen.get("/hops/0").get("X-Test-Signed"));
  }

  @Test
  void aFourthRedirectFails() {
    Throwable failure = failure(http.get(URI.create(base + "/hops/4"), "application/json"));
    assertInstanceOf(IllegalStateException.class, failure);
    assertTrue(failure.getMessage().contains("too many redirects"), failure.getMessage());
    assertTrue(!seen.containsKey("/hops/0"), "the end of the chain is never asked for");
  }

  @Test
  void aRedirectToTheMetadataAddressIsRefusedEvenInALab() {
    List<Call> calls = new CopyOnWriteArrayList<>();
    Throwable failure = failure(http.get(URI.create(base + "/to-metadata"), recording(calls)));
    assertInstanceOf(RefusedAddressException.class, failure);
    assertEquals(1, calls.size(), "nothing is signed for the refused hop");
  }

  @Test
  void aRedirectToAnUnknownHostIsRefused() {
    Throwable failure = failure(http.get(URI.create(base + "/to-nowhere"), "application/json"));
    assertInstanceOf(RefusedAddressException.class, failure);
  }

  @Test
  void aStrictGuardRefusesLoopbackBeforeConnecting() {
    FederationHttpClient strict = new FederationHttpClient(vertx, new SsrfGuard(vertx, false), UA);
    assertInstanceOf(RefusedAddressException.class,
        failure(strict.get(URI.create(base + "/users/alice"), "application/json")));
    assertInstanceOf(RefusedAddressException.class,
        failure(strict.get(URI.create("https://127.0.0.1:" + server.actualPort() + "/users/alice"),
            "application/json")));
    assertTrue(seen.isEmpty(), "the server heard nothing");
  }
}
