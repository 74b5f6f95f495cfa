package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.plutro.server.domain.AccountCounts;

/** Exact counts from the rows themselves: concurrent deliveries cannot make them drift. */
public final class CountStore {
  private static final String ACCOUNT = "SELECT"
      + " (SELECT count(*) FROM statuses WHERE account_id = $1 AND deleted_at IS NULL),"
      + " (SELECT count(*) FROM follows WHERE target_account_id = $1 AND state = 'accepted'),"
      + " (SELECT count(*) FROM follows WHERE account_id = $1 AND state = 'accepted'),"
      + " (SELECT max(created_at) FROM statuses WHERE account_id = $1 AND deleted_at IS NULL),"
      + " (SELECT count(*) FROM follows WHERE target_account_id = $1 AND state = 'pending')";
  private static final String LOCAL_POSTS = "SELECT count(*) FROM statuses"
      + " WHERE local AND deleted_at IS NULL";

  private static final String STATUSES = "SELECT s.id,"
      + " (SELECT count(*) FROM favourites f WHERE f.status_id = s.id),"
      + " (SELECT count(*) FROM statuses r WHERE r.reblog_of_id = s.id AND r.deleted_at IS NULL),"
      + " (SELECT count(*) FROM statuses c WHERE c.in_reply_to_id = s.id AND c.deleted_at IS NULL)"
      + " FROM statuses s WHERE s.id = ANY($1)";

  /** Likes, shares and replies of one status. */
  public record StatusCounts(long favourites, long reblogs, long replies) {
    public static final StatusCounts NONE = new StatusCounts(0, 0, 0);
  }

  private final Pool pool;

  public CountStore(Pool pool) {
    this.pool = pool;
  }

  public Future<AccountCounts> account(long accountId) {
    return pool.preparedQuery(ACCOUNT).execute(Tuple.of(accountId)).map(rows -> {
      Row row = rows.iterator().next();
      return new AccountCounts(row.getLong(0), row.getLong(1), row.getLong(2),
          row.getOffsetDateTime(3), row.getLong(4));
    });
  }

  public Future<java.util.Map<Long, StatusCounts>> statuses(java.util.Collection<Long> ids) {
    java.util.Map<Long, StatusCounts> counts = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return Future.succeededFuture(counts);
    }
    return pool.preparedQuery(STATUSES).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
      for (Row row : rows) {
        counts.put(row.getLong(0), new StatusCounts(row.getLong(1), row.getLong(2), row.getLong(3)));
      }
      return counts;
    });
  }

  public Future<Long> localPosts() {
    return pool.query(LOCAL_POSTS).execute().map(rows -> rows.iterator().next().getLong(0));
  }
}
