package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The periodic clean-up's statements (each safe to run twice). Deletions go in slices of
 * {@link #SLICE} rows, so one run never holds many locks or writes a huge transaction: a caller
 * repeats while a slice comes back full.
 */
public final class HousekeepingStore {
  public static final int SLICE = 5000;
  private static final String PRUNE_SEEN = "DELETE FROM inbox_seen WHERE ctid = ANY(ARRAY("
      + "SELECT ctid FROM inbox_seen WHERE received_at < now() - make_interval(days => $1)"
      + " LIMIT " + SLICE + "))";
  private static final String TRIM_FEEDS = "DELETE FROM home_feed WHERE ctid = ANY(ARRAY("
      + "SELECT ctid FROM home_feed WHERE status_id < home_feed_horizon() - (86400000::int8 << 16)"
      + " LIMIT " + SLICE + "))";

  // IP addresses are personal data: erased once they are older than the retention (policy 2.5).
  private static final String ERASE_SIGN_IN_ADDRESSES = "UPDATE sign_ins SET address = NULL"
      + " WHERE address IS NOT NULL AND created_at < now() - make_interval(days => $1)";
  private static final String ERASE_TOKEN_ADDRESSES = "UPDATE oauth_tokens SET last_address = NULL"
      + " WHERE last_address IS NOT NULL AND coalesce(last_used_at, created_at) < now() - make_interval(days => $1)";
  private static final String ERASE_SESSION_ADDRESSES = "UPDATE web_sessions SET address = NULL"
      + " WHERE address IS NOT NULL AND created_at < now() - make_interval(days => $1)";
  private static final String ERASE_FAILED_SIGN_INS = "DELETE FROM sign_in_failures"
      + " WHERE created_at < now() - make_interval(days => $1)";

  private final SqlClient client;

  public HousekeepingStore(SqlClient client) {
    this.client = client;
  }

  /** Forgets one slice of the activity ids taken in over {@code days} days ago; answers how many. */
  public Future<Integer> pruneSeenSlice(int days) {
    return client.preparedQuery(PRUNE_SEEN).execute(Tuple.of(days)).map(rows -> rows.rowCount());
  }

  /** Drops one slice of home feed rows older than the feeds' horizon plus a day; answers how many. */
  public Future<Integer> trimFeedsSlice() {
    return client.query(TRIM_FEEDS).execute().map(rows -> rows.rowCount());
  }

  /** Erases the addresses of sign-ins, tokens and browser sessions, and the failed sign-ins, older than {@code days}. */
  public Future<Void> eraseAddresses(int days) {
    Tuple args = Tuple.of(days);
    return client.preparedQuery(ERASE_SIGN_IN_ADDRESSES).execute(args)
        .compose(done -> client.preparedQuery(ERASE_TOKEN_ADDRESSES).execute(args))
        .compose(done -> client.preparedQuery(ERASE_SESSION_ADDRESSES).execute(args))
        .compose(done -> client.preparedQuery(ERASE_FAILED_SIGN_INS).execute(args))
        .mapEmpty();
  }
}
