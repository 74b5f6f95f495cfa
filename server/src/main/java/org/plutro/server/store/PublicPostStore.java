package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.plutro.server.domain.Status;

/**
 * Posts anyone may read, for visitors' pages and feeds. Never a followers-only or direct post:
 * the visibility is in every query, not left to the caller.
 */
public final class PublicPostStore {
  private static final String COLUMNS = StatusStore.COLUMNS;
  // Mastodon's profile page: public and unlisted posts, no shares; replies only on "with replies".
  private static final String PROFILE = "SELECT " + COLUMNS + " FROM statuses s"
      + " WHERE s.account_id = $1 AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL"
      + " AND s.visibility IN ('public', 'unlisted') AND s.id < $2"
      + " AND ($3 OR s.in_reply_to_uri IS NULL) ORDER BY s.id DESC LIMIT $4";
  // A feed is a listing: public posts only, as in the public timelines.
  private static final String FEED = "SELECT " + COLUMNS + " FROM statuses s"
      + " WHERE s.account_id = $1 AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL"
      + " AND s.visibility = 'public' AND s.in_reply_to_uri IS NULL ORDER BY s.id DESC LIMIT $2";
  private static final String REPLIES = "SELECT " + COLUMNS + " FROM statuses s"
      + " WHERE s.in_reply_to_id = $1 AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL"
      + " AND s.visibility IN ('public', 'unlisted') ORDER BY s.id ASC LIMIT $2";

  private final SqlClient client;

  public PublicPostStore(SqlClient client) {
    this.client = client;
  }

  /** A member's public and unlisted posts older than {@code maxId}, newest first. */
  public Future<List<Status>> profile(long accountId, boolean withReplies, long maxId, int limit) {
    return client.preparedQuery(PROFILE).execute(Tuple.of(accountId, maxId, withReplies, limit))
        .map(StatusStore::all);
  }

  public Future<List<Status>> feed(long accountId, int limit) {
    return client.preparedQuery(FEED).execute(Tuple.of(accountId, limit)).map(StatusStore::all);
  }

  /** Public and unlisted direct replies to a post, oldest first. */
  public Future<List<Status>> replies(long statusId, int limit) {
    return client.preparedQuery(REPLIES).execute(Tuple.of(statusId, limit)).map(StatusStore::all);
  }
}
