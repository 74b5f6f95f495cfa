package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** What streaming reads to route a post to its clients, and which processes have clients. */
public final class StreamStore {
  private static final String TAGS = "SELECT lower(t.name) FROM status_tags st JOIN tags t ON t.id = st.tag_id"
      + " WHERE st.status_id = $1";
  private static final String HIDDEN_FROM = "SELECT v FROM unnest($1::int8[]) AS x (v) WHERE "
      + SafetyFilters.hides("x.v", "$2");
  private static final String PARTICIPANTS = "SELECT account_id FROM mentions WHERE status_id = $1";
  private static final String HOME_OF = "SELECT account_id FROM home_feed WHERE status_id = $1";
  // The member's lists whose accounts include the post's author.
  private static final String LISTS_OF = "SELECT l.id FROM lists l JOIN list_accounts la ON la.list_id = l.id"
      + " JOIN statuses s ON s.account_id = la.account_id WHERE l.account_id = $1 AND s.id = $2";

  // The database notifies only while some process has clients (see V170).
  private static final String LISTENING = "INSERT INTO stream_listeners (process_id) VALUES ($1)"
      + " ON CONFLICT (process_id) DO UPDATE SET seen_at = now()";
  private static final String NOT_LISTENING = "DELETE FROM stream_listeners WHERE process_id = $1";

  private final Pool pool;

  public StreamStore(Pool pool) {
    this.pool = pool;
  }

  /** The post's hashtags, lower case. */
  public Future<List<String>> tags(long statusId) {
    return pool.preparedQuery(TAGS).execute(Tuple.of(statusId)).map(rows -> {
      List<String> tags = new ArrayList<>();
      rows.forEach(row -> tags.add(row.getString(0)));
      return tags;
    });
  }

  /** Which of these viewers the author's posts are hidden from (blocks and mutes, either way). */
  public Future<List<Long>> hiddenFrom(Long[] viewerIds, long authorId) {
    return pool.preparedQuery(HIDDEN_FROM).execute(Tuple.of(viewerIds, authorId)).map(StreamStore::longs);
  }

  /** The accounts the post mentions. */
  public Future<List<Long>> mentioned(long statusId) {
    return pool.preparedQuery(PARTICIPANTS).execute(Tuple.of(statusId)).map(StreamStore::longs);
  }

  /** The members whose home feeds hold the post. */
  public Future<List<Long>> homesOf(long statusId) {
    return pool.preparedQuery(HOME_OF).execute(Tuple.of(statusId)).map(StreamStore::longs);
  }

  /** The ids of the member's lists that include the post's author. */
  public Future<List<Long>> listsOf(long accountId, long statusId) {
    return pool.preparedQuery(LISTS_OF).execute(Tuple.of(accountId, statusId)).map(StreamStore::longs);
  }

  /** Records that this process has clients (again: refreshes it), or that it has none any more. */
  public Future<Void> listening(String processId, boolean on) {
    return pool.preparedQuery(on ? LISTENING : NOT_LISTENING).execute(Tuple.of(processId)).mapEmpty();
  }

  private static List<Long> longs(RowSet<Row> rows) {
    List<Long> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }
}
