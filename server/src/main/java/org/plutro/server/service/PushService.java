package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
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
import org.plutro.server.AppContext;
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
      "update", "%s edited a post");

  private static final String CREATE_KEYS = "INSERT INTO vapid_keys (id, private_key, public_key)"
      + " VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING";
  private static final String KEYS = "SELECT private_key, public_key FROM vapid_keys WHERE id = 1";
  private static final String PUSH = "SELECT p.endpoint, p.p256dh, p.auth, p.standard, p.access_token,"
      + " t.revoked_at IS NOT NULL AS revoked, n.id AS notification_id, n.type, a.username, a.display_name,"
      + " a.avatar_url, a.note, s.content, s.spoiler_text, u.locale"
      + " FROM push_subscriptions p JOIN oauth_tokens t ON t.id = p.token_id"
      + " JOIN notifications n ON n.id = $2 AND n.account_id = p.account_id"
      + " JOIN accounts a ON a.id = n.from_account_id LEFT JOIN statuses s ON s.id = n.status_id"
      + " LEFT JOIN users u ON u.account_id = p.account_id WHERE p.id = $1";
  private static final String END = "DELETE FROM push_subscriptions WHERE id = $1";

  private final AppContext app;
  private final FederationHttpClient http;
  private volatile Future<Vapid> vapid;

  public PushService(AppContext app, FederationHttpClient http) {
    this.app = app;
    this.http = http;
  }

  /** The instance's VAPID identity, made and stored on first use (once across processes). */
  public Future<Vapid> vapid() {
    Future<Vapid> known = vapid;
    if (known == null || known.failed()) {
      KeyPair fresh = WebPushCrypto.newKeyPair();
      known = app.pool().preparedQuery(CREATE_KEYS)
          .execute(Tuple.of(B64URL.encodeToString(WebPushCrypto.scalar((ECPrivateKey) fresh.getPrivate())),
              B64URL.encodeToString(WebPushCrypto.point((ECPublicKey) fresh.getPublic()))))
          .compose(done -> app.pool().preparedQuery(KEYS).execute())
          .map(rows -> {
            Row row = rows.iterator().next();
            try {
              return new Vapid(WebPushCrypto.keyPair(Base64.getUrlDecoder().decode(row.getString(0)),
                  Base64.getUrlDecoder().decode(row.getString(1))), app.settings().publicUrl().toString());
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
    return app.pool().preparedQuery(PUSH).execute(Tuple.of(subscriptionId, payload.getLong("notification")))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          Row row = rows.iterator().next();
          if (row.getBoolean("revoked")) {
            return app.pool().preparedQuery(END).execute(Tuple.of(subscriptionId)).mapEmpty();
          }
          return vapid().compose(identity -> send(identity, row)).compose(status -> {
            if (status == 404 || status == 410) {
              LOG.info("Push subscription {} ended by its push service ({})", subscriptionId, status);
              return app.pool().preparedQuery(END).execute(Tuple.of(subscriptionId)).mapEmpty();
            }
            // Too many requests and server errors are worth another try; other refusals are not.
            return status == 429 || status >= 500
                ? Future.failedFuture("push service answered " + status) : Future.<Void>succeededFuture();
          });
        });
  }

  private Future<Integer> send(Vapid identity, Row row) {
    URI endpoint = URI.create(row.getString("endpoint"));
    byte[] message = message(row).encode().getBytes(StandardCharsets.UTF_8);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/octet-stream")
        .add("TTL", Integer.toString(TTL_SECONDS))
        .add("Urgency", "normal");
    byte[] body;
    try {
      byte[] receiver = decode(row.getString("p256dh"));
      byte[] auth = decode(row.getString("auth"));
      if (row.getBoolean("standard")) {
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
  private JsonObject message(Row row) {
    String name = row.getString("display_name") == null || row.getString("display_name").isBlank()
        ? row.getString("username") : row.getString("display_name");
    String type = row.getString("type");
    String spoiler = row.getString("spoiler_text");
    String text = spoiler != null && !spoiler.isBlank() ? spoiler
        : Html.text(row.getString("content") != null ? row.getString("content") : row.getString("note"));
    return new JsonObject()
        .put("access_token", row.getString("access_token"))
        .put("preferred_locale", row.getString("locale") == null ? "en" : row.getString("locale"))
        .put("notification_id", Long.toString(row.getLong("notification_id")))
        .put("notification_type", type)
        .put("icon", row.getString("avatar_url") != null ? row.getString("avatar_url") : app.uris().defaultAvatar())
        .put("title", TITLES.getOrDefault(type, "%s").formatted(name))
        .put("body", text.length() > BODY_CHARS ? text.substring(0, BODY_CHARS - 1) + "…" : text);
  }

  /** Apps send keys as base64url or plain base64, padded or not. */
  public static byte[] decode(String value) {
    return Base64.getUrlDecoder().decode(value.strip().replace('+', '-').replace('/', '_').replace("=", ""));
  }
}
