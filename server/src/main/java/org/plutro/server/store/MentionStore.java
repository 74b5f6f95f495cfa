package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.domain.Account;

/** Who each post mentions. A mention opens a followers-only or direct post to its account. */
public final class MentionStore {
  private static final String INSERT = "INSERT INTO mentions (status_id, account_id, silent)"
      + " VALUES ($1, $2, $3) ON CONFLICT (status_id, account_id) DO NOTHING";
  // Many posts' mentions in one statement: post $1[i] mentions account $2[i].
  private static final String INSERT_MANY = "INSERT INTO mentions (status_id, account_id, silent)"
      + " SELECT * FROM unnest($1::int8[], $2::int8[], $3::bool[])"
      + " ON CONFLICT (status_id, account_id) DO NOTHING";
  private static final String ACCOUNTS = "SELECT m.status_id, m.silent, " + AccountStore.COLUMNS
      + " FROM mentions m JOIN accounts a ON a.id = m.account_id WHERE m.status_id = ANY($1)"
      + " ORDER BY m.status_id, a.id";

  /** One mention, with whether it was only addressed (no Mention tag). */
  public record Mentioned(Account account, boolean silent) {}

  /** A mention to store: of {@code accountId} by the post {@code statusId}. */
  public record NewMention(long statusId, long accountId, boolean silent) {}

  private final SqlClient client;

  public MentionStore(SqlClient client) {
    this.client = client;
  }

  public static Future<Void> insert(SqlClient tx, long statusId, Collection<Long> accountIds,
      boolean silent) {
    if (accountIds.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    accountIds.forEach(id -> rows.add(Tuple.of(statusId, id, silent)));
    return tx.preparedQuery(INSERT).executeBatch(rows).mapEmpty();
  }

  /** Mentions of any number of posts, in one statement; one already stored is kept as it is. */
  public static Future<Void> insert(SqlClient tx, List<NewMention> mentions) {
    if (mentions.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] statusIds = new Long[mentions.size()];
    Long[] accountIds = new Long[mentions.size()];
    Boolean[] silent = new Boolean[mentions.size()];
    for (int i = 0; i < mentions.size(); i++) {
      statusIds[i] = mentions.get(i).statusId();
      accountIds[i] = mentions.get(i).accountId();
      silent[i] = mentions.get(i).silent();
    }
    return tx.preparedQuery(INSERT_MANY).execute(Tuple.of(statusIds, accountIds, silent)).mapEmpty();
  }

  public Future<Void> insert(long statusId, Collection<Long> accountIds, boolean silent) {
    return insert(client, statusId, accountIds, silent);
  }

  /** The mentioned accounts of each status, silent ones included. */
  public static Future<Map<Long, List<Mentioned>>> of(SqlClient client, Collection<Long> statusIds) {
    Map<Long, List<Mentioned>> byStatus = new HashMap<>();
    if (statusIds.isEmpty()) {
      return Future.succeededFuture(byStatus);
    }
    return client.preparedQuery(ACCOUNTS).execute(Tuple.of(statusIds.toArray(Long[]::new)))
        .map(rows -> {
          for (Row row : rows) {
            byStatus.computeIfAbsent(row.getLong("status_id"), id -> new ArrayList<>())
                .add(new Mentioned(AccountStore.map(row), row.getBoolean("silent")));
          }
          return byStatus;
        });
  }

  public Future<Map<Long, List<Mentioned>>> of(Collection<Long> statusIds) {
    return of(client, statusIds);
  }

  public Future<List<Mentioned>> of(long statusId) {
    return of(client, List.of(statusId)).map(found -> found.getOrDefault(statusId, List.of()));
  }
}
