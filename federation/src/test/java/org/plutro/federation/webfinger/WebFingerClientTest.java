package org.plutro.federation.webfinger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.federation.testing.Loopback.await;
import static org.plutro.federation.testing.Loopback.failure;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.net.RefusedAddressException;
import org.plutro.federation.net.SsrfGuard;
import org.plutro.federation.testing.Loopback;

/** WebFinger against a plain-http server on 127.0.0.1 (lab mode: https is tried, then http). */
class WebFingerClientTest {
  static Vertx vertx;
  static HttpServer server;
  static int port;
  static WebFingerClient webfinger;
  /** "Host resource" of every WebFinger request the server saw. */
  static final List<String> asked = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    server = Loopback.serve(vertx, WebFingerClientTest::answer);
    port = server.actualPort();
    // The server's own time limits: whichever case runs first also pays for the JVM's one-time
    // TLS set-up (JSSE, the trust store) in its https attempt, which takes seconds on a busy
    // machine. No case here is about time limits (FederationHttpClientTest's are).
    webfinger = new WebFingerClient(new FederationHttpClient(vertx, new SsrfGuard(vertx, true), "Plutro-test"));
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @BeforeEach
  void forget() {
    asked.clear();
  }

  static void answer(HttpServerRequest request) {
    String resource = request.getParam("resource");
    asked.add(request.headers().get("Host") + " " + resource);
    var response = request.response().putHeader("Content-Type", "application/jrd+json");
    if (!request.path().equals("/.well-known/webfinger") || resource == null) {
      response.setStatusCode(400).end();
      return;
    }
    String user = resource.substring("acct:".length(), resource.lastIndexOf('@'));
    String actor = "http://" + request.headers().get("Host") + "/users/" + user;
    JsonObject profilePage = new JsonObject().put("rel", "http://webfinger.net/rel/profile-page")
        .put("type", "text/html").put("href", actor + ".html");
    switch (user) {
      case "alice" -> response.end(new JsonObject().put("subject", resource).put("links", new JsonArray()
          .add(profilePage)
          .add(new JsonObject().put("rel", "self").put("type", "application/activity+json").put("href", actor))
          .add(new JsonObject().put("rel", WebFingerClient.SUBSCRIBE)
              .put("template", "http://" + request.headers().get("Host") + "/authorize_interaction?uri={uri}")))
          .encode());
      case "ldjson" -> response.end(new JsonObject().put("subject", resource).put("links", new JsonArray()
          .add(new JsonObject().put("rel", "self")
              .put("type", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"")
              .put("href", actor)))
          .encode());
      case "htmlonly" -> response.end(new JsonObject().put("subject", resource).put("links", new JsonArray()
          .add(profilePage)
          .add(new JsonObject().put("rel", "self").put("type", "text/html").put("href", actor)))
          .encode());
      case "garbage" -> response.end("<html>this is not JSON{");
      case "array" -> response.end("[{\"rel\":\"self\"}]");
      case "null" -> response.end("null");
      case "oddlinks" -> response.end("{\"links\":\"self\"}");
      case "badhref" -> response.end(new JsonObject().put("links", new JsonArray()
          .add(new JsonObject().put("rel", "self").put("type", "application/activity+json")
              .put("href", "http://exa mple/ bad")))
          .encode());
      default -> response.setStatusCode(404).end();
    }
  }

  String at(String user) {
    return user + "@127.0.0.1:" + port;
  }

  @Test
  void aHandleWithAPortFindsTheActorAndKeepsThePort() {
    URI actor = await(webfinger.lookup(at("alice")));
    assertEquals(URI.create("http://127.0.0.1:" + port + "/users/alice"), actor);
    assertEquals(List.of("127.0.0.1:" + port + " acct:alice@127.0.0.1:" + port), asked,
        "one request over http after https failed, carrying the port in Host and resource");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice@HOST", "@alice@HOST", "acct:alice@HOST", "ACCT:alice@HOST",
      "  @alice@HOST  "})
  void everyHandleSpellingLeadsToTheSameActor(String spelling) {
    URI actor = await(webfinger.lookup(spelling.replace("HOST", "127.0.0.1:" + port)));
    assertEquals(URI.create("http://127.0.0.1:" + port + "/users/alice"), actor);
  }

  @Test
  void theHostIsAskedInLowerCase() {
    await(webfinger.lookup("alice@LOCALHOST:" + port));
    assertEquals(List.of("localhost:" + port + " acct:alice@localhost:" + port), asked);
  }

  @Test
  void anLdJsonSelfLinkWithTheActivityStreamsProfileCounts() {
    assertEquals(URI.create("http://127.0.0.1:" + port + "/users/ldjson"), await(webfinger.lookup(at("ldjson"))));
  }

  @Test
  void theSubscribeTemplateIsWhereTheHandleFollowsFromItsOwnServer() {
    assertEquals("http://127.0.0.1:" + port + "/authorize_interaction?uri={uri}",
        await(webfinger.subscribeTemplate("@" + at("alice"))));
    Throwable none = failure(webfinger.subscribeTemplate(at("ldjson")));
    assertTrue(none.getMessage().contains("no subscribe template"), none.getMessage());
  }

  @Test
  void anUnknownUserFailsWithTheStatus() {
    Throwable failure = failure(webfinger.lookup(at("nobody")));
    assertInstanceOf(IllegalStateException.class, failure);
    assertTrue(failure.getMessage().contains("404"), failure.getMessage());
  }

  @Test
  void aJrdWithoutAnActivityPubSelfLinkFails() {
    Throwable failure = failure(webfinger.lookup(at("htmlonly")));
    assertInstanceOf(IllegalStateException.class, failure);
    assertTrue(failure.getMessage().contains("no ActivityPub actor"), failure.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "array", "null", "oddlinks", "badhref"})
  void anUnreadableAnswerFailsClearly(String user) {
    Throwable failure = failure(webfinger.lookup(at(user)));
    assertInstanceOf(IllegalStateException.class, failure);
    assertTrue(failure.getMessage().contains("unreadable WebFinger answer"), failure.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "alice@", "@alice", "acct:alice", "acct:alice@", "@", "", "@127.0.0.1",
      "alice@host/path"})
  void aHandleWithoutAUserOrHostFailsWithoutAsking(String handle) {
    assertInstanceOf(IllegalArgumentException.class, failure(webfinger.lookup(handle)));
    assertTrue(asked.isEmpty());
  }

  @Test
  void anUnknownHostIsRefusedAndNotRetriedOverHttp() {
    assertInstanceOf(RefusedAddressException.class, failure(webfinger.lookup("alice@nobody.invalid")));
  }

  @Test
  void withoutPrivateAddressesThereIsNoHttpFallback() {
    WebFingerClient strict = new WebFingerClient(
        new FederationHttpClient(vertx, new SsrfGuard(vertx, false), "Plutro-test"));
    assertInstanceOf(RefusedAddressException.class, failure(strict.lookup(at("alice"))));
    assertTrue(asked.isEmpty(), "the server heard nothing");
  }
}
