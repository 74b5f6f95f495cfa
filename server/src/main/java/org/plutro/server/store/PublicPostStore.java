package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
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
  // The versions of what a member's profile page shows ($1 username): its account row, and its
  // counters' row, which every change to the member's posts rewrites too (V370).
  private static final String PROFILE_VERSIONS = "SELECT a.id, a.xmin::text::int8,"
      + " coalesce(c.xmin::text::int8, 0) FROM accounts a LEFT JOIN account_stats c ON c.account_id = a.id"
      + " WHERE lower(a.username) = lower($1) AND a.domain IS NULL AND " + AccountStore.PUBLISHED;
  // A feed is a listing: public posts only, as in the public timelines.
  private static final String FEED = "SELECT " + COLUMNS + " FROM statuses s"
      + " WHERE s.account_id = $1 AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL"
      + " AND s.visibility = 'public' AND s.in_reply_to_uri IS NULL ORDER BY s.id DESC LIMIT $2";
  // What anonymous readers of the public and hashtag timelines see (as TimelineStore's PUBLIC and
  // TAG with no viewer): public posts, no shares, none by a suspended, limited or closed account.
  private static final String SHOWN_TO_ANYONE = " AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL"
      + " AND s.visibility = 'public' AND NOT " + SafetyFilters.withdrawn("NULL", "s.account_id")
      + " AND NOT EXISTS (SELECT 1 FROM accounts ca WHERE ca.id = s.account_id AND ca.deleted_at IS NOT NULL)";
  // The front page's preview: the newest public posts of our members, replies left out.
  private static final String RECENT_LOCAL = "SELECT " + COLUMNS + " FROM statuses s"
      + " WHERE s.local AND s.in_reply_to_uri IS NULL" + SHOWN_TO_ANYONE
      + " ORDER BY s.id DESC LIMIT $1";
  // A hashtag's page: public posts, ours and those we hold from elsewhere, older than $2.
  private static final String TAGGED = "SELECT " + COLUMNS + " FROM statuses s"
      + " WHERE s.id IN (SELECT st.status_id FROM status_tags st WHERE st.tag_id = ANY($1)"
      + " AND st.status_id < $2)" + SHOWN_TO_ANYONE + " ORDER BY s.id DESC LIMIT $3";

  private final SqlClient client;

  public PublicPostStore(SqlClient client) {
    this.client = client;
  }

  /** A member's public and unlisted posts older than {@code maxId}, newest first. */
  public Future<List<Status>> profile(long accountId, boolean withReplies, long maxId, int limit) {
    return client.preparedQuery(PROFILE).execute(Tuple.of(accountId, maxId, withReplies, limit))
        .map(StatusStore::all);
  }

  /**
   * The versions of the rows a member's profile pages are made of: its account id, the account's
   * row version and its counters' row version, which changes with any of its posts (V370). Equal
   * versions, equal pages. Empty for no local account of that name.
   */
  public Future<long[]> profileVersions(String username) {
    return client.preparedQuery(PROFILE_VERSIONS).execute(Tuple.of(username)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return new long[0];
      }
      Row row = it.next();
      return new long[] {row.getLong(0), row.getLong(1), row.getLong(2)};
    });
  }

  public Future<List<Status>> feed(long accountId, int limit) {
    return client.preparedQuery(FEED).execute(Tuple.of(accountId, limit)).map(StatusStore::all);
  }

  /** Our members' newest public posts that are not replies. */
  public Future<List<Status>> recentLocal(int limit) {
    return client.preparedQuery(RECENT_LOCAL).execute(Tuple.of(limit)).map(StatusStore::all);
  }

  /** Public posts under any of these tags older than {@code maxId}, newest first. */
  public Future<List<Status>> tagged(List<Long> tagIds, long maxId, int limit) {
    return client.preparedQuery(TAGGED).execute(Tuple.of(tagIds.toArray(Long[]::new), maxId, limit))
        .map(StatusStore::all);
  }
}
