package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Status;

/** Edits of posts: the new text on the status row, and every version kept for its history. */
public final class StatusEditStore {
  /** One version of a post. */
  public record Version(String content, String sourceText, String spoilerText, boolean sensitive,
      String language, OffsetDateTime createdAt) {}

  private static final String SNAPSHOT = "INSERT INTO status_edits (status_id, content, source_text,"
      + " spoiler_text, sensitive, language, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  // The first edit keeps the original too, so that the history starts where the post did.
  private static final String SNAPSHOT_ORIGINAL = "INSERT INTO status_edits (status_id, content,"
      + " source_text, spoiler_text, sensitive, language, created_at) SELECT id, content,"
      + " source_text, spoiler_text, sensitive, language, coalesce(edited_at, created_at)"
      + " FROM statuses s WHERE id = $1"
      + " AND NOT EXISTS (SELECT 1 FROM status_edits e WHERE e.status_id = s.id)";
  private static final String UPDATE = "UPDATE statuses SET content = $2, source_text = $3,"
      + " spoiler_text = $4, sensitive = $5, language = $6, to_uris = $7, cc_uris = $8,"
      + " edited_at = $9 WHERE id = $1 AND deleted_at IS NULL RETURNING "
      + StatusStore.COLUMNS.replace("s.", "");
  private static final String VERSIONS = "SELECT content, source_text, spoiler_text, sensitive,"
      + " language, created_at FROM status_edits WHERE status_id = $1 ORDER BY created_at, id";

  private final SqlClient client;

  public StatusEditStore(SqlClient client) {
    this.client = client;
  }

  /**
   * Replaces the post's text and addressing and records the new version (and, on the first
   * edit, the original). Empty when the post is gone.
   */
  public static Future<Optional<Status>> edit(SqlClient tx, long statusId, String content,
      String sourceText, String spoilerText, boolean sensitive, String language, List<String> to,
      List<String> cc, OffsetDateTime at) {
    return tx.preparedQuery(SNAPSHOT_ORIGINAL).execute(Tuple.of(statusId))
        .compose(done -> tx.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {statusId,
            content, sourceText, spoilerText, sensitive, language, to.toArray(String[]::new),
            cc.toArray(String[]::new), at})))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<Status>empty());
          }
          Status edited = StatusStore.map(rows.iterator().next());
          return tx.preparedQuery(SNAPSHOT).execute(Tuple.from(new Object[] {statusId, content,
                  sourceText, spoilerText, sensitive, language, at}))
              .map(Optional.of(edited));
        });
  }

  public Future<Optional<Status>> edit(long statusId, String content, String spoilerText,
      boolean sensitive, String language, List<String> to, List<String> cc, OffsetDateTime at) {
    return edit(client, statusId, content, null, spoilerText, sensitive, language, to, cc, at);
  }

  /** Every version, oldest first; empty for a post never edited. */
  public Future<List<Version>> versions(long statusId) {
    return client.preparedQuery(VERSIONS).execute(Tuple.of(statusId)).map(rows -> {
      List<Version> versions = new ArrayList<>();
      for (Row row : rows) {
        versions.add(new Version(row.getString(0), row.getString(1), row.getString(2),
            row.getBoolean(3), row.getString(4), row.getOffsetDateTime(5)));
      }
      return versions;
    });
  }
}
