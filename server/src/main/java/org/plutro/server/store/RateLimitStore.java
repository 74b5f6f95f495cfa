package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rate limits' counts across processes (see migration V295). */
public final class RateLimitStore {
  // Sorted keys: concurrent processes lock the same rows in the same order.
  private static final String ADD = "INSERT INTO rate_limit_counts AS c (key, window_start, count)"
      + " SELECT k, $2, n FROM unnest($1::text[], $3::int[]) AS d(k, n) ORDER BY k"
      + " ON CONFLICT (key, window_start) DO UPDATE SET count = c.count + EXCLUDED.count"
      + " RETURNING key, count";
  // Each limit forgets only its own windows: their lengths differ.
  private static final String FORGET = "DELETE FROM rate_limit_counts WHERE starts_with(key, $2)"
      + " AND window_start < $1";

  private final SqlClient client;

  public RateLimitStore(SqlClient client) {
    this.client = client;
  }

  /** Adds this process's counts to the window's; answers each key's total over all processes. */
  public Future<Map<String, Integer>> add(long windowStart, List<String> keys, List<Integer> counts) {
    return client.preparedQuery(ADD)
        .execute(Tuple.of(keys.toArray(String[]::new), windowStart, counts.toArray(Integer[]::new)))
        .map(rows -> {
          Map<String, Integer> totals = new HashMap<>();
          rows.forEach(row -> totals.put(row.getString(0), row.getInteger(1)));
          return totals;
        });
  }

  /** Forgets the windows before {@code windowStart} of the keys starting with {@code prefix}. */
  public Future<Void> forgetBefore(String prefix, long windowStart) {
    return client.preparedQuery(FORGET).execute(Tuple.of(windowStart, prefix)).mapEmpty();
  }
}
