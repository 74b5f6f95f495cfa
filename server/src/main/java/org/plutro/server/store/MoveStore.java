package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;

/** An account's aliases ({@code alsoKnownAs}) and where it moved ({@code movedTo}). */
public final class MoveStore {
  /** What an account says of itself. */
  public record Identity(List<String> alsoKnownAs, String movedTo) {}

  private static final String GET = "SELECT also_known_as, moved_to_uri FROM accounts WHERE id = $1";
  private static final String SET_ALIASES = "UPDATE accounts SET also_known_as = $2, updated_at = now()"
      + " WHERE id = $1";
  private static final String SET_MOVED = "UPDATE accounts SET moved_to_uri = $2, updated_at = now()"
      + " WHERE id = $1";
  private static final String SET_REMOTE = "UPDATE accounts SET also_known_as = $2, moved_to_uri = $3"
      + " WHERE id = $1 AND domain IS NOT NULL";
  private static final String LOCAL_FOLLOWERS = "SELECT f.account_id FROM follows f"
      + " JOIN users u ON u.account_id = f.account_id WHERE f.target_account_id = $1";

  private final SqlClient client;

  public MoveStore(SqlClient client) {
    this.client = client;
  }

  public Future<Identity> identity(long accountId) {
    return client.preparedQuery(GET).execute(Tuple.of(accountId)).map(rows -> {
      if (rows.size() == 0) {
        return new Identity(List.of(), null);
      }
      Row row = rows.iterator().next();
      return new Identity(Arrays.asList(row.getArrayOfStrings("also_known_as")),
          row.getString("moved_to_uri"));
    });
  }

  public static Future<Void> setAliases(SqlClient tx, long accountId, List<String> aliases) {
    return tx.preparedQuery(SET_ALIASES).execute(Tuple.tuple().addLong(accountId)
        .addArrayOfString(aliases.toArray(String[]::new))).mapEmpty();
  }

  public static Future<Void> setMovedTo(SqlClient tx, long accountId, String target) {
    return tx.preparedQuery(SET_MOVED).execute(Tuple.of(accountId, target)).mapEmpty();
  }

  /** What a remote actor's document says (refreshed with the actor). */
  public Future<Void> setRemote(long accountId, List<String> alsoKnownAs, String movedTo) {
    return client.preparedQuery(SET_REMOTE).execute(Tuple.tuple().addLong(accountId)
        .addArrayOfString(alsoKnownAs.toArray(String[]::new)).addString(movedTo)).mapEmpty();
  }

  public Future<List<Long>> localFollowers(long accountId) {
    return client.preparedQuery(LOCAL_FOLLOWERS).execute(Tuple.of(accountId)).map(rows -> {
      List<Long> ids = new java.util.ArrayList<>();
      rows.forEach(row -> ids.add(row.getLong(0)));
      return ids;
    });
  }
}
