package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import org.plutro.server.domain.User;

/** Local members' credentials and preferences. */
public final class UserStore {
  private static final String COLUMNS = "u.account_id, u.email, u.password_hash, u.locale, u.role,"
      + " u.confirmed_at, u.default_privacy, u.default_sensitive, u.default_language, u.created_at,"
      + " u.disabled";
  private static final String BY_ACCOUNT = "SELECT " + COLUMNS + " FROM users u WHERE u.account_id = $1";
  private static final String BY_LOGIN = "SELECT " + COLUMNS + " FROM users u JOIN accounts a"
      + " ON a.id = u.account_id WHERE (lower(u.email) = lower($1) OR (lower(a.username) = lower($1)"
      + " AND a.domain IS NULL)) AND a.deleted_at IS NULL"
      // A disabled or suspended member cannot sign in (as if unknown: nothing to probe).
      + " AND a.suspended_at IS NULL AND NOT u.disabled";
  private static final String TAKEN = "SELECT"
      + " EXISTS (SELECT 1 FROM accounts WHERE lower(username) = lower($1) AND domain IS NULL),"
      + " EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($2))";
  private static final String INSERT = "INSERT INTO users (account_id, email, password_hash, locale,"
      + " role, confirmation_token, confirmed_at) VALUES ($1, $2, $3, $4, $5, $6, now())";
  // An invite is used once per sign-up, while it has uses left and has not expired.
  private static final String USE_INVITE = "UPDATE invites SET uses = uses + 1 WHERE code = $1"
      + " AND (max_uses IS NULL OR uses < max_uses) AND (expires_at IS NULL OR expires_at > now())"
      + " RETURNING id";
  // An invite made by an admin: without max_uses, unlimited; without days, it never expires.
  private static final String CREATE_INVITE = "INSERT INTO invites (code, max_uses, expires_at)"
      + " VALUES ($1, $2, CASE WHEN $3::int IS NULL THEN NULL"
      + " ELSE now() + make_interval(days => $3::int) END)";
  private static final String LINK_INVITE = "UPDATE users SET invite_id = $2 WHERE account_id = $1";
  // The member's posting defaults; null leaves one as it is, an empty language clears it.
  private static final String UPDATE_DEFAULTS = "UPDATE users SET"
      + " default_privacy = coalesce($2, default_privacy),"
      + " default_sensitive = coalesce($3, default_sensitive),"
      + " default_language = CASE WHEN $4 THEN nullif($5, '') ELSE default_language END"
      + " WHERE account_id = $1";
  private static final String COUNT = "SELECT count(*) FROM users u JOIN accounts a"
      + " ON a.id = u.account_id WHERE a.deleted_at IS NULL";

  private final Pool pool;

  public UserStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<User>> byAccountId(long accountId) {
    return one(BY_ACCOUNT, Tuple.of(accountId));
  }

  /** By email or username, case-insensitively; closed accounts cannot sign in. */
  public Future<Optional<User>> byLogin(String login) {
    return one(BY_LOGIN, Tuple.of(login));
  }

  /** Whether the username and the email are already in use: {@code [usernameTaken, emailTaken]}. */
  public Future<boolean[]> taken(String username, String email) {
    return pool.preparedQuery(TAKEN).execute(Tuple.of(username, email)).map(rows -> {
      Row row = rows.iterator().next();
      return new boolean[] {row.getBoolean(0), row.getBoolean(1)};
    });
  }

  public Future<Long> countActive() {
    return pool.query(COUNT).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  /** Changes the member's posting defaults, in the caller's transaction; the language only when {@code languageChanged}. */
  public static Future<Void> updateDefaults(SqlClient tx, long accountId, String privacy, Boolean sensitive,
      boolean languageChanged, String language) {
    return tx.preparedQuery(UPDATE_DEFAULTS)
        .execute(Tuple.of(accountId, privacy, sensitive, languageChanged, language)).mapEmpty();
  }

  /** Uses one of the invite's uses, in the caller's transaction; empty when it is unknown, used up or expired. */
  public static Future<Optional<Long>> useInvite(SqlClient tx, String code) {
    return tx.preparedQuery(USE_INVITE).execute(Tuple.of(code)).map(rows -> rows.size() == 0
        ? Optional.<Long>empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** Creates an invite {@code code}; {@code maxUses} and {@code expiresInDays} may be null (no limit). */
  public Future<Void> createInvite(String code, Integer maxUses, Integer expiresInDays) {
    return pool.preparedQuery(CREATE_INVITE).execute(Tuple.of(code, maxUses, expiresInDays)).mapEmpty();
  }

  /** Records which invite the member signed up with. */
  public static Future<Void> linkInvite(SqlClient tx, long accountId, long inviteId) {
    return tx.preparedQuery(LINK_INVITE).execute(Tuple.of(accountId, inviteId)).mapEmpty();
  }

  public static Future<Void> insert(SqlClient tx, long accountId, String email, String passwordHash,
      String locale, String role, String confirmationToken) {
    return tx.preparedQuery(INSERT)
        .execute(Tuple.of(accountId, email, passwordHash, locale, role, confirmationToken))
        .mapEmpty();
  }

  private Future<Optional<User>> one(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new User(row.getLong("account_id"), row.getString("email"),
          row.getString("password_hash"), row.getString("locale"), row.getString("role"),
          row.getOffsetDateTime("confirmed_at"), row.getString("default_privacy"),
          row.getBoolean("default_sensitive"), row.getString("default_language"),
          row.getOffsetDateTime("created_at"), row.getBoolean("disabled")));
    });
  }
}
