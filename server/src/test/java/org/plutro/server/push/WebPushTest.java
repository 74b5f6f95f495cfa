package org.plutro.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.push.WebPushCrypto;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.OAuthDance;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TestInstance;

/**
 * Web Push as an app uses it: subscribe with its keys, get each wanted notification at its push
 * service, encrypted for it alone and signed with the instance's VAPID key; change and end the
 * subscription; bad keys, endpoints and scopes refused; a push service's 410 ends it.
 */
class WebPushTest {
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  static TestInstance plutro;
  static HttpServer pushService;
  /** What the push service received: path, headers (lower-case names) and body. */
  record Pushed(String path, Map<String, String> headers, byte[] body) {}
  static final List<Pushed> PUSHED = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    plutro = TestInstance.start();
    pushService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pushService.createContext("/", exchange -> {
      Map<String, String> headers = new java.util.HashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
      PUSHED.add(new Pushed(exchange.getRequestURI().getPath(), headers, exchange.getRequestBody().readAllBytes()));
      exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/gone") ? 410 : 201, -1);
      exchange.close();
    });
    pushService.start();
  }

  @AfterAll
  static void stop() {
    pushService.stop(0);
    plutro.close();
  }

  static String endpoint(String path) {
    return "http://127.0.0.1:" + pushService.getAddress().getPort() + path;
  }

  /** An app's side of a subscription: its key pair and auth secret. */
  record AppKeys(KeyPair keys, byte[] auth) {
    static AppKeys fresh() {
      byte[] auth = new byte[16];
      new java.security.SecureRandom().nextBytes(auth);
      return new AppKeys(WebPushCrypto.newKeyPair(), auth);
    }

    String p256dh() {
      return B64.encodeToString(WebPushCrypto.point((ECPublicKey) keys.getPublic()));
    }
  }

  static Reply subscribe(Member member, String token, String path, AppKeys app, Map<String, String> more) {
    Map<String, String> form = new java.util.HashMap<>(Map.of("subscription[endpoint]", endpoint(path),
        "subscription[keys][p256dh]", app.p256dh(), "subscription[keys][auth]", B64.encodeToString(app.auth())));
    form.putAll(more);
    return plutro.postForm("/api/v1/push/subscription", form, "Authorization", "Bearer " + token);
  }

  static List<Pushed> pushedTo(String path) {
    return PUSHED.stream().filter(p -> p.path().equals(path)).toList();
  }

  @Test
  void anAppReceivesWhatItAskedForEncryptedForItAlone() throws Exception {
    Member alice = plutro.register("alice");
    Member bob = plutro.register("bob");
    AppKeys app = AppKeys.fresh();
    Reply subscribed = subscribe(alice, alice.token(), "/push/alice", app, Map.of("subscription[standard]", "true",
        "data[alerts][mention]", "true", "data[alerts][favourite]", "true", "data[policy]", "all"));
    assertEquals(200, subscribed.status(), subscribed.body());
    JsonObject entity = subscribed.json();
    assertEquals(endpoint("/push/alice"), entity.getString("endpoint"));
    assertEquals(true, entity.getJsonObject("alerts").getBoolean("mention"));
    assertEquals(false, entity.getJsonObject("alerts").getBoolean("follow"));
    assertEquals("all", entity.getString("policy"));
    String serverKey = entity.getString("server_key");
    assertEquals(serverKey, plutro.get("/api/v2/instance").json().getJsonObject("configuration")
        .getJsonObject("vapid").getString("public_key"), "the instance announces the same VAPID key");
    assertEquals(entity, plutro.getWithToken("/api/v1/push/subscription", alice.token()).json());

    // A follow is not wanted; a mention is, and arrives encrypted for alice's app.
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + alice.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + bob.token()).status());
    assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "@alice lunch at noon?"),
        "Authorization", "Bearer " + bob.token()).status());
    Eventually.within10s("the mention reaches alice's push service", () -> !pushedTo("/push/alice").isEmpty());
    Pushed pushed = pushedTo("/push/alice").get(0);
    assertEquals("aes128gcm", pushed.headers().get("content-encoding"));
    assertTrue(pushed.headers().get("authorization").startsWith("vapid t="), pushed.headers().toString());
    assertTrue(pushed.headers().get("authorization").endsWith("k=" + serverKey));
    assertEquals("172800", pushed.headers().get("ttl"));
    JsonObject message = new JsonObject(new String(decrypt(pushed.body(), app), StandardCharsets.UTF_8));
    assertEquals("mention", message.getString("notification_type"));
    assertEquals(alice.token(), message.getString("access_token"));
    assertEquals("bob mentioned you", message.getString("title"));
    assertTrue(message.getString("body").contains("lunch at noon?"), message.encode());
    String notificationId = plutro.getWithToken("/api/v1/notifications?types[]=mention", alice.token()).array()
        .getJsonObject(0).getString("id");
    assertEquals(notificationId, message.getString("notification_id"));
    Thread.sleep(500);
    assertEquals(1, pushedTo("/push/alice").size(), "the follow was not pushed");

    // Changing the alerts keeps the rest; ending the subscription ends the pushes.
    Reply changed = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/push/subscription"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":{\"alerts\":{\"follow\":true},\"policy\":\"followed\"}}")),
        "Authorization", "Bearer " + alice.token());
    assertEquals(200, changed.status(), changed.body());
    assertEquals(true, changed.json().getJsonObject("alerts").getBoolean("follow"));
    assertEquals(true, changed.json().getJsonObject("alerts").getBoolean("mention"));
    assertEquals("followed", changed.json().getString("policy"));
    assertEquals(200, plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/push/subscription"))
        .DELETE(), "Authorization", "Bearer " + alice.token()).status());
    assertEquals(404, plutro.getWithToken("/api/v1/push/subscription", alice.token()).status());
  }

  /**
   * One post mentioning two members makes both notifications in one statement: each member's
   * policy decides alone, followed (she follows the author) or follower (the author follows her).
   */
  @Test
  void eachSubscriptionsPolicyDecidesForTheNotificationsOfOneStatement() throws Exception {
    Member gina = plutro.register("gina");
    Member hugo = plutro.register("hugo");
    Member ivan = plutro.register("ivan");
    AppKeys ginaApp = AppKeys.fresh();
    AppKeys hugoApp = AppKeys.fresh();
    assertEquals(200, subscribe(gina, gina.token(), "/push/gina", ginaApp, Map.of("subscription[standard]", "true",
        "data[alerts][mention]", "true", "data[policy]", "followed")).status());
    assertEquals(200, subscribe(hugo, hugo.token(), "/push/hugo", hugoApp, Map.of("subscription[standard]", "true",
        "data[alerts][mention]", "true", "data[policy]", "follower")).status());
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + hugo.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + ivan.token()).status());

    // Ivan follows hugo, gina does not follow ivan: only hugo's app hears of the first post.
    assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "@gina @hugo first"),
        "Authorization", "Bearer " + ivan.token()).status());
    Eventually.within10s("the mention reaches hugo's push service", () -> !pushedTo("/push/hugo").isEmpty());
    // Once gina follows ivan, his next mention of her is pushed to her, and only that one.
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + ivan.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + gina.token()).status());
    assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "@gina second"),
        "Authorization", "Bearer " + ivan.token()).status());
    Eventually.within10s("the second mention reaches gina's push service", () -> !pushedTo("/push/gina").isEmpty());
    List<Pushed> toGina = pushedTo("/push/gina");
    assertEquals(1, toGina.size());
    assertTrue(new JsonObject(new String(decrypt(toGina.get(0).body(), ginaApp), StandardCharsets.UTF_8))
        .getString("body").contains("second"));
    assertTrue(new JsonObject(new String(decrypt(pushedTo("/push/hugo").get(0).body(), hugoApp),
        StandardCharsets.UTF_8)).getString("body").contains("first"));
  }

  @Test
  void olderAppsGetTheLegacyCodingAndAGoneEndpointEndsTheSubscription() {
    Member carol = plutro.register("carol");
    Member dan = plutro.register("dan");
    Reply legacy = subscribe(carol, carol.token(), "/push/carol", AppKeys.fresh(), Map.of("data[alerts][mention]", "true"));
    assertEquals(200, legacy.status(), legacy.body());
    assertEquals(false, legacy.json().getBoolean("standard"));
    String danToken = OAuthDance.signIn(plutro, "a second app", "read write push", "dan", "a long password").token();
    assertEquals(200, subscribe(dan, danToken, "/gone/dan", AppKeys.fresh(),
        Map.of("data[alerts][mention]", "true")).status());
    assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "@carol @dan hello"),
        "Authorization", "Bearer " + dan.token()).status());
    Eventually.within10s("carol's push arrives", () -> !pushedTo("/push/carol").isEmpty());
    Pushed pushed = pushedTo("/push/carol").get(0);
    assertEquals("aesgcm", pushed.headers().get("content-encoding"));
    assertTrue(pushed.headers().get("encryption").startsWith("salt="));
    assertTrue(pushed.headers().get("crypto-key").startsWith("dh="));
    assertTrue(pushed.headers().get("crypto-key").contains(";p256ecdsa="));
    assertTrue(pushed.headers().get("authorization").startsWith("WebPush "));

    // dan mentioned himself: no notification, so nothing for his subscription; mention him from carol.
    assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "@dan hi"),
        "Authorization", "Bearer " + carol.token()).status());
    Eventually.within10s("a push service answering 410 ends the subscription", () ->
        plutro.getWithToken("/api/v1/push/subscription", danToken).status() == 404);
    // Revoking the app's token ends its subscription at once.
    assertEquals(1L, plutro.count("SELECT count(*) FROM push_subscriptions p JOIN oauth_tokens t ON t.id = p.token_id"
        + " WHERE t.account_id = $1", Long.parseLong(carol.id())));
    plutro.sql("UPDATE oauth_tokens SET revoked_at = now() WHERE account_id = $1", Long.parseLong(carol.id()));
    assertEquals(0L, plutro.count("SELECT count(*) FROM push_subscriptions p JOIN oauth_tokens t ON t.id = p.token_id"
        + " WHERE t.account_id = $1", Long.parseLong(carol.id())));
  }

  @Test
  void badSubscriptionsAreRefusedAndStoreNothing() {
    Member erin = plutro.register("erin");
    AppKeys app = AppKeys.fresh();
    long before = plutro.count("SELECT count(*) FROM push_subscriptions");
    Map<String, String> good = Map.of("subscription[endpoint]", endpoint("/push/erin"),
        "subscription[keys][p256dh]", app.p256dh(), "subscription[keys][auth]", B64.encodeToString(app.auth()));
    for (Map.Entry<String, String> bad : List.of(
        Map.entry("subscription[keys][p256dh]", "not-a-key"),
        Map.entry("subscription[keys][p256dh]", B64.encodeToString(new byte[65])),
        Map.entry("subscription[keys][auth]", B64.encodeToString(new byte[5])),
        Map.entry("subscription[endpoint]", ""),
        Map.entry("subscription[endpoint]", "ftp://127.0.0.1/x"),
        Map.entry("data[policy]", "friends"))) {
      Map<String, String> form = new java.util.HashMap<>(good);
      form.put(bad.getKey(), bad.getValue());
      Reply refused = plutro.postForm("/api/v1/push/subscription", form, "Authorization", "Bearer " + erin.token());
      assertEquals(422, refused.status(), bad + " " + refused.body());
    }
    String readOnly = OAuthDance.signIn(plutro, "no push", "read", "erin", "a long password").token();
    assertEquals(403, plutro.postForm("/api/v1/push/subscription", good, "Authorization", "Bearer " + readOnly).status());
    assertEquals(401, plutro.postForm("/api/v1/push/subscription", good).status());
    assertEquals(404, plutro.getWithToken("/api/v1/push/subscription", erin.token()).status());
    assertEquals(before, plutro.count("SELECT count(*) FROM push_subscriptions"));
  }

  /** RFC 8291 decryption, as the app does it with its private key. */
  static byte[] decrypt(byte[] body, AppKeys app) throws Exception {
    byte[] salt = Arrays.copyOfRange(body, 0, 16);
    int idLength = body[20] & 0xff;
    byte[] senderPublic = Arrays.copyOfRange(body, 21, 21 + idLength);
    byte[] uaPublic = WebPushCrypto.point((ECPublicKey) app.keys().getPublic());
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init((ECPrivateKey) app.keys().getPrivate());
    agreement.doPhase(WebPushCrypto.publicKey(senderPublic), true);
    byte[] ikm = hkdf(app.auth(), agreement.generateSecret(),
        join("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, senderPublic), 32);
    byte[] key = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = cipher.doFinal(Arrays.copyOfRange(body, 21 + idLength, body.length));
    assertEquals(2, padded[padded.length - 1], "one record, the last");
    return Arrays.copyOf(padded, padded.length - 1);
  }

  static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info);
    mac.update((byte) 1);
    return Arrays.copyOf(mac.doFinal(), length);
  }

  static byte[] join(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
