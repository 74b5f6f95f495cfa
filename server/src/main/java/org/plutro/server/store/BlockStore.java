package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Blocks. A block removes the follows between the two accounts, both ways, at once. */
public final class BlockStore {
  private static final String INSERT = "INSERT INTO blocks (account_id, target_account_id, uri)"
      + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
  private static final String UNFOLLOW_BOTH_WAYS = "DELETE FROM follows WHERE (account_id = $1"
      + " AND target_account_id = $2) OR (account_id = $2 AND target_account_id = $1)";
  private static final String DELETE = "DELETE FROM blocks WHERE account_id = $1 AND target_account_id = $2";
  private static final String DELETE_BY_URI = "DELETE FROM blocks WHERE uri = $1 AND account_id = $2";
  private static final String INSERT_NEW = "INSERT INTO blocks (account_id, target_account_id, uri)"
      + " VALUES ($1, $2, $3) ON CONFLICT (account_id, target_account_id) DO NOTHING RETURNING uri";
  private static final String DELETE_RETURNING_URI = "DELETE FROM blocks WHERE account_id = $1"
      + " AND target_account_id = $2 RETURNING uri";
  private static final String BLOCKED = "SELECT EXISTS (SELECT 1 FROM blocks"
      + " WHERE account_id = $1 AND target_account_id = $2)";

  private final Pool pool;

  public BlockStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(long accountId, long targetAccountId, String uri) {
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT)
        .execute(Tuple.of(accountId, targetAccountId, uri))
        .compose(done -> tx.preparedQuery(UNFOLLOW_BOTH_WAYS).execute(Tuple.of(accountId, targetAccountId))))
        .mapEmpty();
  }

  /** Stores a block in the caller's transaction; false when the member already blocked the target. */
  public static Future<Boolean> insertNew(SqlClient tx, long accountId, long targetAccountId, String uri) {
    return tx.preparedQuery(INSERT_NEW).execute(Tuple.of(accountId, targetAccountId, uri))
        .map(inserted -> inserted.size() > 0);
  }

  /** Removes the follows between the two accounts, both ways, in the caller's transaction. */
  public static Future<Void> unfollowBothWays(SqlClient tx, long accountId, long otherId) {
    return tx.preparedQuery(UNFOLLOW_BOTH_WAYS).execute(Tuple.of(accountId, otherId)).mapEmpty();
  }

  /** Removes a block in the caller's transaction; answers its URI, empty when there was none. */
  public static Future<Optional<String>> deleteReturningUri(SqlClient tx, long accountId, long targetAccountId) {
    return tx.preparedQuery(DELETE_RETURNING_URI).execute(Tuple.of(accountId, targetAccountId))
        .map(deleted -> deleted.size() == 0 ? Optional.<String>empty()
            : Optional.of(deleted.iterator().next().getString(0)));
  }

  public Future<Void> delete(long accountId, long targetAccountId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(accountId, targetAccountId)).mapEmpty();
  }

  public Future<Void> deleteByUri(String uri, long accountId) {
    return pool.preparedQuery(DELETE_BY_URI).execute(Tuple.of(uri, accountId)).mapEmpty();
  }

  /** Whether {@code accountId} blocks {@code targetAccountId}. */
  public Future<Boolean> isBlocked(long accountId, long targetAccountId) {
    return pool.preparedQuery(BLOCKED).execute(Tuple.of(accountId, targetAccountId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }
}
