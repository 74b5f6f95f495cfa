package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.MediaAttachment;

/** Media attachments: uploads waiting for a post, attached ones, and remote ones linked. */
public final class MediaStore {
  static final String COLUMNS = "id, account_id, status_id, type, content_type, file_name,"
      + " preview_name, file_size, remote_url, description, blurhash, width, height, preview_width,"
      + " preview_height, duration, frame_rate, focus_x, focus_y, created_at";
  private static final String INSERT_UPLOAD = "INSERT INTO media_attachments (account_id, type,"
      + " content_type, file_name, preview_name, file_size, description, blurhash, width, height,"
      + " preview_width, preview_height, duration, frame_rate, focus_x, focus_y) VALUES ($1, $2, $3,"
      + " $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING " + COLUMNS;
  // Many remote posts' attachments in one statement.
  private static final String INSERT_LINKED = "INSERT INTO media_attachments (account_id, status_id,"
      + " position, type, content_type, remote_url, description, blurhash, width, height, focus_x,"
      + " focus_y) SELECT * FROM unnest($1::int8[], $2::int8[], $3::int2[], $4::text[], $5::text[],"
      + " $6::text[], $7::text[], $8::text[], $9::int4[], $10::int4[], $11::float8[], $12::float8[])";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM media_attachments WHERE id = $1";
  private static final String BY_STATUSES = "SELECT " + COLUMNS + " FROM media_attachments"
      + " WHERE status_id = ANY($1) ORDER BY status_id, position, id";
  private static final String UPDATE_UNATTACHED = "UPDATE media_attachments SET description = $3,"
      + " focus_x = $4, focus_y = $5, updated_at = now() WHERE id = $1 AND account_id = $2"
      + " AND status_id IS NULL RETURNING " + COLUMNS;
  private static final String DESCRIBE_ATTACHED = "UPDATE media_attachments SET description = $3,"
      + " updated_at = now() WHERE id = $1 AND status_id = $2";
  private static final String DELETE_UNATTACHED = "DELETE FROM media_attachments WHERE id = $1"
      + " AND account_id = $2 AND status_id IS NULL RETURNING " + COLUMNS;
  // Uploads free to attach to the post $3: unattached ones, or its own (an edit keeps them).
  private static final String LOCK_ATTACHABLE = "SELECT " + COLUMNS + " FROM media_attachments"
      + " WHERE id = ANY($1) AND account_id = $2 AND (status_id IS NULL OR status_id = $3) FOR UPDATE";
  private static final String ATTACH = "UPDATE media_attachments SET status_id = $3,"
      + " position = array_position($1, id), updated_at = now()"
      + " WHERE id = ANY($1) AND account_id = $2 AND (status_id IS NULL OR status_id = $3)";
  // An edit that drops an attachment gives it back to its owner as an unattached upload.
  private static final String DETACH_OTHERS = "UPDATE media_attachments SET status_id = NULL,"
      + " updated_at = now() WHERE status_id = $1 AND NOT (id = ANY($2)) AND remote_url IS NULL";

  /** A remote file as a post's attachment: linked, never copied. */
  public record Linked(String type, String mediaType, String url, String name, String blurhash,
      Integer width, Integer height, Double focusX, Double focusY) {}

  /** A remote post's attachment to store, at its place (from 1) among the post's. */
  public record Placed(long accountId, long statusId, int position, Linked media) {}

  private final SqlClient client;

  public MediaStore(SqlClient client) {
    this.client = client;
  }

  /** A processed upload, unattached. */
  public Future<MediaAttachment> insertUpload(long accountId, String type, String contentType,
      String fileName, String previewName, long fileSize, String description, String blurhash,
      Integer width, Integer height, Integer previewWidth, Integer previewHeight, Double duration,
      Double frameRate, Double focusX, Double focusY) {
    return client.preparedQuery(INSERT_UPLOAD).execute(Tuple.from(new Object[] {accountId, type,
            contentType, fileName, previewName, fileSize, description, blurhash, width, height,
            previewWidth, previewHeight, duration, frameRate, focusX, focusY}))
        .map(rows -> map(rows.iterator().next()));
  }

  /** Remote posts' attachments, linked (their files stay where they are), in one statement. */
  public static Future<Void> insertLinked(SqlClient tx, List<Placed> attachments) {
    if (attachments.isEmpty()) {
      return Future.succeededFuture();
    }
    int size = attachments.size();
    Object[] columns = {new Long[size], new Long[size], new Short[size], new String[size],
        new String[size], new String[size], new String[size], new String[size], new Integer[size],
        new Integer[size], new Double[size], new Double[size]};
    for (int i = 0; i < size; i++) {
      Placed placed = attachments.get(i);
      Linked m = placed.media();
      Object[] row = {placed.accountId(), placed.statusId(), (short) placed.position(), m.type(),
          m.mediaType(), m.url(), m.name(), m.blurhash(), m.width(), m.height(), m.focusX(),
          m.focusY()};
      for (int column = 0; column < row.length; column++) {
        ((Object[]) columns[column])[i] = row[column];
      }
    }
    return tx.preparedQuery(INSERT_LINKED).execute(Tuple.from(columns)).mapEmpty();
  }

  public Future<Optional<MediaAttachment>> byId(long id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(MediaStore::first);
  }

  /** The attachments of these posts, each post's in the order its author gave. */
  public Future<List<MediaAttachment>> byStatuses(Collection<Long> statusIds) {
    return byStatuses(client, statusIds);
  }

  public static Future<List<MediaAttachment>> byStatuses(SqlClient client, Collection<Long> statusIds) {
    if (statusIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return client.preparedQuery(BY_STATUSES)
        .execute(Tuple.of(statusIds.toArray(Long[]::new))).map(MediaStore::all);
  }

  public Future<Optional<MediaAttachment>> updateUnattached(long id, long accountId,
      String description, Double focusX, Double focusY) {
    return client.preparedQuery(UPDATE_UNATTACHED)
        .execute(Tuple.of(id, accountId, description, focusX, focusY)).map(MediaStore::first);
  }

  /** Changes the alt text of a file the post {@code statusId} holds (an edit of the post). */
  public static Future<Void> describeAttached(SqlClient tx, long id, long statusId, String description) {
    return tx.preparedQuery(DESCRIBE_ATTACHED).execute(Tuple.of(id, statusId, description)).mapEmpty();
  }

  /** Deletes an upload no post holds; answers it (for its files) if it was there. */
  public Future<Optional<MediaAttachment>> deleteUnattached(long id, long accountId) {
    return client.preparedQuery(DELETE_UNATTACHED).execute(Tuple.of(id, accountId))
        .map(MediaStore::first);
  }

  /**
   * The account's uploads among {@code ids} that are unattached or already the post's, locked
   * until the transaction ends.
   */
  public static Future<List<MediaAttachment>> lockAttachable(SqlClient tx, List<Long> ids,
      long accountId, long statusId) {
    return tx.preparedQuery(LOCK_ATTACHABLE)
        .execute(Tuple.of(ids.toArray(Long[]::new), accountId, statusId))
        .map(MediaStore::all);
  }

  public static Future<Void> detachOthers(SqlClient tx, long statusId, List<Long> kept) {
    return tx.preparedQuery(DETACH_OTHERS)
        .execute(Tuple.tuple().addLong(statusId).addArrayOfLong(kept.toArray(Long[]::new)))
        .mapEmpty();
  }

  public static Future<Integer> attach(SqlClient tx, List<Long> ids, long accountId, long statusId) {
    return tx.preparedQuery(ATTACH).execute(Tuple.of(ids.toArray(Long[]::new), accountId, statusId))
        .map(RowSet::rowCount);
  }

  private static Optional<MediaAttachment> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
  }

  private static List<MediaAttachment> all(RowSet<Row> rows) {
    List<MediaAttachment> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(map(row)));
    return list;
  }

  static MediaAttachment map(Row row) {
    return new MediaAttachment(row.getLong("id"), row.getLong("account_id"),
        row.getLong("status_id"), row.getString("type"), row.getString("content_type"),
        row.getString("file_name"), row.getString("preview_name"), row.getLong("file_size"),
        row.getString("remote_url"), row.getString("description"), row.getString("blurhash"),
        row.getInteger("width"), row.getInteger("height"), row.getInteger("preview_width"),
        row.getInteger("preview_height"), row.getDouble("duration"), row.getDouble("frame_rate"),
        row.getDouble("focus_x"),
        row.getDouble("focus_y"), row.getOffsetDateTime("created_at"));
  }
}
