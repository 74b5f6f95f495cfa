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

  /** A subscription as its owner sees it (never its keys). */
  public record Subscription(long id, String endpoint, boolean standard, List<String> alerts, String policy) {}

  /** What a subscription is made of; {@code accessToken} is the bearer token it was made with. */
  public record NewSubscription(long tokenId, long accountId, String accessToken, String endpoint,
      String p256dh, String auth, boolean standard, List<String> alerts, String policy) {}

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

  private static Subscription map(Row row) {
    return new Subscription(row.getLong("id"), row.getString("endpoint"), row.getBoolean("standard"),
        List.of(row.getArrayOfStrings("alerts")), row.getString("policy"));
  }
}
