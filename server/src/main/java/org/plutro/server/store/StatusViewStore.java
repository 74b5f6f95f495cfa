package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.AccountCounts;
import org.plutro.server.domain.Status;
import org.plutro.server.store.CountStore.StatusCounts;

/**
 * What it takes to show statuses, in two queries whatever their number: the statuses (and the
 * ones they share) with their counters, hashtags, visible mentions and what the viewer did with
 * them, then their authors with their counters.
 */
public final class StatusViewStore {
  /** A status as a viewer sees it. */
  public record StatusView(Status status, StatusCounts counts, Long inReplyToAccountId,
      boolean favourited, boolean reblogged, boolean bookmarked, boolean pinned,
      List<String> tags, JsonArray mentions) {}

  /** An account with its counters. */
  public record AccountView(Account account, AccountCounts counts) {}

  // $1 the statuses, $2 the viewer (NULL for nobody: every flag is false).
  /** Visible to the benchmark, which shows its plan. */
  public static final String STATUSES = "WITH wanted AS ("
      + " SELECT id FROM unnest($1::int8[]) AS w (id)"
      + " UNION SELECT r.reblog_of_id FROM unnest($1::int8[]) AS u (id) JOIN statuses r ON r.id = u.id"
      + "   WHERE r.reblog_of_id IS NOT NULL)"
      + " SELECT " + StatusStore.COLUMNS + ", coalesce(c.favourites_count, 0) AS favourites_count,"
      + " coalesce(c.reblogs_count, 0) AS reblogs_count, coalesce(c.replies_count, 0) AS replies_count,"
      + " (SELECT p.account_id FROM statuses p WHERE p.id = s.in_reply_to_id) AS in_reply_to_account_id,"
      + " EXISTS (SELECT 1 FROM favourites f WHERE f.account_id = $2 AND f.status_id = s.id) AS favourited,"
      + " EXISTS (SELECT 1 FROM statuses b WHERE b.account_id = $2 AND b.reblog_of_id = s.id"
      + "   AND b.reblog_of_id IS NOT NULL"
      + "   AND b.deleted_at IS NULL) AS reblogged,"
      + " EXISTS (SELECT 1 FROM bookmarks k WHERE k.account_id = $2 AND k.status_id = s.id) AS bookmarked,"
      + " EXISTS (SELECT 1 FROM status_pins p WHERE p.account_id = $2 AND p.status_id = s.id) AS pinned,"
      + " ARRAY(SELECT t.name FROM status_tags st JOIN tags t ON t.id = st.tag_id"
      + "   WHERE st.status_id = s.id ORDER BY t.name) AS tag_names,"
      // Mastodon's Status.mentions: the tagged ones (a silent mention is only addressed).
      + " (SELECT json_agg(json_build_object('id', m.account_id::text, 'username', a.username,"
      + "   'url', coalesce(a.url, a.uri), 'acct', CASE WHEN a.domain IS NULL THEN a.username"
      + "   ELSE a.username || '@' || a.domain END) ORDER BY m.account_id)"
      + "   FROM mentions m JOIN accounts a ON a.id = m.account_id"
      + "   WHERE m.status_id = s.id AND NOT m.silent) AS mention_list"
      + " FROM wanted w JOIN statuses s ON s.id = w.id LEFT JOIN status_stats c ON c.status_id = s.id";
  private static final String ACCOUNTS = "SELECT " + AccountStore.COLUMNS + ","
      + " coalesce(c.statuses_count, 0) AS statuses_count, coalesce(c.followers_count, 0) AS followers_count,"
      + " coalesce(c.following_count, 0) AS following_count, c.last_status_at,"
      + " coalesce(c.follow_requests_count, 0) AS follow_requests_count"
      + " FROM accounts a LEFT JOIN account_stats c ON c.account_id = a.id WHERE a.id = ANY($1)";

  private final SqlClient client;

  public StatusViewStore(SqlClient client) {
    this.client = client;
  }

  /** The statuses with these ids and every status they share, by id. */
  public Future<Map<Long, StatusView>> statuses(Collection<Long> ids, Long viewerId) {
    Map<Long, StatusView> views = new HashMap<>();
    if (ids.isEmpty()) {
      return Future.succeededFuture(views);
    }
    return client.preparedQuery(STATUSES).execute(Tuple.of(ids.toArray(Long[]::new), viewerId))
        .map(rows -> {
          for (Row row : rows) {
            Status status = StatusStore.map(row);
            views.put(status.id(), new StatusView(status, new StatusCounts(
                row.getLong("favourites_count"), row.getLong("reblogs_count"),
                row.getLong("replies_count")), row.getLong("in_reply_to_account_id"),
                row.getBoolean("favourited"), row.getBoolean("reblogged"),
                row.getBoolean("bookmarked"), row.getBoolean("pinned"),
                List.of(row.getArrayOfStrings("tag_names")),
                row.getValue("mention_list") instanceof JsonArray list ? list : new JsonArray()));
          }
          return views;
        });
  }

  public Future<Map<Long, AccountView>> accounts(Collection<Long> ids) {
    Map<Long, AccountView> views = new HashMap<>();
    if (ids.isEmpty()) {
      return Future.succeededFuture(views);
    }
    return client.preparedQuery(ACCOUNTS).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
      for (Row row : rows) {
        Account account = AccountStore.map(row);
        views.put(account.id(), new AccountView(account, new AccountCounts(
            row.getLong("statuses_count"), row.getLong("followers_count"),
            row.getLong("following_count"), row.getOffsetDateTime("last_status_at"),
            row.getLong("follow_requests_count"))));
      }
      return views;
    });
  }
}
