package org.plutro.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic clean-up every process may run (each statement is safe to run twice): activity ids
 * taken in are forgotten after 30 days — a sender retries for a few days at most, and a very late
 * repeat finds the object it would create already stored. Home feed rows older than the feeds'
 * horizon (plus a day) are dropped: those pages are read from the follows. IP addresses of
 * sign-ins and tokens older than {@code PLUTRO_IP_RETENTION_DAYS} are erased.
 */
final class Housekeeping {
  static final Duration REMEMBER_ACTIVITY_IDS = Duration.ofDays(30);
  private static final Duration EVERY = Duration.ofHours(1);
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  // In slices, so one run never holds many locks or writes a huge transaction.
  private static final String PRUNE_SEEN = "DELETE FROM inbox_seen WHERE ctid = ANY(ARRAY("
      + "SELECT ctid FROM inbox_seen WHERE received_at < now() - make_interval(days => $1)"
      + " LIMIT 5000))";
  private static final String TRIM_FEEDS = "DELETE FROM home_feed WHERE ctid = ANY(ARRAY("
      + "SELECT ctid FROM home_feed WHERE status_id < home_feed_horizon() - (86400000::int8 << 16)"
      + " LIMIT 5000))";

  // IP addresses are personal data: erased once they are older than the retention (policy 2.5).
  private static final String ERASE_SIGN_IN_ADDRESSES = "UPDATE sign_ins SET address = NULL"
      + " WHERE address IS NOT NULL AND created_at < now() - make_interval(days => $1)";
  private static final String ERASE_TOKEN_ADDRESSES = "UPDATE oauth_tokens SET last_address = NULL"
      + " WHERE last_address IS NOT NULL AND coalesce(last_used_at, created_at) < now() - make_interval(days => $1)";
  private static final String ERASE_FAILED_SIGN_INS = "DELETE FROM sign_in_failures"
      + " WHERE created_at < now() - make_interval(days => $1)";

  private final Vertx vertx;
  private final SqlClient client;
  private final int ipRetentionDays;
  private long timer = -1;

  Housekeeping(Vertx vertx, SqlClient client, int ipRetentionDays) {
    this.vertx = vertx;
    this.client = client;
    this.ipRetentionDays = ipRetentionDays;
  }

  void start() {
    timer = vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), EVERY.toMillis(), id -> run());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Prunes until nothing old is left; answers how many ids were forgotten. */
  Future<Integer> run() {
    return pruneSeen(0).compose(forgotten -> trimFeeds().compose(done -> eraseAddresses())
            .map(forgotten))
        .onFailure(e -> LOG.warn("Housekeeping failed: {}", e.getMessage()));
  }

  private Future<Void> eraseAddresses() {
    io.vertx.sqlclient.Tuple days = io.vertx.sqlclient.Tuple.of(ipRetentionDays);
    return client.preparedQuery(ERASE_SIGN_IN_ADDRESSES).execute(days)
        .compose(done -> client.preparedQuery(ERASE_TOKEN_ADDRESSES).execute(days))
        .compose(done -> client.preparedQuery(ERASE_FAILED_SIGN_INS).execute(days))
        .mapEmpty();
  }

  private Future<Void> trimFeeds() {
    return client.query(TRIM_FEEDS).execute()
        .compose(rows -> rows.rowCount() == 5000 ? trimFeeds() : Future.succeededFuture());
  }

  private Future<Integer> pruneSeen(int sofar) {
    return client.preparedQuery(PRUNE_SEEN).execute(io.vertx.sqlclient.Tuple.of(
            (int) REMEMBER_ACTIVITY_IDS.toDays()))
        .compose(rows -> rows.rowCount() == 5000 ? pruneSeen(sofar + 5000)
            : Future.succeededFuture(sofar + rows.rowCount()));
  }
}
