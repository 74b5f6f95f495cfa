package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reports in the moderation queue. */
public final class ReportStore {
  /** A report as stored. */
  public record Report(long id, long accountId, long targetAccountId, List<Long> statusIds,
      String comment, String category, List<String> ruleIds, boolean forwarded, String uri,
      Long assignedAccountId, OffsetDateTime actionTakenAt, Long actionTakenBy,
      OffsetDateTime createdAt, OffsetDateTime updatedAt) {}

  private static final String COLUMNS = "id, account_id, target_account_id, status_ids, comment,"
      + " category, rule_ids, forwarded, uri, assigned_account_id, action_taken_at, action_taken_by,"
      + " created_at, updated_at";
  private static final String INSERT = "INSERT INTO reports (account_id, target_account_id,"
      + " status_ids, comment, category, rule_ids, forwarded, uri) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
      + " ON CONFLICT (uri) DO NOTHING RETURNING " + COLUMNS;
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM reports WHERE id = $1";
  // $1 resolved (NULL: both), $2 lower, $3 upper, $4 limit.
  private static final String PAGE = "SELECT " + COLUMNS + " FROM reports WHERE ($1::bool IS NULL"
      + " OR (action_taken_at IS NOT NULL) = $1) AND id > $2 AND id < $3 ORDER BY id DESC LIMIT $4";
  private static final String RESOLVE = "UPDATE reports SET action_taken_at = now(), action_taken_by = $2,"
      + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
  private static final String REOPEN = "UPDATE reports SET action_taken_at = NULL, action_taken_by = NULL,"
      + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
  private static final String ASSIGN = "UPDATE reports SET assigned_account_id = $2, updated_at = now()"
      + " WHERE id = $1 RETURNING " + COLUMNS;

  private static final String FOR_UPDATE = BY_ID + " FOR UPDATE";
  private static final String MARK_FORWARDED = "UPDATE reports SET forwarded = true, updated_at = now()"
      + " WHERE id = $1 RETURNING " + COLUMNS;

  private final SqlClient client;

  public ReportStore(SqlClient client) {
    this.client = client;
  }

  /** Stores a report; empty when one with the same Flag id is already there. */
  public static Future<Optional<Report>> insert(SqlClient client, long reporterId, long targetId,
      List<Long> statusIds, String comment, String category, List<String> ruleIds, boolean forwarded,
      String uri) {
    return client.preparedQuery(INSERT).execute(Tuple.tuple().addLong(reporterId).addLong(targetId)
            .addArrayOfLong(statusIds.toArray(Long[]::new)).addString(comment).addString(category)
            .addArrayOfString(ruleIds.toArray(String[]::new)).addBoolean(forwarded).addString(uri))
        .map(ReportStore::first);
  }

  public Future<Optional<Report>> byId(long id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(ReportStore::first);
  }

  /** The report, locked until {@code tx} ends. */
  public static Future<Optional<Report>> lock(SqlClient tx, long id) {
    return tx.preparedQuery(FOR_UPDATE).execute(Tuple.of(id)).map(ReportStore::first);
  }

  public static Future<Optional<Report>> markForwarded(SqlClient tx, long id) {
    return tx.preparedQuery(MARK_FORWARDED).execute(Tuple.of(id)).map(ReportStore::first);
  }

  public Future<List<Report>> page(Boolean resolved, Page page) {
    return client.preparedQuery(PAGE)
        .execute(Tuple.of(resolved, page.lower(), page.upper(), page.limit())).map(ReportStore::all);
  }

  public Future<Optional<Report>> resolve(long id, long adminId) {
    return client.preparedQuery(RESOLVE).execute(Tuple.of(id, adminId)).map(ReportStore::first);
  }

  public Future<Optional<Report>> reopen(long id) {
    return client.preparedQuery(REOPEN).execute(Tuple.of(id)).map(ReportStore::first);
  }

  public Future<Optional<Report>> assign(long id, Long adminId) {
    return client.preparedQuery(ASSIGN).execute(Tuple.of(id, adminId)).map(ReportStore::first);
  }

  private static Optional<Report> first(RowSet<Row> rows) {
    List<Report> found = all(rows);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private static List<Report> all(RowSet<Row> rows) {
    List<Report> reports = new ArrayList<>();
    for (Row row : rows) {
      reports.add(new Report(row.getLong("id"), row.getLong("account_id"),
          row.getLong("target_account_id"), Arrays.asList(row.getArrayOfLongs("status_ids")),
          row.getString("comment"), row.getString("category"),
          Arrays.asList(row.getArrayOfStrings("rule_ids")), row.getBoolean("forwarded"),
          row.getString("uri"), row.getLong("assigned_account_id"),
          row.getOffsetDateTime("action_taken_at"), row.getLong("action_taken_by"),
          row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at")));
    }
    return reports;
  }
}
