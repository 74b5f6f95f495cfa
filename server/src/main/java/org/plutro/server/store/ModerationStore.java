package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A moderator's marks on an account (suspended, silenced, sensitive; a member disabled) and what
 * suspending does to the home feeds. Suspension and its lifting run in the caller's transaction.
 */
public final class ModerationStore {
  private static final String SUSPEND = "UPDATE accounts SET suspended_at = coalesce(suspended_at, now())"
      + " WHERE id = $1";
  private static final String UNSUSPEND = "UPDATE accounts SET suspended_at = NULL WHERE id = $1";
  // A moderator's silence is theirs, not a domain block's (see DomainBlockEffects).
  private static final String SILENCE = "UPDATE accounts SET silenced_at = CASE WHEN $2 THEN"
      + " coalesce(silenced_at, now()) END, silenced_by_domain = false WHERE id = $1";
  private static final String SENSITIZE = "UPDATE accounts SET sensitized_at = CASE WHEN $2 THEN"
      + " coalesce(sensitized_at, now()) END WHERE id = $1";
  private static final String DISABLE = "UPDATE users SET disabled = $2 WHERE account_id = $1";
  private static final String OUT_OF_FEEDS = "DELETE FROM home_feed WHERE author_id = $1";
  // Back into its followers' homes (and a member's own), within the feeds' horizon.
  private static final String INTO_FEEDS = "INSERT INTO home_feed (account_id, status_id, author_id)"
      + " SELECT f.account_id, s.id, s.account_id FROM statuses s"
      + " JOIN follows f ON f.target_account_id = s.account_id AND f.state = 'accepted'"
      + " JOIN users u ON u.account_id = f.account_id"
      + " WHERE s.account_id = $1 AND s.visibility <> 'direct' AND s.deleted_at IS NULL AND s.id > home_feed_horizon()"
      + " UNION ALL SELECT s.account_id, s.id, s.account_id FROM statuses s JOIN users u ON u.account_id = s.account_id"
      + " WHERE s.account_id = $1 AND s.visibility <> 'direct' AND s.deleted_at IS NULL AND s.id > home_feed_horizon()"
      + " ON CONFLICT DO NOTHING";
  private static final String FOLLOWED = "SELECT target_account_id FROM follows WHERE account_id = $1";

  private final Pool pool;

  public ModerationStore(Pool pool) {
    this.pool = pool;
  }

  /** Suspends the account (keeping the first suspension's time) and takes its posts out of every feed. */
  public static Future<Void> suspend(SqlClient tx, long accountId) {
    return tx.preparedQuery(SUSPEND).execute(Tuple.of(accountId))
        .compose(done -> tx.preparedQuery(OUT_OF_FEEDS).execute(Tuple.of(accountId))).mapEmpty();
  }

  /** Lifts the suspension and puts the account's recent posts back into its followers' homes. */
  public static Future<Void> unsuspend(SqlClient tx, long accountId) {
    return tx.preparedQuery(UNSUSPEND).execute(Tuple.of(accountId))
        .compose(done -> tx.preparedQuery(INTO_FEEDS).execute(Tuple.of(accountId))).mapEmpty();
  }

  public Future<Void> setSilenced(long accountId, boolean on) {
    return pool.preparedQuery(SILENCE).execute(Tuple.of(accountId, on)).mapEmpty();
  }

  public Future<Void> setSensitized(long accountId, boolean on) {
    return pool.preparedQuery(SENSITIZE).execute(Tuple.of(accountId, on)).mapEmpty();
  }

  public Future<Void> setDisabled(long accountId, boolean on) {
    return pool.preparedQuery(DISABLE).execute(Tuple.of(accountId, on)).mapEmpty();
  }

  /** The ids of every account this one follows or asked to follow. */
  public Future<List<Long>> followedIds(long accountId) {
    return pool.preparedQuery(FOLLOWED).execute(Tuple.of(accountId)).map(rows -> {
      List<Long> followed = new ArrayList<>();
      rows.forEach(row -> followed.add(row.getLong(0)));
      return followed;
    });
  }
}
