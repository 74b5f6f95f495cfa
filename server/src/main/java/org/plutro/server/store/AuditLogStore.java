package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The audit log's rows: moderation actions, newest first. */
public final class AuditLogStore {
  /** One action: who ({@code accountId} null when taken from the command line or since gone). */
  public record Entry(long id, Long accountId, String byName, String action, String targetType,
      String targetId, String targetLabel, String note, OffsetDateTime createdAt) {}

  private static final String COLUMNS =
      "id, account_id, by_name, action, target_type, target_id, target_label, note, created_at";
  private static final String INSERT = "INSERT INTO admin_action_logs"
      + " (account_id, by_name, action, target_type, target_id, target_label, note)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7)";
  private static final String PAGE = "SELECT " + COLUMNS + " FROM admin_action_logs"
      + " WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2";
  private static final String FOR_TARGET = "SELECT " + COLUMNS + " FROM admin_action_logs"
      + " WHERE target_type = $1 AND target_id = $2 ORDER BY id DESC LIMIT $3";

  private final SqlClient client;

  public AuditLogStore(SqlClient client) {
    this.client = client;
  }

  public Future<Void> insert(Long accountId, String byName, String action, String targetType,
      String targetId, String targetLabel, String note) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(accountId, byName, action, targetType, targetId, targetLabel, note))
        .mapEmpty();
  }

  /** Up to {@code limit} entries older than {@code maxId} (all when null), newest first. */
  public Future<List<Entry>> page(Long maxId, int limit) {
    return client.preparedQuery(PAGE).execute(Tuple.of(maxId, limit)).map(AuditLogStore::entries);
  }

  /** The latest entries about one target, newest first. */
  public Future<List<Entry>> forTarget(String targetType, String targetId, int limit) {
    return client.preparedQuery(FOR_TARGET).execute(Tuple.of(targetType, targetId, limit))
        .map(AuditLogStore::entries);
  }

  private static List<Entry> entries(Iterable<Row> rows) {
    List<Entry> entries = new ArrayList<>();
    for (Row row : rows) {
      entries.add(new Entry(row.getLong("id"), row.getLong("account_id"), row.getString("by_name"),
          row.getString("action"), row.getString("target_type"), row.getString("target_id"),
          row.getString("target_label"), row.getString("note"), row.getOffsetDateTime("created_at")));
    }
    return entries;
  }
}
