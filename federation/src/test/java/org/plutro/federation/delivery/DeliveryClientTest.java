package org.plutro.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.federation.testing.Loopback.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.delivery.DeliveryResult.Outcome;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.http.RequestSigner.Style;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.net.SsrfGuard;
import org.plutro.federation.testing.Loopback;

/** Delivery with double-knocking, against real inboxes on 127.0.0.1. */
class DeliveryClientTest {
  static final byte[] ACTIVITY = "{\"type\":\"Create\",\"id\":\"https://plutro.test/1\"}"
      .getBytes(StandardCharsets.UTF_8);
  /** Marks each request with the style it was "signed" in, as a real signer would add headers. */
  static final RequestSigner SIGNER = (style, method, target, headers, body) -> {
    headers.set("X-Test-Style", style.name());
    headers.set("X-Test-Signed", method + " " + target);
    headers.add("X-Test-Signature-" + style.name(), "1");
  };

  static Vertx vertx;
  static FederationHttpClient http;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    // Generous limits: on a loaded machine a slow loopback answer must not become a timeout.
    http = new FederationHttpClient(vertx, new SsrfGuard(vertx, true), "Plutro-test", 64 * 1024, 2_000, 3_000);
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  /** A remote inbox: records each knock and answers with what {@code reply} says. */
  static final class Inbox {
    final List<String> knocks = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> signatures = new CopyOnWriteArrayList<>();
    final HttpServer server;
    volatile Function<String, Integer> status;
    volatile String retryAfter;

    Inbox(Function<String, Integer> status) {
      this.status = status;
      this.server = Loopback.serve(vertx, this::answer);
    }

    void answer(HttpServerRequest request) {
      request.body().onSuccess(body -> {
        String style = request.headers().get("X-Test-Style");
        knocks.add(style);
        signatures.add(request.headers().names().stream()
            .filter(name -> name.toLowerCase().startsWith("x-test-signature-")).map(String::toLowerCase)
            .sorted().toList().toString());
        bodies.add(body.toString(StandardCharsets.UTF_8) + " as " + request.headers().get("Content-Type")
            + " signed " + request.headers().get("X-Test-Signed"));
        var response = request.response().setStatusCode(status.apply(style));
        if (retryAfter != null) {
          response.putHeader("Retry-After", retryAfter);
        }
        response.end();
      });
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.actualPort() + "/users/bob/inbox");
    }

    String origin() {
      return "http://127.0.0.1:" + server.actualPort();
    }
  }

  static DeliveryResult deliver(DeliveryClient client, Inbox inbox) {
    return await(client.deliver(inbox.uri(), ACTIVITY, SIGNER));
  }

  @Test
  void aModernInboxTakesTheFirstKnock() {
    Inbox inbox = new Inbox(style -> 202);
    DeliveryClient client = new DeliveryClient(http);
    DeliveryResult result = deliver(client, inbox);
    assertEquals(Outcome.DELIVERED, result.outcome());
    assertEquals(202, result.status());
    assertEquals(List.of("RFC9421"), inbox.knocks);
    assertEquals(Style.RFC9421, client.styleFor(inbox.origin()));
    assertEquals(List.of(new String(ACTIVITY, StandardCharsets.UTF_8) + " as application/activity+json signed POST "
        + inbox.uri()), inbox.bodies);
  }

  @Test
  void aCavageOnlyInboxIsKnockedTwiceOnceAndThenRemembered() {
    Inbox inbox = new Inbox(style -> style.equals("CAVAGE") ? 202 : 401);
    DeliveryClient client = new DeliveryClient(http);
    assertNull(client.styleFor(inbox.origin()));

    DeliveryResult first = deliver(client, inbox);
    assertEquals(Outcome.DELIVERED, first.outcome());
    assertEquals(List.of("RFC9421", "CAVAGE"), inbox.knocks);
    assertEquals(Style.CAVAGE, client.styleFor(inbox.origin()));
    assertEquals(inbox.bodies.get(0), inbox.bodies.get(1), "the same activity both times");
    assertEquals(List.of("[x-test-signature-rfc9421]", "[x-test-signature-cavage]"), inbox.signatures,
        "the second knock carries only its own signature");

    inbox.knocks.clear();
    assertEquals(Outcome.DELIVERED, deliver(client, inbox).outcome());
    assertEquals(List.of("CAVAGE"), inbox.knocks, "next time, draft-cavage straight away");
  }

  @Test
  void anInboxThatChangesItsMindIsKnockedWithTheOtherStyle() {
    Inbox inbox = new Inbox(style -> style.equals("CAVAGE") ? 202 : 401);
    DeliveryClient client = new DeliveryClient(http);
    deliver(client, inbox);
    assertEquals(Style.CAVAGE, client.styleFor(inbox.origin()));

    inbox.status = style -> style.equals("RFC9421") ? 201 : 401;
    inbox.knocks.clear();
    DeliveryResult result = deliver(client, inbox);
    assertEquals(Outcome.DELIVERED, result.outcome());
    assertEquals(List.of("CAVAGE", "RFC9421"), inbox.knocks);
    assertEquals(Style.RFC9421, client.styleFor(inbox.origin()));
  }

  @Test
  void aGoneInboxIsFinalAfterBothKnocksAndNothingIsRemembered() {
    Inbox inbox = new Inbox(style -> 410);
    DeliveryClient client = new DeliveryClient(http);
    DeliveryResult result = deliver(client, inbox);
    assertEquals(Outcome.FINAL, result.outcome());
    assertEquals(410, result.status());
    assertEquals(List.of("RFC9421", "CAVAGE"), inbox.knocks);
    assertNull(client.styleFor(inbox.origin()));
  }

  @Test
  void anUnauthorisedInboxIsRetriedLater() {
    Inbox inbox = new Inbox(style -> 401);
    DeliveryResult result = deliver(new DeliveryClient(http), inbox);
    assertEquals(Outcome.RETRY, result.outcome());
    assertEquals(401, result.status());
    assertEquals(2, inbox.knocks.size());
  }

  @Test
  void tooManyRequestsIsRetriedAfterWhatTheServerAsks() {
    Inbox inbox = new Inbox(style -> 429);
    inbox.retryAfter = "120";
    DeliveryResult result = deliver(new DeliveryClient(http), inbox);
    assertEquals(Outcome.RETRY, result.outcome());
    assertEquals(429, result.status());
    assertEquals(Duration.ofSeconds(120), result.retryAfter());
  }

  @Test
  void aServerErrorIsRetriedWithoutASecondKnock() {
    Inbox inbox = new Inbox(style -> 503);
    inbox.retryAfter = "30";
    DeliveryResult result = deliver(new DeliveryClient(http), inbox);
    assertEquals(Outcome.RETRY, result.outcome());
    assertEquals(503, result.status());
    assertEquals(Duration.ofSeconds(30), result.retryAfter());
    assertEquals(List.of("RFC9421"), inbox.knocks);

    inbox.retryAfter = null;
    inbox.status = style -> 500;
    assertNull(deliver(new DeliveryClient(http), inbox).retryAfter());
  }

  @Test
  void aRefusedConnectionIsRetried() throws Exception {
    DeliveryResult result = await(new DeliveryClient(http).deliver(
        URI.create("http://127.0.0.1:" + Loopback.closedPort() + "/inbox"), ACTIVITY, SIGNER));
    assertEquals(Outcome.RETRY, result.outcome());
    assertEquals(0, result.status());
    assertTrue(result.reason() != null && !result.reason().isEmpty());
  }

  @Test
  void anInboxThatNeverAnswersIsRetried() {
    HttpServer silent = Loopback.serve(vertx, request -> { });
    long started = System.nanoTime();
    DeliveryResult result = await(new DeliveryClient(http).deliver(
        URI.create("http://127.0.0.1:" + silent.actualPort() + "/inbox"), ACTIVITY, SIGNER));
    assertEquals(Outcome.RETRY, result.outcome());
    assertTrue(result.reason().contains("no answer"), result.reason());
    assertTrue(System.nanoTime() - started < 10_000_000_000L);
  }

  @Test
  void aRefusedAddressIsGivenUpAtOnceNotRetriedForDays() {
    DeliveryResult result = await(new DeliveryClient(http).deliver(
        URI.create("http://169.254.169.254/inbox"), ACTIVITY, SIGNER));
    assertEquals(Outcome.FINAL, result.outcome());
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    assertEquals(Duration.ofSeconds(90), DeliveryClient.retryAfter(" 90 ", now));
    assertEquals(Duration.ofMinutes(5), DeliveryClient.retryAfter("Tue, 24 Nov 2026 12:05:00 GMT", now));
    assertEquals(Duration.ZERO, DeliveryClient.retryAfter("Tue, 24 Nov 2026 11:00:00 GMT", now),
        "a date in the past: now");
    assertEquals(Duration.ZERO, DeliveryClient.retryAfter("-5", now));
    assertNull(DeliveryClient.retryAfter("soon", now));
    assertNull(DeliveryClient.retryAfter("", now));
  }

  @Test
  void retryAfterIsReadInSeconds() {
    assertEquals(Duration.ofSeconds(120), DeliveryClient.retryAfter("120"));
    assertEquals(Duration.ofSeconds(5), DeliveryClient.retryAfter(" 5 "));
    assertEquals(Duration.ZERO, DeliveryClient.retryAfter("-3"));
    assertNull(DeliveryClient.retryAfter(null));
    assertNull(DeliveryClient.retryAfter("soon"));
  }

  @Test
  void originIsSchemeAndAuthority() {
    assertEquals("https://example.social:8443",
        DeliveryClient.origin(URI.create("https://example.social:8443/users/bob/inbox?x=1")));
  }
}
