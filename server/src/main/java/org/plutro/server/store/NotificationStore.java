package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Local members' notifications. */
public final class NotificationStore {
  /** One notification row. */
  public record Notification(long id, long accountId, String type, long fromAccountId,
      Long statusId, OffsetDateTime createdAt) {}

  /** A notification to store: {@code fromAccountId} did {@code type} on the post {@code statusId}. */
  public record NewNotification(long accountId, String type, long fromAccountId, long statusId) {}

  /** What a listing asks for; null lists and account mean "no filter". */
  public record Filter(List<String> types, List<String> excludeTypes, Long fromAccountId) {}

  private static final String COLUMNS = "n.id, n.account_id, n.type, n.from_account_id,"
      + " n.status_id, n.created_at";
  // Only to local members, never to oneself, never from someone the member blocks.
  private static final String INSERT = "INSERT INTO notifications (account_id, type,"
      + " from_account_id, status_id) SELECT $1::int8, $2::text, $3::int8, $4::int8 WHERE $1::int8 <> $3::int8"
      + " AND EXISTS (SELECT 1 FROM users u WHERE u.account_id = $1)"
      + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = $1 AND b.target_account_id = $3)"
      + " ON CONFLICT (account_id, type, from_account_id, status_id)"
      + " WHERE status_id IS NOT NULL AND type <> 'update' DO NOTHING";
  // The same for many in one statement: row i tells $1[i] that $3[i] did $2[i] on post $4[i].
  private static final String INSERT_MANY = "INSERT INTO notifications (account_id, type,"
      + " from_account_id, status_id) SELECT n.account_id, n.type, n.from_account_id, n.status_id"
      + " FROM unnest($1::int8[], $2::text[], $3::int8[], $4::int8[])"
      + " AS n (account_id, type, from_account_id, status_id) WHERE n.account_id <> n.from_account_id"
      + " AND EXISTS (SELECT 1 FROM users u WHERE u.account_id = n.account_id)"
      + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = n.account_id"
      + " AND b.target_account_id = n.from_account_id)"
      + " ON CONFLICT (account_id, type, from_account_id, status_id)"
      + " WHERE status_id IS NOT NULL AND type <> 'update' DO NOTHING";
  // A notification whose post was deleted is not shown.
  private static final String VISIBLE = " FROM notifications n LEFT JOIN statuses s ON s.id = n.status_id"
      + " WHERE n.account_id = $1 AND (n.status_id IS NULL OR s.deleted_at IS NULL)"
      // Nor one from an account the member blocks, mutes (with notifications) or whose domain they block.
      + " AND NOT " + SafetyFilters.hidesNotifications("$1", "n.from_account_id")
      // Nor, as Mastodon, one from a suspended account, or a silenced one the member does not follow.
      + " AND NOT " + SafetyFilters.withdrawn("$1", "n.from_account_id");
  private static final String PAGE = "SELECT " + COLUMNS + VISIBLE
      + " AND ($2::text[] IS NULL OR n.type = ANY($2)) AND ($3::text[] IS NULL OR n.type <> ALL($3))"
      + " AND ($4::int8 IS NULL OR n.from_account_id = $4) AND n.id > $5 AND n.id < $6"
      + " ORDER BY n.id ";
  private static final String ONE = "SELECT " + COLUMNS + VISIBLE + " AND n.id = $2";
  private static final String DISMISS = "DELETE FROM notifications WHERE account_id = $1 AND id = $2";
  private static final String CLEAR = "DELETE FROM notifications WHERE account_id = $1";
  // Unread: newer than the member's notifications marker (Mastodon's markers API), if any.
  private static final String COUNT = "SELECT count(*) FROM (SELECT 1" + VISIBLE
      + " AND n.id > coalesce((SELECT k.last_read_id FROM markers k WHERE k.account_id = $1"
      + " AND k.timeline = 'notifications'), 0) LIMIT $2) c";
  private static final String REBLOGGERS = "INSERT INTO notifications (account_id, type,"
      + " from_account_id, status_id) SELECT DISTINCT r.account_id, 'update', $2::int8, $1::int8"
      + " FROM statuses r JOIN users u ON u.account_id = r.account_id WHERE r.reblog_of_id = $1"
      + " AND r.deleted_at IS NULL AND r.account_id <> $2";
  // A poll's end: its author and the members who voted in it, if they are ours.
  private static final String POLL_ENDED = "INSERT INTO notifications (account_id, type,"
      + " from_account_id, status_id) SELECT DISTINCT r.account_id, 'poll', p.account_id, p.status_id"
      + " FROM polls p CROSS JOIN LATERAL (SELECT v.account_id FROM poll_votes v WHERE v.poll_id = p.id"
      + " UNION SELECT p.account_id) r JOIN users u ON u.account_id = r.account_id"
      + " WHERE p.id = $1 ON CONFLICT DO NOTHING";
  private static final String WITHDRAW = "DELETE FROM notifications WHERE type = $1"
      + " AND from_account_id = $2 AND status_id = $3";

  private final SqlClient client;

  public NotificationStore(SqlClient client) {
    this.client = client;
  }

  public static Future<Void> insert(SqlClient client, long recipientId, String type,
      long fromAccountId, Long statusId) {
    return client.preparedQuery(INSERT).execute(Tuple.of(recipientId, type, fromAccountId, statusId))
        .mapEmpty();
  }

  /** Several notifications about posts, on the same rules as {@link #insert}, in one statement. */
  public static Future<Void> insert(SqlClient tx, List<NewNotification> notifications) {
    if (notifications.isEmpty()) {
      return Future.succeededFuture();
    }
    int size = notifications.size();
    Long[] accountIds = new Long[size];
    String[] types = new String[size];
    Long[] fromIds = new Long[size];
    Long[] statusIds = new Long[size];
    for (int i = 0; i < size; i++) {
      NewNotification n = notifications.get(i);
      accountIds[i] = n.accountId();
      types[i] = n.type();
      fromIds[i] = n.fromAccountId();
      statusIds[i] = n.statusId();
    }
    return tx.preparedQuery(INSERT_MANY).execute(Tuple.of(accountIds, types, fromIds, statusIds))
        .mapEmpty();
  }

  /** Tells a poll's author and voters, those of them who are members here, that it ended. */
  public static Future<Void> insertPollEnded(SqlClient client, long pollId) {
    return client.preparedQuery(POLL_ENDED).execute(Tuple.of(pollId)).mapEmpty();
  }

  /** Tells the local members who shared a post that it was edited. */
  public static Future<Void> insertForRebloggers(SqlClient client, long statusId, long authorId) {
    return client.preparedQuery(REBLOGGERS).execute(Tuple.of(statusId, authorId)).mapEmpty();
  }

  public Future<List<Notification>> page(long accountId, Filter filter, Page page) {
    String sql = PAGE + (page.ascending() ? "ASC" : "DESC") + " LIMIT $7";
    return client.preparedQuery(sql).execute(Tuple.from(new Object[] {accountId,
            array(filter.types()), array(filter.excludeTypes()), filter.fromAccountId(),
            page.lower(), page.upper(), page.limit()}))
        .map(rows -> {
          List<Notification> found = all(rows);
          if (page.ascending()) {
            Collections.reverse(found);
          }
          return found;
        });
  }

  public Future<Optional<Notification>> one(long accountId, long id) {
    return client.preparedQuery(ONE).execute(Tuple.of(accountId, id)).map(rows -> {
      List<Notification> found = all(rows);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    });
  }

  public Future<Boolean> dismiss(long accountId, long id) {
    return client.preparedQuery(DISMISS).execute(Tuple.of(accountId, id))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<Void> clear(long accountId) {
    return client.preparedQuery(CLEAR).execute(Tuple.of(accountId)).mapEmpty();
  }

  public Future<Long> count(long accountId, int limit) {
    return client.preparedQuery(COUNT).execute(Tuple.of(accountId, limit))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Removes what an undone Like or Announce had notified. */
  public Future<Void> withdraw(String type, long fromAccountId, long statusId) {
    return withdraw(client, type, fromAccountId, statusId);
  }

  public static Future<Void> withdraw(SqlClient client, String type, long fromAccountId, long statusId) {
    return client.preparedQuery(WITHDRAW).execute(Tuple.of(type, fromAccountId, statusId)).mapEmpty();
  }

  private static String[] array(List<String> values) {
    return values == null ? null : values.toArray(String[]::new);
  }

  private static List<Notification> all(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Notification> found = new ArrayList<>();
    for (Row row : rows) {
      found.add(new Notification(row.getLong(0), row.getLong(1), row.getString(2), row.getLong(3),
          row.getLong(4), row.getOffsetDateTime(5)));
    }
    return found;
  }
}
