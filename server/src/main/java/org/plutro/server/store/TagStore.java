package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hashtags (lower-case names) and the posts that carry them. */
public final class TagStore {
  private static final String UPSERT = "INSERT INTO tags (name) SELECT unnest($1::text[])"
      + " ON CONFLICT (name) DO NOTHING";
  private static final String LINK = "INSERT INTO status_tags (status_id, tag_id)"
      + " SELECT $1, t.id FROM tags t WHERE t.name = ANY($2) ON CONFLICT DO NOTHING";
  private static final String UNLINK = "DELETE FROM status_tags WHERE status_id = $1";
  private static final String NAMES = "SELECT st.status_id, t.name FROM status_tags st"
      + " JOIN tags t ON t.id = st.tag_id WHERE st.status_id = ANY($1) ORDER BY st.status_id, t.name";

  private final SqlClient client;

  public TagStore(SqlClient client) {
    this.client = client;
  }

  /** Sets the status's hashtags to exactly {@code names} (already normalised). */
  public static Future<Void> replace(SqlClient tx, long statusId, Collection<String> names) {
    Future<?> unlinked = tx.preparedQuery(UNLINK).execute(Tuple.of(statusId));
    if (names.isEmpty()) {
      return unlinked.mapEmpty();
    }
    String[] array = names.toArray(String[]::new);
    return unlinked.compose(done -> tx.preparedQuery(UPSERT).execute(Tuple.tuple().addArrayOfString(array)))
        .compose(done -> tx.preparedQuery(LINK)
            .execute(Tuple.tuple().addLong(statusId).addArrayOfString(array)))
        .mapEmpty();
  }

  public Future<Void> replace(long statusId, Collection<String> names) {
    return replace(client, statusId, names);
  }

  public static Future<Map<Long, List<String>>> of(SqlClient client, Collection<Long> statusIds) {
    Map<Long, List<String>> byStatus = new HashMap<>();
    if (statusIds.isEmpty()) {
      return Future.succeededFuture(byStatus);
    }
    return client.preparedQuery(NAMES).execute(Tuple.of(statusIds.toArray(Long[]::new)))
        .map(rows -> {
          for (Row row : rows) {
            byStatus.computeIfAbsent(row.getLong(0), id -> new ArrayList<>()).add(row.getString(1));
          }
          return byStatus;
        });
  }

  public Future<Map<Long, List<String>>> of(Collection<Long> statusIds) {
    return of(client, statusIds);
  }
}
