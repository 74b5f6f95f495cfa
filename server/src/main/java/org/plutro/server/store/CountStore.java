package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.plutro.server.domain.AccountCounts;

/**
 * Counts of accounts and statuses, read from the counter rows ({@code account_stats},
 * {@code status_stats}) that triggers keep in the same statement as the rows they count:
 * exact under concurrent deliveries, and one row to read instead of a COUNT(*).
 */
public final class CountStore {
  private static final String ACCOUNTS = "SELECT a.id, coalesce(c.statuses_count, 0),"
      + " coalesce(c.followers_count, 0), coalesce(c.following_count, 0), c.last_status_at,"
      + " coalesce(c.follow_requests_count, 0)"
      + " FROM unnest($1::int8[]) AS a (id) LEFT JOIN account_stats c ON c.account_id = a.id";
  private static final String LOCAL_POSTS = "SELECT count(*) FROM statuses"
      + " WHERE local AND deleted_at IS NULL";

  private static final String STATUSES = "SELECT s.id, coalesce(c.favourites_count, 0),"
      + " coalesce(c.reblogs_count, 0), coalesce(c.replies_count, 0)"
      + " FROM unnest($1::int8[]) AS s (id) LEFT JOIN status_stats c ON c.status_id = s.id";

  /** Likes, shares and replies of one status. */
  public record StatusCounts(long favourites, long reblogs, long replies) {
    public static final StatusCounts NONE = new StatusCounts(0, 0, 0);
  }

  private final Pool pool;

  public CountStore(Pool pool) {
    this.pool = pool;
  }

  public Future<AccountCounts> account(long accountId) {
    return accounts(java.util.List.of(accountId)).map(counts -> counts.get(accountId));
  }

  /** Counts of each account, in one query. */
  public Future<Map<Long, AccountCounts>> accounts(Collection<Long> ids) {
    Map<Long, AccountCounts> counts = new HashMap<>();
    if (ids.isEmpty()) {
      return Future.succeededFuture(counts);
    }
    return pool.preparedQuery(ACCOUNTS).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
      for (Row row : rows) {
        counts.put(row.getLong(0), new AccountCounts(row.getLong(1), row.getLong(2),
            row.getLong(3), row.getOffsetDateTime(4), row.getLong(5)));
      }
      return counts;
    });
  }

  public Future<Map<Long, StatusCounts>> statuses(Collection<Long> ids) {
    Map<Long, StatusCounts> counts = new HashMap<>();
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
