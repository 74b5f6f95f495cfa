package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Follow;

/** Follows and follow requests (pending follows), both directions and between local members. */
public final class FollowStore {
  private static final String COLUMNS = "id, account_id, target_account_id, uri, state";
  private static final String BY_PAIR = "SELECT " + COLUMNS
      + " FROM follows WHERE account_id = $1 AND target_account_id = $2";
  private static final String BY_URI = "SELECT " + COLUMNS + " FROM follows WHERE uri = $1";
  // A follow we originate gets its URI from its id; a remote one keeps the sender's.
  private static final String INSERT = "WITH new AS (SELECT next_id() AS id)"
      + " INSERT INTO follows (id, account_id, target_account_id, uri, state, accepted_at)"
      + " SELECT new.id, $1, $2, coalesce($3, $4 || '/follows/' || new.id), $5,"
      + " CASE WHEN $5 = 'accepted' THEN now() END FROM new"
      + " ON CONFLICT (account_id, target_account_id) DO NOTHING RETURNING " + COLUMNS;
  private static final String ACCEPT = "UPDATE follows SET state = 'accepted', accepted_at = now()"
      + " WHERE id = $1 AND state = 'pending'";
  private static final String DELETE = "DELETE FROM follows WHERE id = $1";
  private static final String ACCOUNTS_PAGE = "SELECT f.id AS cursor, " + AccountStore.COLUMNS
      + " FROM follows f JOIN accounts a ON a.id = f.%s WHERE f.%s = $1 AND f.state = $2"
      + " AND a.deleted_at IS NULL AND f.id > $3 AND f.id < $4 ORDER BY f.id %s LIMIT $5";
  private static final String FOLLOWERS_COUNT = "SELECT count(*) FROM follows"
      + " WHERE target_account_id = $1 AND state = 'accepted'";
  private static final String FOLLOWING_COUNT = "SELECT count(*) FROM follows"
      + " WHERE account_id = $1 AND state = 'accepted'";
  private static final String FOLLOWER_URIS = "SELECT a.uri FROM follows f JOIN accounts a ON a.id = f.account_id"
      + " WHERE f.target_account_id = $1 AND f.state = 'accepted' AND a.deleted_at IS NULL ORDER BY f.id DESC"
      + " LIMIT $2 OFFSET $3";
  private static final String FOLLOWING_URIS = "SELECT a.uri FROM follows f JOIN accounts a"
      + " ON a.id = f.target_account_id"
      + " WHERE f.account_id = $1 AND f.state = 'accepted' AND a.deleted_at IS NULL ORDER BY f.id DESC"
      + " LIMIT $2 OFFSET $3";

  private final Pool pool;

  public FollowStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<Follow>> byPair(long accountId, long targetAccountId) {
    return one(pool, BY_PAIR, Tuple.of(accountId, targetAccountId));
  }

  /** How many accepted followers ({@code followers}) or accepted follows the account has. */
  public Future<Long> acceptedCount(long accountId, boolean followers) {
    return pool.preparedQuery(followers ? FOLLOWERS_COUNT : FOLLOWING_COUNT).execute(Tuple.of(accountId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The actor URIs of accepted followers ({@code followers}) or followed accounts, newest follow first. */
  public Future<List<String>> acceptedUris(long accountId, boolean followers, int limit, int offset) {
    return pool.preparedQuery(followers ? FOLLOWER_URIS : FOLLOWING_URIS)
        .execute(Tuple.of(accountId, limit, offset)).map(rows -> {
          List<String> uris = new java.util.ArrayList<>();
          for (Row row : rows) {
            uris.add(row.getString(0));
          }
          return uris;
        });
  }

  public Future<Optional<Follow>> byUri(String uri) {
    return one(pool, BY_URI, Tuple.of(uri));
  }

  /** Inserts a follow, or answers empty if the pair already exists. */
  public static Future<Optional<Follow>> insert(SqlClient client, long accountId,
      long targetAccountId, String remoteUri, String uriBase, boolean accepted) {
    return one(client, INSERT, Tuple.of(accountId, targetAccountId, remoteUri, uriBase,
        accepted ? "accepted" : "pending"));
  }

  public static Future<Boolean> accept(SqlClient client, long followId) {
    return client.preparedQuery(ACCEPT).execute(Tuple.of(followId)).map(rows -> rows.rowCount() > 0);
  }

  public static Future<Boolean> delete(SqlClient client, long followId) {
    return client.preparedQuery(DELETE).execute(Tuple.of(followId)).map(rows -> rows.rowCount() > 0);
  }

  /** An accounts page of a follow list, with each row's follow id as the pagination cursor. */
  public record AccountsPage(List<Account> accounts, List<Long> cursors) {}

  public Future<AccountsPage> followers(long accountId, boolean accepted, Page page) {
    return accounts("account_id", "target_account_id", accountId, accepted, page);
  }

  public Future<AccountsPage> following(long accountId, Page page) {
    return accounts("target_account_id", "account_id", accountId, true, page);
  }

  private Future<AccountsPage> accounts(String join, String by, long accountId, boolean accepted,
      Page page) {
    String sql = String.format(ACCOUNTS_PAGE, join, by, page.ascending() ? "ASC" : "DESC");
    return pool.preparedQuery(sql)
        .execute(Tuple.of(accountId, accepted ? "accepted" : "pending", page.lower(), page.upper(),
            page.limit()))
        .map(rows -> {
          List<Account> accounts = new java.util.ArrayList<>();
          List<Long> cursors = new java.util.ArrayList<>();
          for (Row row : rows) {
            accounts.add(AccountStore.map(row));
            cursors.add(row.getLong("cursor"));
          }
          if (page.ascending()) {
            Collections.reverse(accounts);
            Collections.reverse(cursors);
          }
          return new AccountsPage(accounts, cursors);
        });
  }

  static Future<Optional<Follow>> one(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new Follow(row.getLong("id"), row.getLong("account_id"),
          row.getLong("target_account_id"), row.getString("uri"),
          "accepted".equals(row.getString("state"))));
    });
  }
}
