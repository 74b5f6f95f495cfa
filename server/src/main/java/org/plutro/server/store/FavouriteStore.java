package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Likes. */
public final class FavouriteStore {
  private static final String INSERT = "INSERT INTO favourites (account_id, status_id, uri)"
      + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
  private static final String DELETE = "DELETE FROM favourites WHERE account_id = $1 AND status_id = $2";
  private static final String DELETE_BY_URI = "DELETE FROM favourites WHERE uri = $1 AND account_id = $2";
  private static final String COUNT = "SELECT count(*) FROM favourites WHERE status_id = $1";

  private final Pool pool;

  public FavouriteStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(long accountId, long statusId, String uri) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(accountId, statusId, uri)).mapEmpty();
  }

  public Future<Void> delete(long accountId, long statusId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(accountId, statusId)).mapEmpty();
  }

  public Future<Void> deleteByUri(String uri, long accountId) {
    return pool.preparedQuery(DELETE_BY_URI).execute(Tuple.of(uri, accountId)).mapEmpty();
  }

  public Future<Long> count(long statusId) {
    return pool.preparedQuery(COUNT).execute(Tuple.of(statusId))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
