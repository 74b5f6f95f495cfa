package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The instance's announcements, who dismissed them, and members' emoji reactions to them. */
public final class AnnouncementStore {
  private static final String PUBLISHED = "SELECT a.id, a.text, a.starts_at, a.ends_at, a.all_day,"
      + " a.published_at, a.updated_at,"
      + " EXISTS (SELECT 1 FROM announcement_dismissals d WHERE d.announcement_id = a.id"
      + "   AND d.account_id = $1) AS read,"
      + " coalesce((SELECT json_agg(json_build_object('name', r.name, 'count', r.count, 'me', r.me)"
      + "   ORDER BY r.first) FROM (SELECT name, count(*) AS count, bool_or(account_id = $1) AS me,"
      + "   min(created_at) AS first FROM announcement_reactions WHERE announcement_id = a.id"
      + "   GROUP BY name) r), '[]') AS reactions"
      + " FROM announcements a WHERE a.published_at <= now()"
      + " AND (a.ends_at IS NULL OR a.ends_at > now()) ORDER BY a.published_at, a.id";
  private static final String EXISTS = "SELECT 1 FROM announcements WHERE id = $1"
      + " AND published_at <= now()";
  private static final String DISMISS = "INSERT INTO announcement_dismissals (announcement_id,"
      + " account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
  private static final String REACT = "INSERT INTO announcement_reactions (announcement_id,"
      + " account_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
  private static final String UNREACT = "DELETE FROM announcement_reactions"
      + " WHERE announcement_id = $1 AND account_id = $2 AND name = $3";
  private static final String INSERT = "INSERT INTO announcements (text, source, starts_at, ends_at,"
      + " all_day, published_at) VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END) RETURNING id";
  private static final String ALL = "SELECT a.id, a.text, a.source, a.starts_at, a.ends_at, a.all_day,"
      + " a.published_at, a.created_at, a.updated_at,"
      + " (SELECT count(*) FROM announcement_dismissals d WHERE d.announcement_id = a.id) AS read_by"
      + " FROM announcements a ORDER BY a.id DESC LIMIT $1";
  private static final String ONE = "SELECT a.id, a.text, a.source, a.starts_at, a.ends_at, a.all_day,"
      + " a.published_at, a.created_at, a.updated_at, 0::bigint AS read_by FROM announcements a WHERE a.id = $1";
  private static final String UPDATE = "UPDATE announcements SET text = $2, source = $3, starts_at = $4,"
      + " ends_at = $5, all_day = $6, updated_at = now() WHERE id = $1";
  // Publishing again shows it as new (Mastodon's too); unpublishing keeps who read it.
  private static final String PUBLISH = "UPDATE announcements SET published_at = now(), updated_at = now()"
      + " WHERE id = $1 AND published_at IS NULL";
  private static final String UNPUBLISH = "UPDATE announcements SET published_at = NULL, updated_at = now()"
      + " WHERE id = $1 AND published_at IS NOT NULL";
  private static final String DELETE = "DELETE FROM announcements WHERE id = $1";

  public record Announcement(long id, String text, OffsetDateTime startsAt, OffsetDateTime endsAt,
      boolean allDay, OffsetDateTime publishedAt, OffsetDateTime updatedAt, boolean read,
      io.vertx.core.json.JsonArray reactions) {}

  /**
   * An announcement as admins edit it: {@code source} is the text as typed (null for one made
   * before it was kept), {@code publishedAt} null while unpublished.
   */
  public record Draft(long id, String html, String source, OffsetDateTime startsAt,
      OffsetDateTime endsAt, boolean allDay, OffsetDateTime publishedAt, OffsetDateTime createdAt,
      OffsetDateTime updatedAt, long readBy) {}

  private final Pool pool;

  public AnnouncementStore(Pool pool) {
    this.pool = pool;
  }

  /** Announcements shown now, as this member sees them (read or not, their reactions). */
  public Future<List<Announcement>> published(long accountId) {
    return pool.preparedQuery(PUBLISHED).execute(Tuple.of(accountId)).map(rows -> {
      List<Announcement> list = new ArrayList<>();
      for (Row row : rows) {
        Object reactions = row.getValue("reactions");
        list.add(new Announcement(row.getLong("id"), row.getString("text"),
            row.getOffsetDateTime("starts_at"), row.getOffsetDateTime("ends_at"),
            row.getBoolean("all_day"), row.getOffsetDateTime("published_at"),
            row.getOffsetDateTime("updated_at"), row.getBoolean("read"),
            reactions instanceof io.vertx.core.json.JsonArray array ? array
                : new io.vertx.core.json.JsonArray(String.valueOf(reactions))));
      }
      return list;
    });
  }

  public Future<Boolean> exists(long id) {
    return pool.preparedQuery(EXISTS).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  public Future<Void> dismiss(long id, long accountId) {
    return pool.preparedQuery(DISMISS).execute(Tuple.of(id, accountId)).mapEmpty();
  }

  public Future<Void> react(long id, long accountId, String name) {
    return pool.preparedQuery(REACT).execute(Tuple.of(id, accountId, name)).mapEmpty();
  }

  public Future<Void> unreact(long id, long accountId, String name) {
    return pool.preparedQuery(UNREACT).execute(Tuple.of(id, accountId, name)).mapEmpty();
  }

  /** For admins: {@code html} is already safe HTML, {@code source} the text it was made from. */
  public Future<Long> insert(String html, String source, OffsetDateTime startsAt, OffsetDateTime endsAt,
      boolean allDay, boolean publish) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(html, source, startsAt, endsAt, allDay, publish))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The newest announcements, published or not, with how many members marked each read. */
  public Future<List<Draft>> all(int limit) {
    return pool.preparedQuery(ALL).execute(Tuple.of(limit)).map(AnnouncementStore::drafts);
  }

  public Future<java.util.Optional<Draft>> one(long id) {
    return pool.preparedQuery(ONE).execute(Tuple.of(id))
        .map(rows -> drafts(rows).stream().findFirst());
  }

  public Future<Boolean> update(long id, String html, String source, OffsetDateTime startsAt,
      OffsetDateTime endsAt, boolean allDay) {
    return pool.preparedQuery(UPDATE)
        .execute(Tuple.of(id, html, source, startsAt, endsAt, allDay))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Publishes or unpublishes; false when it already was so (or is gone). */
  public Future<Boolean> publish(long id, boolean publish) {
    return pool.preparedQuery(publish ? PUBLISH : UNPUBLISH).execute(Tuple.of(id))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<Boolean> delete(long id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  private static List<Draft> drafts(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Draft> list = new ArrayList<>();
    for (Row row : rows) {
      list.add(new Draft(row.getLong("id"), row.getString("text"), row.getString("source"),
          row.getOffsetDateTime("starts_at"), row.getOffsetDateTime("ends_at"), row.getBoolean("all_day"),
          row.getOffsetDateTime("published_at"), row.getOffsetDateTime("created_at"),
          row.getOffsetDateTime("updated_at"), row.getLong("read_by")));
    }
    return list;
  }
}
