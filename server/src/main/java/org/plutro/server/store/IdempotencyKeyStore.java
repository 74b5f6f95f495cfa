package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Idempotency-Key of a post: one member's key names one post for an hour. */
public final class IdempotencyKeyStore {
  private static final String FRESH = "SELECT status_id FROM status_idempotency_keys"
      + " WHERE account_id = $1 AND key = $2 AND created_at > now() - interval '1 hour'";
  // A key older than an hour is free again: it is taken over by the new post.
  private static final String CLAIM = "INSERT INTO status_idempotency_keys (account_id, key, status_id)"
      + " VALUES ($1, $2, $3) ON CONFLICT (account_id, key) DO UPDATE"
      + " SET status_id = EXCLUDED.status_id, created_at = now()"
      + " WHERE status_idempotency_keys.created_at <= now() - interval '1 hour' RETURNING status_id";

  private final SqlClient client;

  public IdempotencyKeyStore(SqlClient client) {
    this.client = client;
  }

  /** The post this key named within the last hour. */
  public Future<Optional<Long>> fresh(long accountId, String key) {
    return client.preparedQuery(FRESH).execute(Tuple.of(accountId, key)).map(rows ->
        rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** Ties the key to the new post; false when a concurrent request took the key first. */
  public static Future<Boolean> claim(SqlClient tx, long accountId, String key, long statusId) {
    return tx.preparedQuery(CLAIM).execute(Tuple.of(accountId, key, statusId))
        .map(rows -> rows.size() > 0);
  }
}
