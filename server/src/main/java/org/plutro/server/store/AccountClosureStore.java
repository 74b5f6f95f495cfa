package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Closed accounts: the closure (what it takes away at once, its record in
 * {@code account_closures}), its reach (the Delete's deliveries), and the purge of the personal
 * data after the retention window. The account row (username, actor id) stays for ever.
 */
public final class AccountClosureStore {
  /** A closure as recorded; {@code deleteActivityId} is the Delete(Person) sent, if it still exists. */
  public record Closure(String closedBy, OffsetDateTime closedAt, Integer instances,
      OffsetDateTime purgeAfter, OffsetDateTime purgedAt, OffsetDateTime keyDeletedAt, Long deleteActivityId) {}

  /** The Delete's delivery to one inbox. */
  public record Delivery(String domain, String inboxUrl, String state, Integer attempts, Integer lastStatus,
      String lastError, OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt) {}

  private static final String CLOSE = "UPDATE accounts SET deleted_at = now(), updated_at = now()"
      + " WHERE id = $1 AND domain IS NULL AND deleted_at IS NULL RETURNING deleted_at";
  private static final String REVOKE_TOKENS = "UPDATE oauth_tokens SET revoked_at = now()"
      + " WHERE account_id = $1 AND revoked_at IS NULL";
  private static final String END_WEB_SESSIONS = "DELETE FROM web_sessions WHERE account_id = $1";
  private static final String HIDE_POSTS = "UPDATE statuses SET deleted_at = now()"
      + " WHERE account_id = $1 AND deleted_at IS NULL";
  private static final String REMOVE_FOLLOWS = "DELETE FROM follows WHERE account_id = $1"
      + " OR target_account_id = $1";
  private static final String REMOVE_FAVOURITES = "DELETE FROM favourites WHERE account_id = $1";
  private static final String RECORD = "INSERT INTO account_closures (account_id, closed_by,"
      + " delete_activity_id, instances, purge_after) VALUES ($1, $2,"
      + " (SELECT id FROM outbound_activities WHERE uri = $3), $4,"
      + " now() + make_interval(days => $5))";

  private static final String CLOSURE = "SELECT c.closed_by, c.closed_at, c.instances,"
      + " c.purge_after, c.purged_at, c.key_deleted_at, c.delete_activity_id"
      + " FROM account_closures c WHERE c.account_id = $1";
  private static final String DELIVERIES = "SELECT domain, inbox_url, state, attempts, last_status,"
      + " last_error, next_attempt_at, delivered_at FROM deliveries WHERE activity_id = $1"
      + " ORDER BY domain";

  // Purge: what identifies a person goes; the account row (username, actor id) stays for ever.
  private static final String PURGE_USER = "DELETE FROM users WHERE account_id = $1";
  private static final String PURGE_TOKENS = "DELETE FROM oauth_tokens WHERE account_id = $1";
  private static final String PURGE_SIGN_INS = "DELETE FROM sign_ins WHERE account_id = $1";
  private static final String PURGE_TWO_FACTOR = "WITH r AS (DELETE FROM two_factor_recovery_codes"
      + " WHERE account_id = $1) DELETE FROM two_factor WHERE account_id = $1";
  // Conversations, mutes, domain blocks, read records and privacy choices are the member's own.
  private static final String PURGE_PRIVATE = "WITH c AS (DELETE FROM account_conversations"
      + " WHERE account_id = $1), m AS (DELETE FROM mutes WHERE account_id = $1),"
      + " d AS (DELETE FROM account_domain_blocks WHERE account_id = $1),"
      + " r AS (DELETE FROM status_reads WHERE account_id = $1)"
      + " DELETE FROM member_privacy WHERE account_id = $1";
  private static final String PURGE_PROFILE = "UPDATE accounts SET display_name = '', note = '',"
      + " note_source = '', avatar_url = NULL, header_url = NULL, fields = '[]' WHERE id = $1";
  private static final String PURGE_POSTS = "UPDATE statuses SET content = '', source_text = NULL,"
      + " spoiler_text = '', to_uris = '{}', cc_uris = '{}' WHERE account_id = $1";
  private static final String PURGED = "UPDATE account_closures SET purged_at = now()"
      + " WHERE account_id = $1 AND purged_at IS NULL";
  // Any of the member's activities still queued (the Delete above all) still needs the key.
  private static final String FAN_OUT_OPEN = "SELECT EXISTS (SELECT 1 FROM outbound_activities o"
      + " JOIN deliveries d ON d.activity_id = o.id WHERE o.account_id = $1 AND d.state = 'queued')";
  private static final String DELETE_KEY = "DELETE FROM actor_keys WHERE account_id = $1";
  private static final String KEY_DELETED = "UPDATE account_closures SET key_deleted_at = now()"
      + " WHERE account_id = $1";

  // The former member's key to the reach page (see V341); expired keys go when a new one is made.
  private static final String INSERT_REACH_KEY = "WITH gone AS (DELETE FROM closure_reach_keys"
      + " WHERE expires_at < now()) INSERT INTO closure_reach_keys (key_hash, account_id, expires_at)"
      + " VALUES ($1, $2, now() + make_interval(days => $3))";
  private static final String REACH_KEY_ACCOUNT = "SELECT account_id FROM closure_reach_keys"
      + " WHERE key_hash = $1 AND expires_at > now()";

  private final SqlClient client;

  public AccountClosureStore(SqlClient client) {
    this.client = client;
  }

  /**
   * Marks a local account closed, in the caller's transaction: when, or empty when it was closed
   * already.
   */
  public static Future<Optional<OffsetDateTime>> markClosed(SqlClient tx, long accountId) {
    return tx.preparedQuery(CLOSE).execute(Tuple.of(accountId)).map(rows -> !rows.iterator().hasNext()
        ? Optional.empty() : Optional.of(rows.iterator().next().getOffsetDateTime(0)));
  }

  /**
   * What closing takes away at once, in the closure's transaction: the tokens revoked, the browser
   * sessions ended, the posts hidden, the follows (both ways) and likes removed.
   */
  public static Future<Void> takeAway(SqlClient tx, long accountId) {
    Tuple byId = Tuple.of(accountId);
    return tx.preparedQuery(REVOKE_TOKENS).execute(byId)
        .compose(done -> tx.preparedQuery(END_WEB_SESSIONS).execute(byId))
        .compose(done -> tx.preparedQuery(HIDE_POSTS).execute(byId))
        .compose(done -> tx.preparedQuery(REMOVE_FOLLOWS).execute(byId))
        .compose(done -> tx.preparedQuery(REMOVE_FAVOURITES).execute(byId))
        .mapEmpty();
  }

  /**
   * Records the closure, in its transaction: by whom, the Delete sent ({@code deleteUri}), how many
   * instances are told, and the purge due after {@code retentionDays}.
   */
  public static Future<Void> record(SqlClient tx, long accountId, String closedBy, String deleteUri,
      int instances, int retentionDays) {
    return tx.preparedQuery(RECORD).execute(Tuple.of(accountId, closedBy, deleteUri, instances,
        retentionDays)).mapEmpty();
  }

  /** The account's closure; empty while it is open. */
  public Future<Optional<Closure>> closure(long accountId) {
    return client.preparedQuery(CLOSURE).execute(Tuple.of(accountId)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Closure(row.getString("closed_by"), row.getOffsetDateTime("closed_at"),
          row.getInteger("instances"), row.getOffsetDateTime("purge_after"),
          row.getOffsetDateTime("purged_at"), row.getOffsetDateTime("key_deleted_at"),
          row.getLong("delete_activity_id")));
    });
  }

  /** Keeps the hash of a key to the closed account's reach page, valid for {@code days}. */
  public Future<Void> insertReachKey(byte[] keyHash, long accountId, int days) {
    return client.preparedQuery(INSERT_REACH_KEY)
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(keyHash), accountId, days)).mapEmpty();
  }

  /** The closed account a live reach key opens, if any. */
  public Future<Optional<Long>> reachKeyAccount(byte[] keyHash) {
    return client.preparedQuery(REACH_KEY_ACCOUNT)
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(keyHash)))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getLong(0))
            : Optional.<Long>empty());
  }

  /** Each delivery of the activity {@code activityId}, by domain. */
  public Future<List<Delivery>> deliveries(long activityId) {
    return client.preparedQuery(DELIVERIES).execute(Tuple.of(activityId)).map(AccountClosureStore::deliveries);
  }

  private static List<Delivery> deliveries(RowSet<Row> rows) {
    List<Delivery> deliveries = new ArrayList<>(rows.size());
    for (Row row : rows) {
      deliveries.add(new Delivery(row.getString("domain"), row.getString("inbox_url"),
          row.getString("state"), row.getInteger("attempts"), row.getInteger("last_status"),
          row.getString("last_error"), row.getOffsetDateTime("next_attempt_at"),
          row.getOffsetDateTime("delivered_at")));
    }
    return deliveries;
  }

  /**
   * The purge, in the caller's transaction: credentials, sign-ins, the member's private records,
   * the profile and the text of posts go, and the closure is marked purged.
   */
  public static Future<Void> purge(SqlClient tx, long accountId) {
    Tuple byId = Tuple.of(accountId);
    return tx.preparedQuery(PURGE_USER).execute(byId)
        .compose(done -> tx.preparedQuery(PURGE_TOKENS).execute(byId))
        .compose(done -> tx.preparedQuery(PURGE_SIGN_INS).execute(byId))
        .compose(done -> tx.preparedQuery(PURGE_TWO_FACTOR).execute(byId))
        .compose(done -> tx.preparedQuery(PURGE_PRIVATE).execute(byId))
        .compose(done -> tx.preparedQuery(PURGE_PROFILE).execute(byId))
        .compose(done -> tx.preparedQuery(PURGE_POSTS).execute(byId))
        .compose(done -> tx.preparedQuery(PURGED).execute(byId))
        .mapEmpty();
  }

  /** Whether any of the member's activities is still queued for delivery (read in {@code tx}). */
  public static Future<Boolean> fanOutOpen(SqlClient tx, long accountId) {
    return tx.preparedQuery(FAN_OUT_OPEN).execute(Tuple.of(accountId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Deletes the member's signing key and records when, in the caller's transaction. */
  public static Future<Void> deleteKey(SqlClient tx, long accountId) {
    Tuple byId = Tuple.of(accountId);
    return tx.preparedQuery(DELETE_KEY).execute(byId)
        .compose(done -> tx.preparedQuery(KEY_DELETED).execute(byId)).mapEmpty();
  }
}
