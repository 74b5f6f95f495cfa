package org.plutro.server.http.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.EventStream;
import org.plutro.server.testrig.TestDatabase;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TestInstance;

/**
 * The streaming API as apps use it: Server-Sent Events and a WebSocket receive posts, notifications,
 * edits and deletes within a second or two of the action, only what the viewer may see, and also
 * from a second Plutro process sharing the database.
 */
class StreamingTest {
  static String database;
  static TestInstance plutro;
  static TestInstance second;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    database = TestDatabase.newDatabaseUrl();
    int port = TestInstance.freePort();
    String publicUrl = "http://127.0.0.1:" + port;
    plutro = TestInstance.start(Map.of("PLUTRO_DATABASE_URL", database, "PLUTRO_PUBLIC_URL", publicUrl,
        "PLUTRO_HTTP_PORT", Integer.toString(port)));
    second = TestInstance.start(Map.of("PLUTRO_DATABASE_URL", database, "PLUTRO_PUBLIC_URL", publicUrl));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
    second.close();
    plutro.close();
  }

  static BlockingQueue<JsonObject> sse(TestInstance on, String path, String token) throws Exception {
    return EventStream.open(on, path, token);
  }

  static BlockingQueue<JsonObject> webSocket(String query) throws Exception {
    return webSocket(query, null);
  }

  /** With {@code subprotocol}, the token travels as a browser sends it; the client fails unless echoed. */
  static BlockingQueue<JsonObject> webSocket(String query, String subprotocol) throws Exception {
    BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    WebSocketClient client = vertx.createWebSocketClient();
    URI base = URI.create(plutro.base());
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
        .setURI("/api/v1/streaming?" + query);
    if (subprotocol != null) {
      options.setSubProtocols(List.of(subprotocol));
    }
    WebSocket ws = client.connect(options)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ws.textMessageHandler(text -> messages.add(new JsonObject(text)));
    SOCKETS.put(messages, ws);
    return messages;
  }

  static final Map<BlockingQueue<JsonObject>, WebSocket> SOCKETS = new java.util.concurrent.ConcurrentHashMap<>();

  static JsonObject next(BlockingQueue<JsonObject> queue, String event) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < end) {
      JsonObject item = queue.poll(200, TimeUnit.MILLISECONDS);
      if (item != null && event.equals(item.getString("event"))) {
        return item;
      }
    }
    throw new AssertionError("no " + event + " event within 5 s");
  }

  static JsonObject post(Member member, Map<String, String> form) {
    var reply = plutro.postForm("/api/v1/statuses", form, "Authorization", "Bearer " + member.token());
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  @Test
  void serverSentEventsCarryPublicPostsEditsAndDeletesAlsoFromTheOtherProcess() throws Exception {
    Member ana = plutro.register("ana");
    BlockingQueue<JsonObject> here = sse(plutro, "/api/v1/streaming/public/local", null);
    BlockingQueue<JsonObject> there = sse(second, "/api/v1/streaming/public", null);
    BlockingQueue<JsonObject> tagged = sse(plutro, "/api/v1/streaming/hashtag?tag=Streams", null);
    post(ana, Map.of("status", "only followers", "visibility", "private"));
    JsonObject posted = post(ana, Map.of("status", "hello #streams"));
    JsonObject update = new JsonObject(next(here, "update").getString("data"));
    assertEquals(posted.getString("id"), update.getString("id"), "the followers-only one never shows");
    assertEquals(posted.getString("id"), new JsonObject(next(there, "update").getString("data")).getString("id"),
        "a client of the second process hears it too");
    assertEquals(posted.getString("id"), new JsonObject(next(tagged, "update").getString("data")).getString("id"));

    plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/statuses/" + posted.getString("id")))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"hello again #streams\"}")),
        "Authorization", "Bearer " + ana.token());
    assertTrue(new JsonObject(next(here, "status.update").getString("data")).getString("content").contains("again"));
    plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/statuses/" + posted.getString("id")))
        .DELETE(), "Authorization", "Bearer " + ana.token());
    assertEquals(posted.getString("id"), next(there, "delete").getString("data"));
  }

  @Test
  void theUserStreamOverAWebSocketShowsTheHomeAndNotifications() throws Exception {
    Member bea = plutro.register("bea");
    Member cal = plutro.register("cal");
    Member dee = plutro.register("dee");
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + bea.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + cal.token()).status());
    BlockingQueue<JsonObject> follower = webSocket("stream=user&access_token=" + cal.token());
    BlockingQueue<JsonObject> stranger = webSocket("stream=user&access_token=" + dee.token());
    BlockingQueue<JsonObject> author = webSocket("stream=user:notification", bea.token());
    Thread.sleep(200);

    JsonObject secret = post(bea, Map.of("status", "for followers", "visibility", "private"));
    JsonObject message = next(follower, "update");
    assertEquals(new JsonArray().add("user"), message.getJsonArray("stream"));
    assertEquals(secret.getString("id"), new JsonObject(message.getString("payload")).getString("id"));

    assertEquals(200, plutro.postForm("/api/v1/statuses/" + secret.getString("id") + "/favourite", Map.of(),
        "Authorization", "Bearer " + cal.token()).status());
    JsonObject notification = new JsonObject(next(author, "notification").getString("payload"));
    assertEquals("favourite", notification.getString("type"));
    assertEquals(cal.id(), notification.getJsonObject("account").getString("id"));

    // Subscribing to a hashtag on the same socket.
    SOCKETS.get(stranger).writeTextMessage(new JsonObject().put("type", "subscribe").put("stream", "hashtag")
        .put("tag", "socks").encode());
    Thread.sleep(200);
    JsonObject tagged = post(bea, Map.of("status", "new #socks"));
    JsonObject hashtag = next(stranger, "update");
    assertEquals(new JsonArray().add("hashtag").add("socks"), hashtag.getJsonArray("stream"));
    assertEquals(tagged.getString("id"), new JsonObject(hashtag.getString("payload")).getString("id"));
    assertNull(stranger.stream().filter(m -> secret.getString("id").equals(
        new JsonObject(m.getString("payload", "{}").startsWith("{") ? m.getString("payload") : "{}").getString("id")))
        .findFirst().orElse(null), "the followers-only post never reached a stranger");
    // A list stream: posts of the list's accounts reaching the member's home.
    String list = plutro.postForm("/api/v1/lists", Map.of("title", "Bea"), "Authorization", "Bearer " + cal.token())
        .json().getString("id");
    assertEquals(200, plutro.postForm("/api/v1/lists/" + list + "/accounts", Map.of("account_ids[]", bea.id()),
        "Authorization", "Bearer " + cal.token()).status());
    SOCKETS.get(follower).writeTextMessage(new JsonObject().put("type", "subscribe").put("stream", "list")
        .put("list", list).encode());
    Thread.sleep(200);
    JsonObject listed = post(bea, Map.of("status", "for my list readers"));
    JsonObject onList = null;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (onList == null && System.nanoTime() < end) {
      JsonObject m = follower.poll(200, TimeUnit.MILLISECONDS);
      if (m != null && new JsonArray().add("list").add(list).equals(m.getJsonArray("stream"))) {
        onList = m;
      }
    }
    assertEquals(listed.getString("id"), new JsonObject(onList.getString("payload")).getString("id"));

    // A direct message reaches its addressee's direct stream as a conversation.
    SOCKETS.get(stranger).writeTextMessage(new JsonObject().put("type", "subscribe").put("stream", "direct").encode());
    Thread.sleep(200);
    JsonObject dm = post(bea, Map.of("status", "@dee just us", "visibility", "direct"));
    JsonObject conversation = new JsonObject(next(stranger, "conversation").getString("payload"));
    assertEquals(dm.getString("id"), conversation.getJsonObject("last_status").getString("id"));
    assertEquals(bea.id(), conversation.getJsonArray("accounts").getJsonObject(0).getString("id"));

    // A member's own stream needs their token.
    SOCKETS.get(stranger).writeTextMessage(new JsonObject().put("type", "subscribe").put("stream", "nope").encode());
    JsonObject error = stranger.poll(5, TimeUnit.SECONDS);
    while (error != null && !error.containsKey("error")) {
      error = stranger.poll(5, TimeUnit.SECONDS);
    }
    assertEquals(400, error.getInteger("status"));
  }

  @Test
  void badRequestsAreRefused() {
    assertEquals("OK", plutro.get("/api/v1/streaming/health").body());
    assertEquals(401, plutro.get("/api/v1/streaming/user").status());
    assertEquals(401, plutro.getWithToken("/api/v1/streaming/user", "not-a-token").status());
    assertEquals(400, plutro.get("/api/v1/streaming/hashtag").status(), "no tag");
    assertEquals(400, plutro.get("/api/v1/streaming").status(), "not a WebSocket");
  }
}
