package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.User;

/** Browser sessions of the sign-in pages, and failed sign-ins for throttling. */
public final class WebSessionStore {
  private static final String INSERT = "INSERT INTO web_sessions (session_hash, account_id,"
      + " csrf_token, expires_at, address, user_agent)"
      + " VALUES ($1, $2, $3, now() + make_interval(secs => $4::int), $5, $6)";
  // The session and its member's account and user rows in one round trip: every page starts here.
  private static final String BY_HASH = "SELECT s.id AS session_id, s.account_id AS session_account_id,"
      + " s.csrf_token, " + AccountStore.COLUMNS + ", " + UserStore.PREFIXED_COLUMNS
      + " FROM web_sessions s LEFT JOIN accounts a ON a.id = s.account_id"
      + " LEFT JOIN users u ON u.account_id = s.account_id"
      + " WHERE s.session_hash = $1 AND s.expires_at > now() AND a.deleted_at IS NULL";
  private static final String DELETE = "DELETE FROM web_sessions WHERE id = $1";
  private static final String MEMBER_SESSIONS = "SELECT id, created_at, expires_at, address, user_agent"
      + " FROM web_sessions WHERE account_id = $1 AND expires_at > now() ORDER BY created_at DESC, id DESC";
  private static final String DELETE_MEMBER_SESSION = "DELETE FROM web_sessions WHERE id = $1"
      + " AND account_id = $2";
  private static final String DELETE_ALL = "DELETE FROM web_sessions WHERE account_id = $1";
  private static final String PURGE = "DELETE FROM web_sessions WHERE expires_at < now()";
  private static final String LOGIN_WEEK = "INSERT INTO login_weeks (week, account_id)"
      + " VALUES (date_trunc('week', now() AT TIME ZONE 'UTC')::date, $1) ON CONFLICT DO NOTHING";
  private static final String SIGN_IN = "INSERT INTO sign_ins (account_id, address, user_agent, method)"
      + " VALUES ($1, $2, $3, $4)";
  private static final String SIGN_INS = "SELECT created_at, address, user_agent, method FROM sign_ins"
      + " WHERE account_id = $1 ORDER BY id DESC LIMIT 100";
  // The addresses the member signed in from, newest first (kept only as long as the policy says).
  private static final String SIGN_IN_ADDRESSES = "SELECT address AS ip, max(created_at) AS used_at FROM sign_ins"
      + " WHERE account_id = $1 AND address IS NOT NULL GROUP BY address ORDER BY used_at DESC LIMIT 10";
  private static final String FAILURE = "INSERT INTO sign_in_failures (login, address) VALUES ($1, $2)";
  private static final String RECENT_FAILURES = "SELECT"
      + " (SELECT count(*) FROM sign_in_failures WHERE lower(login) = lower($1)"
      + "   AND created_at > now() - make_interval(secs => $3::int)),"
      + " (SELECT count(*) FROM sign_in_failures WHERE address = $2"
      + "   AND created_at > now() - make_interval(secs => $4::int))";
  private static final String PURGE_FAILURES = "DELETE FROM sign_in_failures"
      + " WHERE created_at < now() - interval '1 day'";

  /** A session: {@code accountId} is null until someone signs in. */
  public record WebSession(long id, Long accountId, String csrfToken) {}

  /**
   * A live session with its member's account and user rows as they are now (both empty while no
   * one is signed in; the user empty if the account has none).
   */
  public record Current(WebSession session, Optional<Account> account, Optional<User> user) {}

  /**
   * A member's signed-in browser session as the sessions page shows it: when and from where
   * (the address may have been erased) it was signed in, and when it ends.
   */
  public record MemberSession(long id, java.time.OffsetDateTime createdAt,
      java.time.OffsetDateTime expiresAt, String address, String userAgent) {}

  /** Failed sign-ins within the windows: for this login, and from this address. */
  public record Failures(long byLogin, long byAddress) {}

  /** An address a member signed in from, and when they last did. */
  public record AddressUse(String ip, java.time.OffsetDateTime lastUsedAt) {}

  /** A sign-in as the member sees it in their history; the address may have been erased. */
  public record SignIn(java.time.OffsetDateTime createdAt, String address, String userAgent, String method) {}

  private final Pool pool;

  public WebSessionStore(Pool pool) {
    this.pool = pool;
  }

  /** A new session; {@code address} and {@code userAgent} are kept for signed-in ones (null otherwise). */
  public Future<Void> insert(byte[] sessionHash, Long accountId, String csrfToken, int lifetimeSeconds,
      String address, String userAgent) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(Buffer.buffer(sessionHash), accountId, csrfToken, lifetimeSeconds, address,
            shortened(userAgent)))
        .mapEmpty();
  }

  /** The member's live browser sessions, the newest first. */
  public Future<java.util.List<MemberSession>> memberSessions(long accountId) {
    return pool.preparedQuery(MEMBER_SESSIONS).execute(Tuple.of(accountId)).map(rows -> {
      java.util.List<MemberSession> sessions = new java.util.ArrayList<>();
      for (Row row : rows) {
        sessions.add(new MemberSession(row.getLong("id"), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("expires_at"), row.getString("address"), row.getString("user_agent")));
      }
      return sessions;
    });
  }

  /** Ends one of the member's browser sessions; false when they have none with that id. */
  public Future<Boolean> deleteMemberSession(long accountId, long sessionId) {
    return pool.preparedQuery(DELETE_MEMBER_SESSION).execute(Tuple.of(sessionId, accountId))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The live session with this hash, and its member (a closed member's sessions are not live). */
  public Future<Optional<Current>> byHash(byte[] sessionHash) {
    return pool.preparedQuery(BY_HASH).execute(Tuple.of(Buffer.buffer(sessionHash))).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      Long accountId = row.getLong("session_account_id");
      WebSession session = new WebSession(row.getLong("session_id"), accountId,
          row.getString("csrf_token"));
      if (accountId == null) {
        return Optional.of(new Current(session, Optional.empty(), Optional.empty()));
      }
      return Optional.of(new Current(session, Optional.of(AccountStore.map(row)),
          row.getValue("u_account_id") == null ? Optional.empty()
              : Optional.of(UserStore.map(row, "u_"))));
    });
  }

  public Future<Void> delete(long sessionId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(sessionId)).mapEmpty();
  }

  /** Ends every browser session of the member, in the caller's transaction. */
  public static Future<Void> deleteAll(io.vertx.sqlclient.SqlClient tx, long accountId) {
    return tx.preparedQuery(DELETE_ALL).execute(Tuple.of(accountId)).mapEmpty();
  }

  public Future<Void> purgeExpired() {
    return pool.query(PURGE).execute().compose(done -> pool.query(PURGE_FAILURES).execute())
        .mapEmpty();
  }

  /** A successful sign-in: the member's history (address, device, how) and the week's logins. */
  public Future<Void> recordLogin(long accountId, String address, String userAgent, String method) {
    return pool.preparedQuery(SIGN_IN).execute(Tuple.of(accountId, address, shortened(userAgent), method))
        .compose(done -> recordLogin(accountId));
  }

  public Future<Void> recordLogin(long accountId) {
    return pool.preparedQuery(LOGIN_WEEK).execute(Tuple.of(accountId)).mapEmpty();
  }

  /** The member's last 100 sign-ins, newest first. */
  public Future<java.util.List<SignIn>> signIns(long accountId) {
    return pool.preparedQuery(SIGN_INS).execute(Tuple.of(accountId)).map(rows -> {
      java.util.List<SignIn> signIns = new java.util.ArrayList<>();
      for (Row row : rows) {
        signIns.add(new SignIn(row.getOffsetDateTime("created_at"), row.getString("address"),
            row.getString("user_agent"), row.getString("method")));
      }
      return signIns;
    });
  }

  /** The last 10 addresses the member signed in from (and that are not yet erased), newest first. */
  public Future<java.util.List<AddressUse>> signInAddresses(long accountId) {
    return pool.preparedQuery(SIGN_IN_ADDRESSES).execute(Tuple.of(accountId)).map(rows -> {
      java.util.List<AddressUse> addresses = new java.util.ArrayList<>();
      for (Row row : rows) {
        addresses.add(new AddressUse(row.getString("ip"), row.getOffsetDateTime("used_at")));
      }
      return addresses;
    });
  }

  public Future<Void> recordFailure(String login, String address) {
    return pool.preparedQuery(FAILURE).execute(Tuple.of(login, address)).mapEmpty();
  }

  public Future<Failures> recentFailures(String login, String address, int loginWindowSeconds,
      int addressWindowSeconds) {
    return pool.preparedQuery(RECENT_FAILURES)
        .execute(Tuple.of(login, address, loginWindowSeconds, addressWindowSeconds))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Failures(row.getLong(0), row.getLong(1));
        });
  }

  private static String shortened(String userAgent) {
    return userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 300));
  }
}
