package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/** When a remote account's posts or a thread's replies were last fetched because a member looked. */
public final class BackfillStore {
  // Claimed when never fetched, or fetched longer than the cooldown ago; one process wins.
  private static final String CLAIM = "INSERT INTO remote_backfills AS b (kind, subject) VALUES ($1, $2)"
      + " ON CONFLICT (kind, subject) DO UPDATE SET fetched_at = now()"
      + " WHERE b.fetched_at < now() - make_interval(secs => $3) RETURNING 1";
  private static final String PRUNE = "DELETE FROM remote_backfills WHERE fetched_at < now() - make_interval(days => $1)";

  private final SqlClient client;

  public BackfillStore(SqlClient client) {
    this.client = client;
  }

  /** Whether this fetch is due (and now claimed): never done, or done over {@code cooldown} ago. */
  public Future<Boolean> claim(String kind, long subject, Duration cooldown) {
    return client.preparedQuery(CLAIM).execute(Tuple.of(kind, subject, (double) cooldown.toSeconds()))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Forgets fetches older than {@code days}: such an account or thread is fetched again when looked at. */
  public Future<Void> prune(int days) {
    return client.preparedQuery(PRUNE).execute(Tuple.of(days)).mapEmpty();
  }
}
