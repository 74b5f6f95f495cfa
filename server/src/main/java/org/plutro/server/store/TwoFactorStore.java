package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Members' two-factor sign-in: the sealed TOTP secret, the recovery codes' hashes, and the
 * half-signed-in state between a right password and a right code (bound to a browser session).
 */
public final class TwoFactorStore {
  private static final String BY_ACCOUNT = "SELECT secret_sealed, enabled_at IS NOT NULL AS enabled"
      + " FROM two_factor WHERE account_id = $1";
  // A new set-up replaces one not finished; an enabled secret is never replaced this way.
  private static final String BEGIN = "INSERT INTO two_factor (account_id, secret_sealed)"
      + " VALUES ($1, $2) ON CONFLICT (account_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed,"
      + " created_at = now(), last_used_step = NULL WHERE two_factor.enabled_at IS NULL";
  private static final String ENABLE = "UPDATE two_factor SET enabled_at = now(), last_used_step = $2"
      + " WHERE account_id = $1 AND enabled_at IS NULL RETURNING account_id";
  private static final String DISABLE = "DELETE FROM two_factor WHERE account_id = $1";
  // A step is used once: this or an older step's code is refused afterwards (RFC 6238 §5.2).
  private static final String USE_STEP = "UPDATE two_factor SET last_used_step = $2"
      + " WHERE account_id = $1 AND (last_used_step IS NULL OR last_used_step < $2) RETURNING account_id";
  private static final String DELETE_CODES = "DELETE FROM two_factor_recovery_codes WHERE account_id = $1";
  private static final String INSERT_CODE = "INSERT INTO two_factor_recovery_codes (account_id, code_hash)"
      + " VALUES ($1, $2)";
  private static final String USE_CODE = "UPDATE two_factor_recovery_codes SET used_at = now()"
      + " WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id";
  private static final String CODES_LEFT = "SELECT count(*) FROM two_factor_recovery_codes"
      + " WHERE account_id = $1 AND used_at IS NULL";
  private static final String CHALLENGE = "INSERT INTO two_factor_challenges (session_id, account_id,"
      + " login, via, return_to, expires_at) VALUES ($1, $2, $3, $4, $5,"
      + " now() + make_interval(secs => $6::int)) ON CONFLICT (session_id) DO UPDATE SET"
      + " account_id = EXCLUDED.account_id, login = EXCLUDED.login, via = EXCLUDED.via,"
      + " return_to = EXCLUDED.return_to, failures = 0, expires_at = EXCLUDED.expires_at";
  private static final String PENDING = "SELECT account_id, login, via, return_to, failures"
      + " FROM two_factor_challenges WHERE session_id = $1 AND expires_at > now()";
  private static final String FAILED = "UPDATE two_factor_challenges SET failures = failures + 1"
      + " WHERE session_id = $1 RETURNING failures";
  private static final String END = "DELETE FROM two_factor_challenges WHERE session_id = $1"
      + " RETURNING account_id";
  private static final String PURGE = "DELETE FROM two_factor_challenges WHERE expires_at < now()";

  /** A member's second factor: {@code enabled} is false while it is being set up. */
  public record Secret(byte[] sealed, boolean enabled) {}

  /**
   * A right password waiting for its code: who, the login they typed (for throttling), how they
   * are signing in, where to go afterwards, and the wrong codes so far.
   */
  public record Challenge(long accountId, String login, String via, String returnTo, int failures) {}

  private final Pool pool;

  public TwoFactorStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<Secret>> secret(long accountId) {
    return pool.preparedQuery(BY_ACCOUNT).execute(Tuple.of(accountId)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new Secret(row.getBuffer("secret_sealed").getBytes(), row.getBoolean("enabled")));
    });
  }

  /** Keeps a new secret being set up (not if two-factor sign-in is already on). */
  public Future<Void> begin(long accountId, byte[] sealed) {
    return pool.preparedQuery(BEGIN).execute(Tuple.of(accountId, Buffer.buffer(sealed))).mapEmpty();
  }

  /**
   * Turns it on, with the step of the code that proved the app works (used up) and new recovery
   * codes; false if it was on already.
   */
  public Future<Boolean> enable(long accountId, long usedStep, List<byte[]> recoveryCodeHashes) {
    return pool.withTransaction(tx -> tx.preparedQuery(ENABLE).execute(Tuple.of(accountId, usedStep))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : replaceCodes(tx, accountId, recoveryCodeHashes).map(true)));
  }

  /** Turns it off: the secret and the recovery codes are forgotten. */
  public Future<Void> disable(long accountId) {
    return pool.withTransaction(tx -> tx.preparedQuery(DISABLE).execute(Tuple.of(accountId))
        .compose(done -> tx.preparedQuery(DELETE_CODES).execute(Tuple.of(accountId))).mapEmpty());
  }

  /** Uses the code of {@code step}: false if it, or a later one, was used already. */
  public Future<Boolean> useStep(long accountId, long step) {
    return pool.preparedQuery(USE_STEP).execute(Tuple.of(accountId, step)).map(rows -> rows.rowCount() == 1);
  }

  /** Replaces every recovery code with these. */
  public Future<Void> replaceRecoveryCodes(long accountId, List<byte[]> hashes) {
    return pool.withTransaction(tx -> replaceCodes(tx, accountId, hashes));
  }

  /** Uses a recovery code: false if it is not one of the member's or was used already. */
  public Future<Boolean> useRecoveryCode(long accountId, byte[] hash) {
    return pool.preparedQuery(USE_CODE).execute(Tuple.of(accountId, Buffer.buffer(hash)))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Long> recoveryCodesLeft(long accountId) {
    return pool.preparedQuery(CODES_LEFT).execute(Tuple.of(accountId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Future<Void> replaceCodes(SqlClient tx, long accountId, List<byte[]> hashes) {
    List<Tuple> batch = new ArrayList<>();
    for (byte[] hash : hashes) {
      batch.add(Tuple.of(accountId, Buffer.buffer(hash)));
    }
    return tx.preparedQuery(DELETE_CODES).execute(Tuple.of(accountId))
        .compose(done -> tx.preparedQuery(INSERT_CODE).executeBatch(batch)).mapEmpty();
  }

  /** Starts (or restarts) the wait for a code in this browser session. */
  public Future<Void> challenge(long sessionId, long accountId, String login, String via,
      String returnTo, int lifetimeSeconds) {
    return pool.preparedQuery(CHALLENGE)
        .execute(Tuple.of(sessionId, accountId, login, via, returnTo, lifetimeSeconds))
        .compose(done -> pool.query(PURGE).execute()).mapEmpty();
  }

  /** The wait for a code in this session, if it has not expired. */
  public Future<Optional<Challenge>> pending(long sessionId) {
    return pool.preparedQuery(PENDING).execute(Tuple.of(sessionId)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new Challenge(row.getLong("account_id"), row.getString("login"),
          row.getString("via"), row.getString("return_to"), row.getInteger("failures")));
    });
  }

  /** Counts a wrong code; the number of wrong codes so far. */
  public Future<Integer> failed(long sessionId) {
    return pool.preparedQuery(FAILED).execute(Tuple.of(sessionId)).map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? it.next().getInteger(0) : Integer.MAX_VALUE;
    });
  }

  /** Ends the wait; true if this call ended it (so that only one right answer signs in). */
  public Future<Boolean> end(long sessionId) {
    return pool.preparedQuery(END).execute(Tuple.of(sessionId)).map(rows -> rows.rowCount() == 1);
  }
}
