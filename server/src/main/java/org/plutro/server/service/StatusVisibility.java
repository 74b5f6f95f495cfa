package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;

/**
 * Who may see a post, as Mastodon decides it: public and unlisted posts anyone but the accounts
 * (and domains) the author blocks; followers-only posts the author, accepted followers and the
 * mentioned; direct posts the author and the mentioned. Deleted posts nobody.
 */
public final class StatusVisibility {
  // Whether the author of s blocks the account $2 or its domain.
  private static final String BLOCKED_BY_AUTHOR = "(EXISTS (SELECT 1 FROM blocks b"
      + " WHERE b.account_id = s.account_id AND b.target_account_id = $2)"
      + " OR EXISTS (SELECT 1 FROM account_domain_blocks d JOIN accounts v ON v.domain = d.domain"
      + " WHERE d.account_id = s.account_id AND v.id = $2))";
  private static final String VISIBLE = "SELECT s.id FROM statuses s WHERE s.id = ANY($1)"
      + " AND s.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = s.account_id"
      + " AND sa.suspended_at IS NOT NULL) AND (s.account_id = $2"
      + " OR (s.visibility IN ('public', 'unlisted') AND NOT " + BLOCKED_BY_AUTHOR + ")"
      + " OR (s.visibility IN ('private', 'direct')"
      + " AND EXISTS (SELECT 1 FROM mentions m WHERE m.status_id = s.id AND m.account_id = $2))"
      + " OR (s.visibility = 'private' AND EXISTS (SELECT 1 FROM follows f WHERE f.account_id = $2"
      + " AND f.target_account_id = s.account_id AND f.state = 'accepted')))";

  private static final String FETCH_BLOCKED = "SELECT " + BLOCKED_BY_AUTHOR + " FROM statuses s WHERE s.id = $1";

  // A server may fetch a non-public post when one of its actors is in the audience.
  private static final String SERVED_TO = "SELECT EXISTS (SELECT 1 FROM mentions m"
      + " JOIN accounts a ON a.id = m.account_id WHERE m.status_id = $1 AND a.domain = $3)"
      + " OR ($4 = 'private' AND EXISTS (SELECT 1 FROM follows f JOIN accounts a"
      + " ON a.id = f.account_id WHERE f.target_account_id = $2 AND f.state = 'accepted'"
      + " AND a.domain = $3))";

  private final SqlClient client;

  public StatusVisibility(SqlClient client) {
    this.client = client;
  }

  public Future<Boolean> maySee(Optional<Account> viewer, Status status) {
    return filter(viewer, List.of(status)).map(visible -> !visible.isEmpty());
  }

  /**
   * Whether a server may fetch this post, by the actor that signed the GET (empty: unsigned):
   * never an actor the author blocks, or one of a domain the author blocks; anyone else for public
   * and unlisted posts; for others only a server that one of its mentioned accounts, or for
   * followers-only posts one of the author's followers, is on.
   */
  public Future<Boolean> mayFetch(Optional<Account> signer, Status status) {
    if (status.isDeleted()) {
      return Future.succeededFuture(false);
    }
    if (signer.isEmpty()) {
      return Future.succeededFuture(status.visibility().isPubliclyReadable());
    }
    return client.preparedQuery(FETCH_BLOCKED).execute(Tuple.of(status.id(), signer.get().id()))
        .compose(rows -> {
          if (rows.iterator().next().getBoolean(0)) {
            return Future.succeededFuture(false);
          }
          if (status.visibility().isPubliclyReadable()) {
            return Future.succeededFuture(true);
          }
          return client.preparedQuery(SERVED_TO).execute(Tuple.of(status.id(), status.accountId(),
                  signer.get().domain().toLowerCase(java.util.Locale.ROOT), status.visibility().apiName()))
              .map(served -> served.iterator().next().getBoolean(0));
        });
  }

  /** The statuses the viewer may see, in the order given. */
  public Future<List<Status>> filter(Optional<Account> viewer, List<Status> statuses) {
    if (statuses.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Long[] ids = statuses.stream().map(Status::id).toArray(Long[]::new);
    // Anonymous readers go through the same query (viewer NULL): public and unlisted posts only.
    Long viewerId = viewer.map(Account::id).orElse(null);
    return client.preparedQuery(VISIBLE).execute(Tuple.of(ids, viewerId)).map(rows -> {
      Set<Long> allowed = new HashSet<>();
      for (Row row : rows) {
        allowed.add(row.getLong(0));
      }
      List<Status> visible = new ArrayList<>();
      for (Status status : statuses) {
        if (allowed.contains(status.id())) {
          visible.add(status);
        }
      }
      return visible;
    });
  }
}
