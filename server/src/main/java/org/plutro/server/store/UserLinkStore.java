package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * The links mailed to members ({@code user_links}): confirm an address, reset a password, confirm
 * a new address. Each is kept as the hash of its token, works once, and only until it expires.
 */
public final class UserLinkStore {
  /** What a link is for; the names are stored. */
  public enum Purpose {
    CONFIRMATION("confirmation"), PASSWORD_RESET("password_reset"), EMAIL_CHANGE("email_change");

    private final String stored;

    Purpose(String stored) {
      this.stored = stored;
    }

    static Purpose of(String stored) {
      for (Purpose purpose : values()) {
        if (purpose.stored.equals(stored)) {
          return purpose;
        }
      }
      throw new IllegalArgumentException(stored);
    }
  }

  /** A live link: whose, what for, and the address it was sent to. */
  public record Link(long accountId, Purpose purpose, String email) {}

  // The member's expired links go as a new one comes.
  private static final String CREATE = "WITH expired AS (DELETE FROM user_links WHERE account_id = $2"
      + " AND expires_at < now()) INSERT INTO user_links (token_hash, account_id, purpose, email, expires_at)"
      + " VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))";
  private static final String PEEK = "SELECT account_id, purpose, email FROM user_links"
      + " WHERE token_hash = $1 AND purpose = ANY($2) AND expires_at > now()";
  private static final String TAKE = "DELETE FROM user_links WHERE token_hash = $1 AND purpose = ANY($2)"
      + " AND expires_at > now() RETURNING account_id, purpose, email";
  private static final String DROP = "DELETE FROM user_links WHERE account_id = $1 AND purpose = $2";
  private static final String RECENT = "SELECT count(*) FROM user_links WHERE account_id = $1"
      + " AND purpose = $2 AND created_at > now() - make_interval(secs => $3)";

  private final Pool pool;

  public UserLinkStore(Pool pool) {
    this.pool = pool;
  }

  /** Stores a link's token hash, good for {@code lifetimeSeconds}. */
  public Future<Void> create(byte[] tokenHash, long accountId, Purpose purpose, String email,
      int lifetimeSeconds) {
    return pool.preparedQuery(CREATE).execute(Tuple.of(Buffer.buffer(tokenHash), accountId, purpose.stored,
        email, lifetimeSeconds)).mapEmpty();
  }

  /** The live link with this hash, for one of {@code purposes}, without using it. */
  public Future<Optional<Link>> peek(byte[] tokenHash, Purpose... purposes) {
    return pool.preparedQuery(PEEK).execute(byHash(tokenHash, purposes))
        .map(UserLinkStore::first);
  }

  /** Uses the live link with this hash (it works no more), in the caller's transaction. */
  public static Future<Optional<Link>> take(SqlClient tx, byte[] tokenHash, Purpose... purposes) {
    return tx.preparedQuery(TAKE).execute(byHash(tokenHash, purposes))
        .map(UserLinkStore::first);
  }

  public Future<Optional<Link>> take(byte[] tokenHash, Purpose... purposes) {
    return take(pool, tokenHash, purposes);
  }

  /** Voids every link of the member made for {@code purpose}, in the caller's transaction. */
  public static Future<Void> drop(SqlClient tx, long accountId, Purpose purpose) {
    return tx.preparedQuery(DROP).execute(Tuple.of(accountId, purpose.stored)).mapEmpty();
  }

  /** How many links for {@code purpose} the member was sent within the last {@code seconds}. */
  public Future<Long> recent(long accountId, Purpose purpose, int seconds) {
    return pool.preparedQuery(RECENT).execute(Tuple.of(accountId, purpose.stored, seconds))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Tuple byHash(byte[] tokenHash, Purpose[] purposes) {
    return Tuple.tuple().addBuffer(Buffer.buffer(tokenHash)).addArrayOfString(names(purposes));
  }

  private static String[] names(Purpose[] purposes) {
    String[] names = new String[purposes.length];
    for (int i = 0; i < purposes.length; i++) {
      names[i] = purposes[i].stored;
    }
    return names;
  }

  private static Optional<Link> first(io.vertx.sqlclient.RowSet<Row> rows) {
    var it = rows.iterator();
    if (!it.hasNext()) {
      return Optional.empty();
    }
    Row row = it.next();
    return Optional.of(new Link(row.getLong("account_id"), Purpose.of(row.getString("purpose")),
        row.getString("email")));
  }
}
