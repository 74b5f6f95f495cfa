package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.store.FollowStore.AccountsPage;

/** A member's lists and their members (accounts the owner follows or asked to follow). */
public final class ListStore {
  private static final String COLUMNS = "id, account_id, title, replies_policy, exclusive";
  private static final String OWNED = "SELECT " + COLUMNS + " FROM lists WHERE account_id = $1 ORDER BY id";
  private static final String ONE = "SELECT " + COLUMNS + " FROM lists WHERE id = $1 AND account_id = $2";
  private static final String INSERT = "INSERT INTO lists (account_id, title, replies_policy, exclusive)"
      + " VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS;
  private static final String UPDATE = "UPDATE lists SET title = $3, replies_policy = $4, exclusive = $5"
      + " WHERE id = $1 AND account_id = $2 RETURNING " + COLUMNS;
  private static final String DELETE = "DELETE FROM lists WHERE id = $1 AND account_id = $2";
  private static final String CONTAINING = "SELECT l.id, l.account_id, l.title, l.replies_policy,"
      + " l.exclusive FROM lists l JOIN list_accounts la ON la.list_id = l.id"
      + " WHERE l.account_id = $1 AND la.account_id = $2 ORDER BY l.id";
  private static final String MEMBERS = "SELECT la.id AS cursor, " + AccountStore.COLUMNS
      + " FROM list_accounts la JOIN accounts a ON a.id = la.account_id"
      + " WHERE la.list_id = $1 AND a.deleted_at IS NULL AND la.id > $2 AND la.id < $3"
      + " ORDER BY la.id %s LIMIT $4";
  private static final String FOLLOW_OF = "SELECT id FROM follows WHERE account_id = $1"
      + " AND target_account_id = $2";
  private static final String ADD = "INSERT INTO list_accounts (list_id, account_id, follow_id)"
      + " VALUES ($1, $2, $3) ON CONFLICT (list_id, account_id) DO NOTHING";
  private static final String REMOVE = "DELETE FROM list_accounts WHERE list_id = $1"
      + " AND account_id = ANY($2)";

  public record MemberList(long id, long accountId, String title, String repliesPolicy,
      boolean exclusive) {}

  /** Why accounts could not be added. */
  public enum AddRefusal { NOT_FOLLOWED, ALREADY_MEMBER }

  private final Pool pool;

  public ListStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<MemberList>> owned(long accountId) {
    return many(OWNED, Tuple.of(accountId));
  }

  public Future<Optional<MemberList>> one(long listId, long ownerId) {
    return many(ONE, Tuple.of(listId, ownerId)).map(lists -> lists.stream().findFirst());
  }

  public Future<MemberList> insert(long ownerId, String title, String repliesPolicy, boolean exclusive) {
    return many(INSERT, Tuple.of(ownerId, title, repliesPolicy, exclusive)).map(lists -> lists.get(0));
  }

  public Future<Optional<MemberList>> update(MemberList list) {
    return many(UPDATE, Tuple.of(list.id(), list.accountId(), list.title(), list.repliesPolicy(),
        list.exclusive())).map(lists -> lists.stream().findFirst());
  }

  public Future<Boolean> delete(long listId, long ownerId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(listId, ownerId)).map(r -> r.rowCount() > 0);
  }

  public Future<List<MemberList>> containing(long ownerId, long accountId) {
    return many(CONTAINING, Tuple.of(ownerId, accountId));
  }

  /** A page of the list's members; a limit of 0 means all of them. */
  public Future<AccountsPage> members(long listId, Page page, boolean all) {
    String sql = String.format(MEMBERS, page.ascending() ? "ASC" : "DESC");
    return pool.preparedQuery(sql)
        .execute(Tuple.of(listId, all ? 0L : page.lower(), all ? Long.MAX_VALUE : page.upper(),
            all ? Integer.MAX_VALUE : page.limit()))
        .map(rows -> {
          List<Account> accounts = new ArrayList<>();
          List<Long> cursors = new ArrayList<>();
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

  /**
   * Adds accounts, all or none: each must be followed by the owner (or be the owner), and none
   * may be on the list already. Empty when done, else why not.
   */
  public Future<Optional<AddRefusal>> add(MemberList list, List<Long> accountIds) {
    return pool.withTransaction(tx -> {
      Future<Optional<AddRefusal>> chain = Future.succeededFuture(Optional.empty());
      for (long accountId : accountIds) {
        chain = chain.compose(refused -> refused.isPresent() ? Future.succeededFuture(refused)
            : addOne(tx, list, accountId));
      }
      // A refusal rolls the whole request back.
      return chain.compose(refused -> refused.isPresent()
          ? Future.failedFuture(new Refused(refused.get())) : Future.succeededFuture(refused));
    }).recover(failure -> failure instanceof Refused refused
        ? Future.succeededFuture(Optional.of(refused.reason)) : Future.failedFuture(failure));
  }

  /** One account onto the list, if the owner follows it (or it is the owner); else why not. */
  private static Future<Optional<AddRefusal>> addOne(SqlClient tx, MemberList list, long accountId) {
    return followOf(tx, list, accountId).compose(found -> found.isEmpty()
        ? Future.succeededFuture(Optional.of(AddRefusal.NOT_FOLLOWED))
        : tx.preparedQuery(ADD).execute(Tuple.of(list.id(), accountId, found.get() < 0 ? null : found.get()))
            .map(rows -> rows.rowCount() == 0 ? Optional.of(AddRefusal.ALREADY_MEMBER)
                : Optional.<AddRefusal>empty()));
  }

  /** The owner's follow of the account: its id, -1 for the owner itself, empty when none. */
  private static Future<Optional<Long>> followOf(SqlClient tx, MemberList list, long accountId) {
    if (accountId == list.accountId()) {
      return Future.succeededFuture(Optional.of(-1L));
    }
    return tx.preparedQuery(FOLLOW_OF).execute(Tuple.of(list.accountId(), accountId))
        .map(rows -> rows.size() == 0 ? Optional.<Long>empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  public Future<Void> remove(long listId, List<Long> accountIds) {
    return pool.preparedQuery(REMOVE).execute(Tuple.of(listId, (Object) accountIds.toArray(Long[]::new)))
        .mapEmpty();
  }

  private Future<List<MemberList>> many(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      List<MemberList> lists = new ArrayList<>();
      for (Row row : rows) {
        lists.add(new MemberList(row.getLong("id"), row.getLong("account_id"),
            row.getString("title"), row.getString("replies_policy"), row.getBoolean("exclusive")));
      }
      return lists;
    });
  }

  private static final class Refused extends RuntimeException {
    final AddRefusal reason;

    Refused(AddRefusal reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }
  }
}
