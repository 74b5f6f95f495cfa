package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Status;

/** Threads: a post's ancestors and descendants, and replies that arrived before their parent. */
public final class ThreadStore {
  private static final String ANCESTORS = "WITH RECURSIVE up (id, parent, depth) AS ("
      + " SELECT id, in_reply_to_id, 0 FROM statuses WHERE id = $1"
      + " UNION ALL SELECT s.id, s.in_reply_to_id, up.depth + 1 FROM statuses s"
      + " JOIN up ON s.id = up.parent WHERE up.depth < $2)"
      + " SELECT " + StatusStore.COLUMNS + " FROM statuses s JOIN up ON up.id = s.id"
      + " WHERE up.depth > 0 ORDER BY up.depth DESC";
  private static final String DESCENDANTS = "WITH RECURSIVE down (id, depth) AS ("
      + " SELECT id, 0 FROM statuses WHERE id = $1"
      + " UNION ALL SELECT s.id, down.depth + 1 FROM statuses s"
      + " JOIN down ON s.in_reply_to_id = down.id WHERE down.depth < $2)"
      + " SELECT " + StatusStore.COLUMNS + " FROM statuses s JOIN down ON down.id = s.id"
      + " WHERE down.depth > 0 ORDER BY s.id LIMIT $3";
  private static final String ADOPT = "UPDATE statuses SET in_reply_to_id = $1"
      + " WHERE in_reply_to_uri = $2 AND in_reply_to_id IS NULL AND id <> $1";
  private static final String PUBLIC_REPLIES = "SELECT uri FROM statuses WHERE in_reply_to_id = $1"
      + " AND local AND deleted_at IS NULL AND visibility IN ('public', 'unlisted')"
      + " ORDER BY id LIMIT $2 OFFSET $3";

  private static final String AUTHORS = "SELECT id, account_id FROM statuses WHERE id = ANY($1)";

  private final SqlClient client;

  public ThreadStore(SqlClient client) {
    this.client = client;
  }

  /** Parents up to {@code depth} levels, the thread's root first. */
  public Future<List<Status>> ancestors(long statusId, int depth) {
    return client.preparedQuery(ANCESTORS).execute(Tuple.of(statusId, depth)).map(StatusStore::all);
  }

  /** Replies, replies to them and so on, up to {@code depth} levels and {@code limit} posts, by id. */
  public Future<List<Status>> descendants(long statusId, int depth, int limit) {
    return client.preparedQuery(DESCENDANTS).execute(Tuple.of(statusId, depth, limit))
        .map(StatusStore::all);
  }

  /** The author of each of these posts (for {@code in_reply_to_account_id}). */
  public Future<java.util.Map<Long, Long>> authorsOf(java.util.Collection<Long> statusIds) {
    java.util.Map<Long, Long> authors = new java.util.HashMap<>();
    if (statusIds.isEmpty()) {
      return Future.succeededFuture(authors);
    }
    return client.preparedQuery(AUTHORS).execute(Tuple.of(statusIds.toArray(Long[]::new)))
        .map(rows -> {
          rows.forEach(row -> authors.put(row.getLong(0), row.getLong(1)));
          return authors;
        });
  }

  /** Links replies that name {@code uri} as their parent but arrived before it. */
  public Future<Void> adoptOrphans(long parentId, String uri) {
    return client.preparedQuery(ADOPT).execute(Tuple.of(parentId, uri)).mapEmpty();
  }

  /** Our own public and unlisted replies to a post, oldest first (its {@code replies} collection). */
  public Future<List<String>> publicReplyUris(long statusId, int limit, int offset) {
    return client.preparedQuery(PUBLIC_REPLIES).execute(Tuple.of(statusId, limit, offset))
        .map(rows -> {
          List<String> uris = new ArrayList<>();
          for (Row row : rows) {
            uris.add(row.getString(0));
          }
          return uris;
        });
  }
}
