package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.Set;

/**
 * The queries behind who may see a post: public and unlisted posts anyone but the accounts (and
 * domains) the author blocks; followers-only posts the author, accepted followers and the
 * mentioned; direct posts the author and the mentioned; deleted posts and suspended authors' posts
 * nobody.
 */
public final class VisibilityStore {
  // Whether the author of s blocks the account $2 or its domain.
  private static final String BLOCKED_BY_AUTHOR = "(EXISTS (SELECT 1 FROM blocks b"
      + " WHERE b.account_id = s.account_id AND b.target_account_id = $2)"
      + " OR EXISTS (SELECT 1 FROM account_domain_blocks d JOIN accounts v ON v.domain = d.domain"
      + " WHERE d.account_id = s.account_id AND v.id = $2))";
  // The ids ($1) kept from the planner (see IdArrays): one generic plan for every thread.
  private static final String VISIBLE = "SELECT s.id FROM " + IdArrays.rowsOf("$1") + " AS u (id)"
      + " JOIN statuses s ON s.id = u.id WHERE " + visibleTo("$2");

  private static final String FETCH_BLOCKED = "SELECT " + BLOCKED_BY_AUTHOR + " FROM statuses s WHERE s.id = $1";

  // A server may fetch a non-public post when one of its actors is in the audience.
  private static final String SERVED_TO = "SELECT EXISTS (SELECT 1 FROM mentions m"
      + " JOIN accounts a ON a.id = m.account_id WHERE m.status_id = $1 AND a.domain = $3)"
      + " OR ($4 = 'private' AND EXISTS (SELECT 1 FROM follows f JOIN accounts a"
      + " ON a.id = f.account_id WHERE f.target_account_id = $2 AND f.state = 'accepted'"
      + " AND a.domain = $3))";

  private final SqlClient client;

  /** Whether the viewer (the parameter {@code viewer}, NULL for nobody) may see the status {@code s}. */
  static String visibleTo(String viewer) {
    return ("s.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = s.account_id"
        + " AND sa.suspended_at IS NOT NULL) AND (s.account_id = $2"
        + " OR (s.visibility IN ('public', 'unlisted') AND NOT " + BLOCKED_BY_AUTHOR + ")"
        + " OR (s.visibility IN ('private', 'direct')"
        + " AND EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s.id AND m.account_id = $2))"
        + " OR (s.visibility = 'private' AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = $2"
        + " AND f.target_account_id = s.account_id AND f.state = 'accepted')))").replace("$2", viewer);
  }

  public VisibilityStore(SqlClient client) {
    this.client = client;
  }

  /** Which of these posts the viewer may see ({@code viewerId} null: an anonymous reader). */
  public Future<Set<Long>> visibleIds(Long[] statusIds, Long viewerId) {
    return client.preparedQuery(VISIBLE).execute(Tuple.of(statusIds, viewerId)).map(rows -> {
      Set<Long> allowed = new HashSet<>();
      for (Row row : rows) {
        allowed.add(row.getLong(0));
      }
      return allowed;
    });
  }

  /** Whether the post's author blocks the account or its domain. */
  public Future<Boolean> blockedByAuthor(long statusId, long accountId) {
    return client.preparedQuery(FETCH_BLOCKED).execute(Tuple.of(statusId, accountId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /**
   * Whether one of the post's mentioned accounts, or for a followers-only post ({@code visibility}
   * "private") one of the author's followers, is on {@code domain} (lower case).
   */
  public Future<Boolean> servedTo(long statusId, long authorId, String domain, String visibility) {
    return client.preparedQuery(SERVED_TO).execute(Tuple.of(statusId, authorId, domain, visibility))
        .map(served -> served.iterator().next().getBoolean(0));
  }
}
