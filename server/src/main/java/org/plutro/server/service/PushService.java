package org.plutro.server.service;

import org.plutro.server.uri.RemoteMediaUrls;
import org.plutro.server.uri.Uris;
import org.plutro.server.text.Html;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.push.Vapid;
import org.plutro.federation.push.WebPushCrypto;
import org.plutro.server.store.PushSubscriptionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web Push, as Mastodon sends it: each notification a subscription wants (queued by the database,
 * one job per subscription) goes to the subscription's push service, encrypted for the app
 * ({@code aes128gcm} for standard subscriptions, the older {@code aesgcm} otherwise) and signed
 * with the instance's VAPID key. A push service that answers 404 or 410 ends the subscription.
 */
public final class PushService {
  public static final String JOB = "push.notification";
  /** How long a push service keeps an undelivered message (Mastodon's 48 hours). */
  static final int TTL_SECONDS = 48 * 3600;
  private static final int BODY_CHARS = 140;
  private static final Logger LOG = LoggerFactory.getLogger(PushService.class);
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Map<String, String> TITLES = Map.of(
      "mention", "%s mentioned you",
      "status", "%s just posted",
      "reblog", "%s boosted your post",
      "follow", "%s is now following you",
      "follow_request", "New follow request from %s",
      "favourite", "%s favourited your post",
      "poll", "A poll you voted in or created has ended",
      "update", "%s edited a post",
      "quote", "%s quoted your post");

  private final PushSubscriptionStore pushSubscriptions;
  private final Uris uris;
  /** Our public URL, the contact given to push services in VAPID claims. */
  private final String publicUrl;
  private final FederationHttpClient http;
  private volatile Future<Vapid> vapid;

  public PushService(PushSubscriptionStore pushSubscriptions, Uris uris, String publicUrl,
      FederationHttpClient http) {
    this.pushSubscriptions = pushSubscriptions;
    this.uris = uris;
    this.publicUrl = publicUrl;
    this.http = http;
  }

  /** The instance's VAPID identity, made and stored on first use (once across processes). */
  public Future<Vapid> vapid() {
    Future<Vapid> known = vapid;
    if (known == null || known.failed()) {
      KeyPair fresh = WebPushCrypto.newKeyPair();
      known = pushSubscriptions.vapidKeys(new PushSubscriptionStore.VapidKeys(
              B64URL.encodeToString(WebPushCrypto.scalar((ECPrivateKey) fresh.getPrivate())),
              B64URL.encodeToString(WebPushCrypto.point((ECPublicKey) fresh.getPublic()))))
          .map(keys -> {
            try {
              return new Vapid(WebPushCrypto.keyPair(Base64.getUrlDecoder().decode(keys.privateKey()),
                  Base64.getUrlDecoder().decode(keys.publicKey())), publicUrl);
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the stored VAPID key is unreadable", e);
            }
          });
      vapid = known;
    }
    return known;
  }

  /** Whether pushes may go to {@code endpoint} (federation's rules: https, a public address). */
  public Future<Void> reachable(URI endpoint) {
    return http.guard().check(endpoint).mapEmpty();
  }

  /** The job: one notification to one subscription. */
  public Future<Void> deliver(JsonObject payload) {
    long subscriptionId = payload.getLong("subscription");
    PushSubscriptionStore subscriptions = pushSubscriptions;
    return subscriptions.push(subscriptionId, payload.getLong("notification"))
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.succeededFuture();
          }
          PushSubscriptionStore.Push push = found.get();
          if (push.revoked()) {
            return subscriptions.endById(subscriptionId);
          }
          return vapid().compose(identity -> send(identity, push)).compose(status -> {
            if (status == 404 || status == 410) {
              LOG.info("Push subscription {} ended by its push service ({})", subscriptionId, status);
              return subscriptions.endById(subscriptionId);
            }
            // Too many requests and server errors are worth another try; other refusals are not.
            return status == 429 || status >= 500
                ? Future.failedFuture("push service answered " + status) : Future.<Void>succeededFuture();
          });
        });
  }

  private Future<Integer> send(Vapid identity, PushSubscriptionStore.Push push) {
    URI endpoint = URI.create(push.endpoint());
    byte[] message = message(push).encode().getBytes(StandardCharsets.UTF_8);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/octet-stream")
        .add("TTL", Integer.toString(TTL_SECONDS))
        .add("Urgency", "normal");
    byte[] body;
    try {
      byte[] receiver = decode(push.p256dh());
      byte[] auth = decode(push.auth());
      if (push.standard()) {
        body = WebPushCrypto.aes128gcm(message, receiver, auth);
        headers.add("Content-Encoding", "aes128gcm")
            .add("Authorization", identity.authorization(endpoint, Instant.now()));
      } else {
        WebPushCrypto.Sealed sealed = WebPushCrypto.aesgcm(message, receiver, auth);
        body = sealed.body();
        // The draft's headers, as Mastodon sends them to subscriptions that are not standard.
        headers.add("Content-Encoding", "aesgcm")
            .add("Encryption", "salt=" + B64URL.encodeToString(sealed.salt()))
            .add("Crypto-Key", "dh=" + B64URL.encodeToString(sealed.senderPublic()) + ";p256ecdsa="
                + identity.publicKey())
            .add("Authorization", "WebPush " + identity.token(endpoint, Instant.now()));
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      LOG.warn("Push subscription keys unusable: {}", e.getMessage());
      return Future.succeededFuture(410);
    }
    return http.post(endpoint, body, headers).map(result -> result.status());
  }

  /** Mastodon's push payload: what happened, said shortly, with the token the app knows it by. */
  private JsonObject message(PushSubscriptionStore.Push push) {
    String name = push.displayName() == null || push.displayName().isBlank()
        ? push.username() : push.displayName();
    String type = push.type();
    String spoiler = push.spoilerText();
    String text = spoiler != null && !spoiler.isBlank() ? spoiler
        : Html.text(push.content() != null ? push.content() : push.note());
    return new JsonObject()
        .put("access_token", push.accessToken())
        .put("preferred_locale", push.locale() == null ? "en" : push.locale())
        .put("notification_id", Long.toString(push.notificationId()))
        .put("notification_type", type)
        .put("icon", icon(push.avatarUrl()))
        .put("title", TITLES.getOrDefault(type, "%s").formatted(name))
        .put("body", text.length() > BODY_CHARS ? text.substring(0, BODY_CHARS - 1) + "…" : text);
  }

  /** The sender's picture at our address: the member's device never contacts the sender's server. */
  private String icon(String avatarUrl) {
    String proxied = uris.remoteMedia().proxied(avatarUrl, RemoteMediaUrls.Kind.AVATAR);
    return proxied != null ? proxied : uris.defaultAvatar();
  }

  /** Apps send keys as base64url or plain base64, padded or not. */
  public static byte[] decode(String value) {
    return Base64.getUrlDecoder().decode(value.strip().replace('+', '-').replace('/', '_').replace("=", ""));
  }
}
