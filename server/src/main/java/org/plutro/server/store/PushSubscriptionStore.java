package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/** Web Push subscriptions: one per access token (subscribing again replaces it). */
public final class PushSubscriptionStore {
  private static final String COLUMNS = "id, endpoint, standard, alerts, policy";
  private static final String SUBSCRIBE = "INSERT INTO push_subscriptions (token_id, account_id, access_token,"
      + " endpoint, p256dh, auth, standard, alerts, policy) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
      + " ON CONFLICT (token_id) DO UPDATE SET id = next_id(), endpoint = EXCLUDED.endpoint,"
      + " p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, standard = EXCLUDED.standard,"
      + " alerts = EXCLUDED.alerts, policy = EXCLUDED.policy, created_at = now() RETURNING " + COLUMNS;
  private static final String BY_TOKEN = "SELECT " + COLUMNS + " FROM push_subscriptions WHERE token_id = $1";
  private static final String CHANGE = "UPDATE push_subscriptions SET alerts = $2, policy = $3"
      + " WHERE token_id = $1 RETURNING " + COLUMNS;
  private static final String END = "DELETE FROM push_subscriptions WHERE token_id = $1";
  private static final String END_BY_ID = "DELETE FROM push_subscriptions WHERE id = $1";
  // One push: the subscription, whether its token was revoked, and what the notification says.
  private static final String PUSH = "SELECT p.endpoint, p.p256dh, p.auth, p.standard, p.access_token,"
      + " t.revoked_at IS NOT NULL AS revoked, n.id AS notification_id, n.type, a.username, a.display_name,"
      + " a.avatar_url, a.note, s.content, s.spoiler_text, u.locale"
      + " FROM push_subscriptions p JOIN oauth_tokens t ON t.id = p.token_id"
      + " JOIN notifications n ON n.id = $2 AND n.account_id = p.account_id"
      + " JOIN accounts a ON a.id = n.from_account_id LEFT JOIN statuses s ON s.id = n.status_id"
      + " LEFT JOIN users u ON u.account_id = p.account_id WHERE p.id = $1";
  // The instance's VAPID identity: one row, made once across processes.
  private static final String CREATE_VAPID_KEYS = "INSERT INTO vapid_keys (id, private_key, public_key)"
      + " VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING";
  private static final String VAPID_KEYS = "SELECT private_key, public_key FROM vapid_keys WHERE id = 1";

  /** A subscription as its owner sees it (never its keys). */
  public record Subscription(long id, String endpoint, boolean standard, List<String> alerts, String policy) {}

  /** What a subscription is made of; {@code accessToken} is the bearer token it was made with. */
  public record NewSubscription(long tokenId, long accountId, String accessToken, String endpoint,
      String p256dh, String auth, boolean standard, List<String> alerts, String policy) {}

  /**
   * One notification to push through one subscription: where and how to send it (keys, encoding,
   * the token the app knows it by, whether that token was revoked) and what it says.
   */
  public record Push(String endpoint, String p256dh, String auth, boolean standard, String accessToken,
      boolean revoked, long notificationId, String type, String username, String displayName,
      String avatarUrl, String note, String content, String spoilerText, String locale) {}

  /** The instance's VAPID keys, base64url: the private scalar and the public point. */
  public record VapidKeys(String privateKey, String publicKey) {}

  private final Pool pool;

  public PushSubscriptionStore(Pool pool) {
    this.pool = pool;
  }

  /** Subscribes, replacing the token's previous subscription (which gets a new id). */
  public Future<Subscription> subscribe(NewSubscription s) {
    return pool.preparedQuery(SUBSCRIBE).execute(Tuple.from(new Object[] {s.tokenId(), s.accountId(),
            s.accessToken(), s.endpoint(), s.p256dh(), s.auth(), s.standard(),
            s.alerts().toArray(String[]::new), s.policy()}))
        .map(rows -> map(rows.iterator().next()));
  }

  public Future<Optional<Subscription>> byToken(long tokenId) {
    return pool.preparedQuery(BY_TOKEN).execute(Tuple.of(tokenId)).map(rows -> {
      RowIterator<Row> it = rows.iterator();
      return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    });
  }

  /** Changes the token's subscription, which must exist. */
  public Future<Subscription> change(long tokenId, List<String> alerts, String policy) {
    return pool.preparedQuery(CHANGE).execute(Tuple.of(tokenId, alerts.toArray(String[]::new), policy))
        .map(rows -> map(rows.iterator().next()));
  }

  public Future<Void> end(long tokenId) {
    return pool.preparedQuery(END).execute(Tuple.of(tokenId)).mapEmpty();
  }

  /** Ends a subscription by its id. */
  public Future<Void> endById(long id) {
    return pool.preparedQuery(END_BY_ID).execute(Tuple.of(id)).mapEmpty();
  }

  /** The push of this notification through this subscription; empty when either is gone. */
  public Future<Optional<Push>> push(long subscriptionId, long notificationId) {
    return pool.preparedQuery(PUSH).execute(Tuple.of(subscriptionId, notificationId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.<Push>empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Push(row.getString("endpoint"), row.getString("p256dh"), row.getString("auth"),
          row.getBoolean("standard"), row.getString("access_token"), row.getBoolean("revoked"),
          row.getLong("notification_id"), row.getString("type"), row.getString("username"),
          row.getString("display_name"), row.getString("avatar_url"), row.getString("note"),
          row.getString("content"), row.getString("spoiler_text"), row.getString("locale")));
    });
  }

  /** Stores {@code fresh} unless keys are stored already; answers the stored keys. */
  public Future<VapidKeys> vapidKeys(VapidKeys fresh) {
    return pool.preparedQuery(CREATE_VAPID_KEYS).execute(Tuple.of(fresh.privateKey(), fresh.publicKey()))
        .compose(done -> pool.preparedQuery(VAPID_KEYS).execute())
        .map(rows -> {
          Row row = rows.iterator().next();
          return new VapidKeys(row.getString(0), row.getString(1));
        });
  }

  private static Subscription map(Row row) {
    return new Subscription(row.getLong("id"), row.getString("endpoint"), row.getBoolean("standard"),
        List.of(row.getArrayOfStrings("alerts")), row.getString("policy"));
  }
}
