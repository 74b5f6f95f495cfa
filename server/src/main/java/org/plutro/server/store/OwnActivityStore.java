package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import org.plutro.server.domain.ServiceException;

/** A member's own Follow, Like, Announce and Block activities by their ids (for Undo from the outbox). */
public final class OwnActivityStore {
  /** What an activity of ours did, and to which object. */
  public record Done(String type, String objectUri) {}

  private static final String FIND = "SELECT 'Follow', a.uri FROM follows f"
      + " JOIN accounts a ON a.id = f.target_account_id WHERE f.uri = $1 AND f.account_id = $2"
      + " UNION ALL SELECT 'Like', s.uri FROM favourites v JOIN statuses s ON s.id = v.status_id"
      + " WHERE v.uri = $1 AND v.account_id = $2"
      + " UNION ALL SELECT 'Announce', s.uri FROM statuses r JOIN statuses s ON s.id = r.reblog_of_id"
      + " WHERE r.uri = $1 AND r.account_id = $2 AND r.deleted_at IS NULL"
      + " UNION ALL SELECT 'Block', a.uri FROM blocks b JOIN accounts a ON a.id = b.target_account_id"
      + " WHERE b.uri = $1 AND b.account_id = $2";
  private static final String BLOCK = "SELECT uri FROM blocks WHERE account_id = $1"
      + " AND target_account_id = $2";
  private static final String LIKE = "SELECT uri FROM favourites WHERE account_id = $1 AND status_id = $2";

  private final SqlClient client;

  public OwnActivityStore(SqlClient client) {
    this.client = client;
  }

  public Future<Optional<Done>> find(long accountId, String uri) {
    return client.preparedQuery(FIND).execute(Tuple.of(uri, accountId)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new Done(row.getString(0), row.getString(1)));
    });
  }

  /** The id of the member's Block of this account. */
  public Future<String> blockOf(long accountId, long targetId) {
    return client.preparedQuery(BLOCK).execute(Tuple.of(accountId, targetId)).compose(rows ->
        rows.size() == 0 ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : Future.succeededFuture(rows.iterator().next().getString(0)));
  }

  /** The id of the member's Like of this post. */
  public Future<String> likeOf(long accountId, long statusId) {
    return client.preparedQuery(LIKE).execute(Tuple.of(accountId, statusId)).compose(rows ->
        rows.size() == 0 ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : Future.succeededFuture(rows.iterator().next().getString(0)));
  }
}
