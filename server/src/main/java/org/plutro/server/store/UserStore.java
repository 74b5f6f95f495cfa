package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.User;

/** Local members' credentials and preferences. */
public final class UserStore {
  private static final String COLUMNS = "u.account_id, u.email, u.password_hash, u.locale, u.role,"
      + " u.confirmed_at, u.default_privacy, u.default_sensitive, u.default_language, u.created_at,"
      + " u.disabled, u.approved, u.sign_up_reason, u.unconfirmed_email, u.sign_up_app_id,"
      + " u.default_quote_policy";
  /** The same columns named "u_...", to be read beside an account's (whose names they share). */
  static final String PREFIXED_COLUMNS = COLUMNS.replaceAll("u\\.(\\w+)", "u.$1 AS u_$1");
  private static final String BY_ACCOUNT = "SELECT " + COLUMNS + " FROM users u WHERE u.account_id = $1";
  private static final String BY_LOGIN = "SELECT " + COLUMNS + " FROM users u JOIN accounts a"
      + " ON a.id = u.account_id WHERE (lower(u.email) = lower($1) OR (lower(a.username) = lower($1)"
      + " AND a.domain IS NULL)) AND a.deleted_at IS NULL"
      // A disabled or suspended member cannot sign in (as if unknown: nothing to probe).
      + " AND a.suspended_at IS NULL AND NOT u.disabled";
  private static final String TAKEN = "SELECT"
      + " EXISTS (SELECT 1 FROM accounts WHERE lower(username) = lower($1) AND domain IS NULL),"
      + " EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($2))";
  // Confirmed at once only when the address needs no proof (an admin made the account).
  private static final String INSERT = "INSERT INTO users (account_id, email, password_hash, locale,"
      + " role, confirmed_at, approved, sign_up_reason, sign_up_app_id)"
      + " VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END, $7, $8, $9)";
  // Whom a password reset link may go to: an open, usable account with exactly this address.
  private static final String BY_EMAIL = "SELECT " + COLUMNS + " FROM users u JOIN accounts a"
      + " ON a.id = u.account_id WHERE lower(u.email) = lower($1) AND a.deleted_at IS NULL"
      + " AND a.suspended_at IS NULL AND NOT u.disabled";
  // The link's address must still be the account's: a link to an address since replaced is void.
  // The FROM reads the row as it was before: whether this link is the one that confirmed it.
  private static final String CONFIRM = "UPDATE users u SET confirmed_at = coalesce(u.confirmed_at, now())"
      + " FROM users before WHERE u.account_id = $1 AND before.account_id = $1"
      + " AND lower(u.email) = lower($2) RETURNING before.confirmed_at IS NULL AS newly, u.approved";
  private static final String ASK_EMAIL_CHANGE = "UPDATE users SET unconfirmed_email = $2"
      + " WHERE account_id = $1";
  private static final String EMAIL_TAKEN = "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1))";
  // The new address becomes the account's when its link is opened, if it is still the one asked for.
  private static final String CHANGE_EMAIL = "UPDATE users SET email = unconfirmed_email,"
      + " unconfirmed_email = NULL, confirmed_at = coalesce(confirmed_at, now())"
      + " WHERE account_id = $1 AND lower(unconfirmed_email) = lower($2)";
  // Before confirming, a member may correct a mistyped address: nothing was proven about the old one.
  private static final String CORRECT_EMAIL = "UPDATE users SET email = $2, unconfirmed_email = NULL"
      + " WHERE account_id = $1 AND confirmed_at IS NULL";
  private static final String SET_PASSWORD = "UPDATE users SET password_hash = $2 WHERE account_id = $1";
  private static final String APPROVE = "UPDATE users SET approved = true WHERE account_id = $1"
      + " AND NOT approved";
  // A refused sign-up leaves nothing behind: it never published anything, so nobody holds a copy,
  // and its name and address are free again (as Mastodon's reject). Its address is answered, for
  // the mail that tells the person.
  private static final String REJECT = "DELETE FROM accounts a USING users u WHERE a.id = $1"
      + " AND u.account_id = a.id AND a.domain IS NULL AND NOT u.approved RETURNING a.username, u.email";
  private static final String PENDING_ONE = "SELECT a.id, a.username, u.email, u.sign_up_reason,"
      + " u.confirmed_at, u.created_at FROM users u JOIN accounts a ON a.id = u.account_id"
      + " WHERE u.account_id = $1 AND NOT u.approved AND a.deleted_at IS NULL";
  // Who hears of a sign-up waiting for approval: the admins who can act.
  private static final String ADMINS = "SELECT u.account_id FROM users u JOIN accounts a ON a.id = u.account_id"
      + " WHERE u.role = 'admin' AND a.deleted_at IS NULL AND a.suspended_at IS NULL AND NOT u.disabled"
      + " ORDER BY u.account_id";
  private static final String PENDING = "SELECT a.id, a.username, u.email, u.sign_up_reason,"
      + " u.confirmed_at, u.created_at FROM users u JOIN accounts a ON a.id = u.account_id"
      + " WHERE NOT u.approved AND a.deleted_at IS NULL ORDER BY u.created_at, a.id";
  private static final String INVITE = "SELECT code, inviter_account_id,"
      + " (max_uses IS NULL OR uses < max_uses) AND (expires_at IS NULL OR expires_at > now()) AS usable"
      + " FROM invites WHERE code = $1";
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
      + " default_language = CASE WHEN $4 THEN nullif($5, '') ELSE default_language END,"
      + " default_quote_policy = coalesce($6, default_quote_policy)"
      + " WHERE account_id = $1";
  // Members who count (as Mastodon's user_count): confirmed, let in, not closed.
  private static final String COUNT = "SELECT count(*) FROM users u JOIN accounts a"
      + " ON a.id = u.account_id WHERE a.deleted_at IS NULL AND u.confirmed_at IS NOT NULL AND u.approved";

  /** A sign-up waiting for a moderator, as the command line lists them. */
  public record PendingSignUp(long accountId, String username, String email, String reason,
      boolean confirmed, OffsetDateTime createdAt) {}

  /** A sign-up a moderator refused: gone, but for the mail that says so. */
  public record Refused(String username, String email) {}

  /** What opening a confirmation link did: {@code newly} confirmed the address, and whether the member is let in. */
  public record Confirmed(boolean newly, boolean approved) {}

  /** An invite as its page shows it: who made it (null for an admin's), and whether it still lets anyone in. */
  public record Invite(String code, Long inviterAccountId, boolean usable) {}

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

  /** The open, usable account with this email address (any case), for a password reset. */
  public Future<Optional<User>> byEmail(String email) {
    return one(BY_EMAIL, Tuple.of(email));
  }

  /**
   * Marks the address confirmed, in the caller's transaction, if {@code email} is still the
   * account's; empty otherwise.
   */
  public static Future<Optional<Confirmed>> confirm(SqlClient tx, long accountId, String email) {
    return tx.preparedQuery(CONFIRM).execute(Tuple.of(accountId, email)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new Confirmed(row.getBoolean("newly"), row.getBoolean("approved")));
    });
  }

  /**
   * Notes the new address a member asked for, in the caller's transaction; it replaces the old one
   * when its link is opened.
   */
  public static Future<Void> askEmailChange(SqlClient tx, long accountId, String newEmail) {
    return tx.preparedQuery(ASK_EMAIL_CHANGE).execute(Tuple.of(accountId, newEmail)).mapEmpty();
  }

  /** Whether an account already uses this address (any case). */
  public Future<Boolean> emailTaken(String email) {
    return pool.preparedQuery(EMAIL_TAKEN).execute(Tuple.of(email))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Makes the asked-for address {@code email} the account's; false when it is no longer the one asked for. */
  public Future<Boolean> changeEmail(long accountId, String email) {
    return pool.preparedQuery(CHANGE_EMAIL).execute(Tuple.of(accountId, email)).map(rows -> rows.rowCount() > 0);
  }

  /**
   * Replaces an unconfirmed member's address, in the caller's transaction; false when the member
   * is already confirmed.
   */
  public static Future<Boolean> correctEmail(SqlClient tx, long accountId, String email) {
    return tx.preparedQuery(CORRECT_EMAIL).execute(Tuple.of(accountId, email)).map(rows -> rows.rowCount() > 0);
  }

  /** Sets a new password hash, in the caller's transaction. */
  public static Future<Void> setPasswordHash(SqlClient tx, long accountId, String passwordHash) {
    return tx.preparedQuery(SET_PASSWORD).execute(Tuple.of(accountId, passwordHash)).mapEmpty();
  }

  /** Lets a waiting sign-up in, in the caller's transaction; false when it was not waiting. */
  public static Future<Boolean> approve(SqlClient tx, long accountId) {
    return tx.preparedQuery(APPROVE).execute(Tuple.of(accountId)).map(rows -> rows.rowCount() > 0);
  }

  /**
   * Removes a waiting sign-up and everything it had, in the caller's transaction; empty when it
   * was not waiting.
   */
  public static Future<Optional<Refused>> reject(SqlClient tx, long accountId) {
    return tx.preparedQuery(REJECT).execute(Tuple.of(accountId)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new Refused(row.getString("username"), row.getString("email")));
    });
  }

  /** The sign-up waiting for a moderator with this account id, if it still waits. */
  public Future<Optional<PendingSignUp>> pendingOne(long accountId) {
    return pool.preparedQuery(PENDING_ONE).execute(Tuple.of(accountId))
        .map(rows -> pendingSignUps(rows).stream().findFirst());
  }

  /** The admins' account ids, in the caller's transaction (they hear of waiting sign-ups). */
  public static Future<List<Long>> adminIds(SqlClient tx) {
    return tx.query(ADMINS).execute().map(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getLong(0)));
      return ids;
    });
  }

  /** Sign-ups waiting for a moderator, the oldest first. */
  public Future<List<PendingSignUp>> pending() {
    return pool.query(PENDING).execute().map(UserStore::pendingSignUps);
  }

  private static List<PendingSignUp> pendingSignUps(RowSet<Row> rows) {
    List<PendingSignUp> found = new ArrayList<>();
    for (Row row : rows) {
      found.add(new PendingSignUp(row.getLong("id"), row.getString("username"), row.getString("email"),
          row.getString("sign_up_reason"), row.getOffsetDateTime("confirmed_at") != null,
          row.getOffsetDateTime("created_at")));
    }
    return found;
  }

  /** The invite with this code, used up or not. */
  public Future<Optional<Invite>> invite(String code) {
    return pool.preparedQuery(INVITE).execute(Tuple.of(code)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new Invite(row.getString("code"), row.getLong("inviter_account_id"),
          row.getBoolean("usable")));
    });
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
      boolean languageChanged, String language, String quotePolicy) {
    return tx.preparedQuery(UPDATE_DEFAULTS)
        .execute(Tuple.of(accountId, privacy, sensitive, languageChanged, language, quotePolicy)).mapEmpty();
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

  /**
   * A new member's credentials, in the caller's transaction: {@code confirmed} when the address
   * needs no link, {@code approved} unless a moderator must let them in first, {@code appId} the
   * app they signed up with (null for none).
   */
  public static Future<Void> insert(SqlClient tx, long accountId, String email, String passwordHash,
      String locale, String role, boolean confirmed, boolean approved, String signUpReason, Long appId) {
    return tx.preparedQuery(INSERT).execute(Tuple.from(new Object[] {accountId, email, passwordHash,
        locale, role, confirmed, approved, signUpReason, appId})).mapEmpty();
  }

  private Future<Optional<User>> one(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      return Optional.of(map(it.next(), ""));
    });
  }

  /** A user read with {@link #PREFIXED_COLUMNS} ({@code prefix} "u_") or {@link #COLUMNS} (""). */
  static User map(Row row, String prefix) {
    return new User(row.getLong(prefix + "account_id"), row.getString(prefix + "email"),
        row.getString(prefix + "password_hash"), row.getString(prefix + "locale"),
        row.getString(prefix + "role"), row.getOffsetDateTime(prefix + "confirmed_at"),
        row.getString(prefix + "default_privacy"), row.getBoolean(prefix + "default_sensitive"),
        row.getString(prefix + "default_language"), row.getOffsetDateTime(prefix + "created_at"),
        row.getBoolean(prefix + "disabled"), row.getBoolean(prefix + "approved"),
        row.getString(prefix + "sign_up_reason"), row.getString(prefix + "unconfirmed_email"),
        row.getLong(prefix + "sign_up_app_id"), row.getString(prefix + "default_quote_policy"));
  }
}
