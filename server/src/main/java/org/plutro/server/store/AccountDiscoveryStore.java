package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Account;

/**
 * Finding people: account search, familiar followers, suggestions (and their dismissals),
 * endorsements (account pins) and the directory. Only open accounts (not deleted, a Person or a
 * Service, published) are ever answered.
 */
public final class AccountDiscoveryStore {
  private static final String OPEN = " a.deleted_at IS NULL AND a.actor_type IN ('Person', 'Service')"
      + " AND " + AccountStore.PUBLISHED;
  private static final String SEARCH = "SELECT " + AccountStore.COLUMNS + " FROM accounts a WHERE"
      + OPEN + " AND (lower(a.username) LIKE $1 OR lower(a.display_name) LIKE $2)"
      + " AND ($3::bool IS FALSE OR EXISTS (SELECT 1 FROM follows f WHERE f.account_id = $4"
      + " AND f.target_account_id = a.id AND f.state = 'accepted'))"
      + " ORDER BY (a.domain IS NULL) DESC, lower(a.username) = $5 DESC, a.username LIMIT $6 OFFSET $7";
  private static final String FAMILIAR = "SELECT " + AccountStore.COLUMNS + " FROM follows mine"
      + " JOIN follows theirs ON theirs.account_id = mine.target_account_id AND theirs.state = 'accepted'"
      + " JOIN accounts a ON a.id = mine.target_account_id"
      + " WHERE mine.account_id = $1 AND mine.state = 'accepted' AND theirs.target_account_id = $2"
      + " AND" + OPEN + " ORDER BY mine.id DESC LIMIT 40";
  private static final String NOT_HIDDEN = " AND a.id <> $1 AND a.discoverable AND" + OPEN
      + " AND NOT EXISTS (SELECT 1 FROM follows x WHERE x.account_id = $1 AND x.target_account_id = a.id)"
      + " AND NOT EXISTS (SELECT 1 FROM suggestion_dismissals d WHERE d.account_id = $1 AND d.target_account_id = a.id)"
      + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = $1 AND b.target_account_id = a.id)"
      + "   OR (b.account_id = a.id AND b.target_account_id = $1))"
      + " AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = $1 AND m.target_account_id = a.id)";
  // Friends of friends first (how many of the member's follows follow them), then active locals.
  private static final String SUGGESTIONS = "SELECT * FROM (SELECT " + AccountStore.COLUMNS
      + ", 'friends_of_friends' AS source, count(*) AS weight FROM follows mine"
      + " JOIN follows theirs ON theirs.account_id = mine.target_account_id AND theirs.state = 'accepted'"
      + " JOIN accounts a ON a.id = theirs.target_account_id"
      + " WHERE mine.account_id = $1 AND mine.state = 'accepted'" + NOT_HIDDEN
      + " GROUP BY a.id"
      + " UNION ALL SELECT " + AccountStore.COLUMNS + ", 'global' AS source, 0 AS weight"
      + " FROM accounts a JOIN account_stats c ON c.account_id = a.id"
      + " WHERE a.domain IS NULL AND c.last_status_at > now() - interval '30 days'" + NOT_HIDDEN
      + ") s ORDER BY weight DESC, id DESC LIMIT $2";
  private static final String DISMISS = "INSERT INTO suggestion_dismissals (account_id, target_account_id)"
      + " VALUES ($1, $2) ON CONFLICT DO NOTHING";
  private static final String PIN = "INSERT INTO account_pins (account_id, target_account_id)"
      + " SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM follows WHERE account_id = $1 AND target_account_id = $2"
      + " AND state = 'accepted') ON CONFLICT DO NOTHING";
  private static final String UNPIN = "DELETE FROM account_pins WHERE account_id = $1 AND target_account_id = $2";
  private static final String ENDORSED = "SELECT " + AccountStore.COLUMNS + " FROM account_pins p"
      + " JOIN accounts a ON a.id = p.target_account_id WHERE p.account_id = $1 AND" + OPEN
      + " ORDER BY p.id DESC LIMIT 40";
  private static final String IS_FOLLOWING = "SELECT 1 FROM follows WHERE account_id = $1"
      + " AND target_account_id = $2 AND state = 'accepted'";
  private static final String DIRECTORY = "SELECT " + AccountStore.COLUMNS + " FROM accounts a"
      + " LEFT JOIN account_stats c ON c.account_id = a.id WHERE a.discoverable AND" + OPEN
      + " AND ($1::bool IS FALSE OR a.domain IS NULL)"
      + " ORDER BY CASE WHEN $2 = 'new' THEN a.id ELSE 0 END DESC, c.last_status_at DESC NULLS LAST, a.id DESC"
      + " LIMIT $3 OFFSET $4";

  /** A suggested account and where it came from ({@code friends_of_friends} or {@code global}). */
  public record Suggestion(Account account, String source) {}

  private final Pool pool;

  public AccountDiscoveryStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Accounts whose username starts with {@code usernamePrefix} (a LIKE pattern) or whose display
   * name contains {@code displayNamePattern}; locals first, then the exact username.
   */
  public Future<List<Account>> search(String usernamePrefix, String displayNamePattern,
      boolean onlyFollowed, long callerId, String username, int limit, int offset) {
    return pool.preparedQuery(SEARCH).execute(Tuple.from(new Object[] {usernamePrefix,
        displayNamePattern, onlyFollowed, callerId, username, limit, offset})).map(AccountDiscoveryStore::accounts);
  }

  /** The accounts {@code accountId} follows that follow {@code otherId}, newest follow first. */
  public Future<List<Account>> familiarFollowers(long accountId, long otherId) {
    return pool.preparedQuery(FAMILIAR).execute(Tuple.of(accountId, otherId)).map(AccountDiscoveryStore::accounts);
  }

  /** Suggestions, strongest first; an account may come twice (from both sources). */
  public Future<List<Suggestion>> suggestions(long accountId, int limit) {
    return pool.preparedQuery(SUGGESTIONS).execute(Tuple.of(accountId, limit)).map(rows -> {
      List<Suggestion> found = new ArrayList<>();
      for (Row row : rows) {
        found.add(new Suggestion(AccountStore.map(row), row.getString("source")));
      }
      return found;
    });
  }

  public Future<Void> dismissSuggestion(long accountId, long targetAccountId) {
    return pool.preparedQuery(DISMISS).execute(Tuple.of(accountId, targetAccountId)).mapEmpty();
  }

  public Future<Boolean> isFollowing(long accountId, long targetAccountId) {
    return pool.preparedQuery(IS_FOLLOWING).execute(Tuple.of(accountId, targetAccountId))
        .map(rows -> rows.size() > 0);
  }

  /** Endorses an account the member follows (nothing happens otherwise). */
  public Future<Void> pin(long accountId, long targetAccountId) {
    return pool.preparedQuery(PIN).execute(Tuple.of(accountId, targetAccountId)).mapEmpty();
  }

  public Future<Void> unpin(long accountId, long targetAccountId) {
    return pool.preparedQuery(UNPIN).execute(Tuple.of(accountId, targetAccountId)).mapEmpty();
  }

  public Future<List<Account>> endorsed(long accountId) {
    return pool.preparedQuery(ENDORSED).execute(Tuple.of(accountId)).map(AccountDiscoveryStore::accounts);
  }

  /** Discoverable accounts, {@code order} "new" (newest first) or "active" (latest post first). */
  public Future<List<Account>> directory(boolean onlyLocal, String order, int limit, int offset) {
    return pool.preparedQuery(DIRECTORY).execute(Tuple.of(onlyLocal, order, limit, offset))
        .map(AccountDiscoveryStore::accounts);
  }

  private static List<Account> accounts(RowSet<Row> rows) {
    List<Account> found = new ArrayList<>();
    rows.forEach(row -> found.add(AccountStore.map(row)));
    return found;
  }
}
