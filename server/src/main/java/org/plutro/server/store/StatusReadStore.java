package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Who read which message: read receipts, kept only with consent (see ReadReceipts). */
public final class StatusReadStore {
  private static final String INSERT = "INSERT INTO status_reads (status_id, account_id)"
      + " VALUES ($1, $2) ON CONFLICT DO NOTHING";
  private static final String READERS = "SELECT r.status_id, r.account_id FROM status_reads r"
      + " WHERE r.status_id = ANY($1) ORDER BY r.read_at";

  private final SqlClient client;

  public StatusReadStore(SqlClient client) {
    this.client = client;
  }

  /** Records the read; answers false when it was already known. */
  public Future<Boolean> insert(long statusId, long readerId) {
    return client.preparedQuery(INSERT).execute(Tuple.of(statusId, readerId))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Map<Long, List<Long>>> readers(List<Long> statusIds) {
    Map<Long, List<Long>> byStatus = new HashMap<>();
    if (statusIds.isEmpty()) {
      return Future.succeededFuture(byStatus);
    }
    return client.preparedQuery(READERS).execute(Tuple.of(statusIds.toArray(Long[]::new))).map(rows -> {
      for (Row row : rows) {
        byStatus.computeIfAbsent(row.getLong(0), id -> new ArrayList<>()).add(row.getLong(1));
      }
      return byStatus;
    });
  }
}
