package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A member's CSV imports ({@code bulk_imports}) and how far each has come. */
public final class ImportStore {
  private static final String INSERT = "INSERT INTO bulk_imports (account_id, type, overwrite, total)"
      + " VALUES ($1, $2, $3, $4) RETURNING id";
  private static final String DONE = "UPDATE bulk_imports SET done = done + 1 WHERE id = $1";
  private static final String SKIPPED = "UPDATE bulk_imports SET skipped = skipped + 1 WHERE id = $1";
  // The rows still queued (or running) are the import's jobs that name it.
  private static final String RECENT = "SELECT i.id, i.type, i.overwrite, i.total, i.done, i.skipped,"
      + " i.created_at, (SELECT count(*) FROM jobs j WHERE j.kind = $2"
      + " AND j.payload ->> 'import' = i.id::text) AS queued"
      + " FROM bulk_imports i WHERE i.account_id = $1 ORDER BY i.id DESC LIMIT $3";

  /** An import: of its {@code total} rows, {@code done} and {@code skipped} ones, and {@code queued} ones. */
  public record Progress(long id, String type, boolean overwrite, int total, int done, int skipped,
      long queued, OffsetDateTime createdAt) {}

  private final SqlClient client;

  public ImportStore(SqlClient client) {
    this.client = client;
  }

  /** Records a new import, in the caller's transaction; its id. */
  public static Future<Long> insert(SqlClient tx, long accountId, String type, boolean overwrite,
      int total) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(accountId, type, overwrite, total))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** One more row of the import done ({@code skipped}: it named something that cannot be found). */
  public Future<Void> count(long importId, boolean skipped) {
    return client.preparedQuery(skipped ? SKIPPED : DONE).execute(Tuple.of(importId)).mapEmpty();
  }

  /** The member's last {@code limit} imports, the newest first; {@code rowJob} is the rows' job kind. */
  public Future<List<Progress>> recent(long accountId, String rowJob, int limit) {
    return client.preparedQuery(RECENT).execute(Tuple.of(accountId, rowJob, limit)).map(rows -> {
      List<Progress> imports = new ArrayList<>();
      for (Row row : rows) {
        imports.add(new Progress(row.getLong("id"), row.getString("type"), row.getBoolean("overwrite"),
            row.getInteger("total"), row.getInteger("done"), row.getInteger("skipped"),
            row.getLong("queued"), row.getOffsetDateTime("created_at")));
      }
      return imports;
    });
  }
}
