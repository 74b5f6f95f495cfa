package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Account;

/**
 * A member's consent to suggestions drawn from their own activity ({@code users.personal_suggestions},
 * off by default) and what was derived from it ({@code personal_suggestions}, V451): hashtags and
 * accounts, each with its reason. Derived rows are only ever written for a member who consents, in
 * the statement that checks it, and deleted with the consent.
 */
public final class PersonalSuggestionStore {
  /** A suggested hashtag with why: {@code reason} ('posted', 'liked', 'shared', 'followed_tag'). */
  public record TopicSuggestion(long tagId, String name, String reason, int count, String viaTag) {}

  /** A suggested account with why. */
  public record AccountSuggestion(Account account, String reason, int count, String viaTag) {}

  static final int MIN_COUNT = 2;
  private static final String CONSENTS = "SELECT personal_suggestions FROM users WHERE account_id = $1";
  private static final String CONSENTING = "SELECT account_id FROM users WHERE personal_suggestions";
  private static final String SET_CONSENT = "UPDATE users SET personal_suggestions = $2 WHERE account_id = $1";
  private static final String FORGET = "DELETE FROM personal_suggestions WHERE account_id = $1";
  private static final String FORGET_ONE = "DELETE FROM personal_suggestions WHERE account_id = $1"
      + " AND kind = $2 AND target_id = $3";
  private static final String RECENT = " > now() - interval '90 days'";
  // A member's own, liked and shared posts with their hashtags, and hashtags used with those they
  // follow; the strongest reason per hashtag; none they follow already.
  private static final String TOPICS = "INSERT INTO personal_suggestions (account_id, kind, target_id, reason, count, via_tag_id)"
      + " SELECT DISTINCT ON (tag_id) $1, 'tag', tag_id, reason, n, via FROM ("
      + " SELECT st.tag_id, 'posted' AS reason, count(*) AS n, NULL::int8 AS via, 1 AS rank"
      + " FROM statuses s JOIN status_tags st ON st.status_id = s.id"
      + " WHERE s.account_id = $1 AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL AND s.created_at" + RECENT
      + " GROUP BY st.tag_id"
      + " UNION ALL SELECT st.tag_id, 'liked', count(*), NULL, 2 FROM favourites f"
      + " JOIN status_tags st ON st.status_id = f.status_id WHERE f.account_id = $1 AND f.created_at" + RECENT
      + " GROUP BY st.tag_id"
      + " UNION ALL SELECT st.tag_id, 'shared', count(*), NULL, 3 FROM statuses r"
      + " JOIN status_tags st ON st.status_id = r.reblog_of_id WHERE r.account_id = $1"
      + " AND r.deleted_at IS NULL AND r.created_at" + RECENT + " GROUP BY st.tag_id"
      + " UNION ALL SELECT other.tag_id, 'followed_tag', count(DISTINCT s.account_id), min(tf.tag_id), 4"
      + " FROM tag_follows tf JOIN status_tags mine ON mine.tag_id = tf.tag_id"
      + " JOIN status_tags other ON other.status_id = mine.status_id AND other.tag_id <> mine.tag_id"
      + " JOIN statuses s ON s.id = mine.status_id WHERE tf.account_id = $1 AND s.deleted_at IS NULL"
      + " AND s.visibility = 'public' AND s.created_at" + RECENT + " GROUP BY other.tag_id"
      + ") found WHERE n >= " + MIN_COUNT
      + " AND NOT EXISTS (SELECT 1 FROM tag_follows x WHERE x.account_id = $1 AND x.tag_id = found.tag_id)"
      + " AND EXISTS (SELECT 1 FROM users u WHERE u.account_id = $1 AND u.personal_suggestions)"
      + " ORDER BY tag_id, n DESC, rank";
  // Accounts whose posts the member liked or shared, and accounts that often post under hashtags
  // they follow; only open, discoverable accounts they neither follow, block, mute nor dismissed.
  private static final String ACCOUNTS = "INSERT INTO personal_suggestions (account_id, kind, target_id, reason, count, via_tag_id)"
      + " SELECT DISTINCT ON (target) $1, 'account', target, reason, n, via FROM ("
      + " SELECT s.account_id AS target, 'liked' AS reason, count(*) AS n, NULL::int8 AS via, 1 AS rank"
      + " FROM favourites f JOIN statuses s ON s.id = f.status_id"
      + " WHERE f.account_id = $1 AND f.created_at" + RECENT + " AND s.deleted_at IS NULL GROUP BY s.account_id"
      + " UNION ALL SELECT s.account_id, 'shared', count(*), NULL, 2 FROM statuses r"
      + " JOIN statuses s ON s.id = r.reblog_of_id WHERE r.account_id = $1 AND r.deleted_at IS NULL"
      + " AND r.created_at" + RECENT + " GROUP BY s.account_id"
      + " UNION ALL SELECT s.account_id, 'followed_tag', count(*), min(tf.tag_id), 3"
      + " FROM tag_follows tf JOIN status_tags st ON st.tag_id = tf.tag_id JOIN statuses s ON s.id = st.status_id"
      + " WHERE tf.account_id = $1 AND s.deleted_at IS NULL AND s.visibility = 'public'"
      + " AND s.reblog_of_id IS NULL AND s.created_at" + RECENT + " GROUP BY s.account_id"
      + ") found JOIN accounts a ON a.id = found.target WHERE n >= " + MIN_COUNT
      + " AND a.id <> $1 AND a.discoverable AND a.deleted_at IS NULL AND a.suspended_at IS NULL"
      + " AND a.actor_type IN ('Person', 'Service') AND " + AccountStore.PUBLISHED
      + " AND NOT EXISTS (SELECT 1 FROM follows x WHERE x.account_id = $1 AND x.target_account_id = a.id)"
      + " AND NOT EXISTS (SELECT 1 FROM suggestion_dismissals d WHERE d.account_id = $1 AND d.target_account_id = a.id)"
      + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = $1 AND b.target_account_id = a.id)"
      + "   OR (b.account_id = a.id AND b.target_account_id = $1))"
      + " AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = $1 AND m.target_account_id = a.id)"
      + " AND EXISTS (SELECT 1 FROM users u WHERE u.account_id = $1 AND u.personal_suggestions)"
      + " ORDER BY target, n DESC, rank";
  private static final String LIST_TOPICS = "SELECT p.target_id, t.name, p.reason, p.count, v.name AS via"
      + " FROM personal_suggestions p JOIN tags t ON t.id = p.target_id LEFT JOIN tags v ON v.id = p.via_tag_id"
      + " WHERE p.account_id = $1 AND p.kind = 'tag'"
      + " AND NOT EXISTS (SELECT 1 FROM tag_follows x WHERE x.account_id = $1 AND x.tag_id = p.target_id)"
      + " ORDER BY p.count DESC, t.name LIMIT $2";
  // Read again through the same filters: a follow, block or dismissal since the computation counts at once.
  private static final String LIST_ACCOUNTS = "SELECT " + AccountStore.COLUMNS + ", p.reason, p.count, v.name AS via"
      + " FROM personal_suggestions p JOIN accounts a ON a.id = p.target_id LEFT JOIN tags v ON v.id = p.via_tag_id"
      + " WHERE p.account_id = $1 AND p.kind = 'account' AND a.deleted_at IS NULL AND a.suspended_at IS NULL"
      + " AND NOT EXISTS (SELECT 1 FROM follows x WHERE x.account_id = $1 AND x.target_account_id = a.id)"
      + " AND NOT EXISTS (SELECT 1 FROM suggestion_dismissals d WHERE d.account_id = $1 AND d.target_account_id = a.id)"
      + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = $1 AND b.target_account_id = a.id)"
      + "   OR (b.account_id = a.id AND b.target_account_id = $1))"
      + " AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = $1 AND m.target_account_id = a.id)"
      + " ORDER BY p.count DESC, a.id DESC LIMIT $2";

  private final SqlClient client;

  public PersonalSuggestionStore(SqlClient client) {
    this.client = client;
  }

  public Future<Boolean> consents(long accountId) {
    return client.preparedQuery(CONSENTS).execute(Tuple.of(accountId))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
  }

  /** The members who consent. */
  public Future<List<Long>> consenting() {
    return client.query(CONSENTING).execute().map(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getLong(0)));
      return ids;
    });
  }

  /** Records the choice; in the caller's transaction. */
  public static Future<Void> setConsent(SqlClient tx, long accountId, boolean consents) {
    return tx.preparedQuery(SET_CONSENT).execute(Tuple.of(accountId, consents)).mapEmpty();
  }

  /** Deletes everything derived for the member; in the caller's transaction. */
  public static Future<Void> forget(SqlClient tx, long accountId) {
    return tx.preparedQuery(FORGET).execute(Tuple.of(accountId)).mapEmpty();
  }

  /** Derives the member's suggestions anew (nothing when they do not consent); in the caller's transaction. */
  public static Future<Void> derive(SqlClient tx, long accountId) {
    return forget(tx, accountId)
        .compose(done -> tx.preparedQuery(TOPICS).execute(Tuple.of(accountId)))
        .compose(done -> tx.preparedQuery(ACCOUNTS).execute(Tuple.of(accountId)))
        .mapEmpty();
  }

  public Future<Void> forgetAccount(long accountId, long targetAccountId) {
    return client.preparedQuery(FORGET_ONE).execute(Tuple.of(accountId, "account", targetAccountId)).mapEmpty();
  }

  public Future<List<TopicSuggestion>> topics(long accountId, int limit) {
    return client.preparedQuery(LIST_TOPICS).execute(Tuple.of(accountId, limit)).map(rows -> {
      List<TopicSuggestion> found = new ArrayList<>();
      for (Row row : rows) {
        found.add(new TopicSuggestion(row.getLong("target_id"), row.getString("name"),
            row.getString("reason"), row.getInteger("count"), row.getString("via")));
      }
      return found;
    });
  }

  public Future<List<AccountSuggestion>> accounts(long accountId, int limit) {
    return client.preparedQuery(LIST_ACCOUNTS).execute(Tuple.of(accountId, limit)).map(rows -> {
      List<AccountSuggestion> found = new ArrayList<>();
      for (Row row : rows) {
        found.add(new AccountSuggestion(AccountStore.map(row), row.getString("reason"),
            row.getInteger("count"), row.getString("via")));
      }
      return found;
    });
  }
}
