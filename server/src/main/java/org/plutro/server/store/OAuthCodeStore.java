package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.AccessToken;
import org.plutro.server.domain.AuthorizationCode;

/** Authorization codes: issued on consent, exchanged once for a token. Stored hashed. */
public final class OAuthCodeStore {
  private static final String INSERT = "INSERT INTO oauth_codes (code_hash, app_id, account_id,"
      + " redirect_uri, scopes, code_challenge, expires_at)"
      + " VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::int))";
  private static final String BY_HASH = "SELECT id, app_id, account_id, redirect_uri, scopes,"
      + " code_challenge, expires_at, used_at FROM oauth_codes WHERE code_hash = $1";
  // Only the first exchange wins, even when two arrive at once.
  private static final String USE = "UPDATE oauth_codes SET used_at = now()"
      + " WHERE id = $1 AND used_at IS NULL";
  private static final String REVOKE_ISSUED = "UPDATE oauth_tokens SET revoked_at = now()"
      + " WHERE code_id = $1 AND revoked_at IS NULL";
  private static final String INSERT_TOKEN = "INSERT INTO oauth_tokens (token_hash, app_id,"
      + " account_id, scopes, code_id) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at";

  private final Pool pool;

  public OAuthCodeStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(byte[] codeHash, long appId, long accountId, String redirectUri,
      List<String> scopes, String codeChallenge, int lifetimeSeconds) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(Buffer.buffer(codeHash), appId, accountId,
            redirectUri, scopes.toArray(String[]::new), codeChallenge, lifetimeSeconds))
        .mapEmpty();
  }

  public Future<Optional<AuthorizationCode>> byHash(byte[] codeHash) {
    return pool.preparedQuery(BY_HASH).execute(Tuple.of(Buffer.buffer(codeHash))).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new AuthorizationCode(row.getLong("id"), row.getLong("app_id"),
          row.getLong("account_id"), row.getString("redirect_uri"),
          Arrays.asList(row.getArrayOfStrings("scopes")), row.getString("code_challenge"),
          row.getOffsetDateTime("expires_at"), row.getOffsetDateTime("used_at")));
    });
  }

  /**
   * Spends the code and issues its token in one transaction; empty when the code was already
   * spent (a replay).
   */
  public Future<Optional<AccessToken>> exchange(AuthorizationCode code, byte[] tokenHash) {
    return pool.withTransaction(tx -> tx.preparedQuery(USE).execute(Tuple.of(code.id()))
        .compose(used -> {
          if (used.rowCount() == 0) {
            return Future.succeededFuture(Optional.<AccessToken>empty());
          }
          return tx.preparedQuery(INSERT_TOKEN).execute(Tuple.of(Buffer.buffer(tokenHash),
                  code.appId(), code.accountId(), code.scopes().toArray(String[]::new), code.id()))
              .map(rows -> {
                Row row = rows.iterator().next();
                return Optional.of(new AccessToken(row.getLong("id"), code.appId(),
                    code.accountId(), code.scopes(), row.getOffsetDateTime("created_at"), null));
              });
        }));
  }

  /** A replayed code: the tokens issued from it may be in an attacker's hands (RFC 6749 §4.1.2). */
  public Future<Integer> revokeTokensIssuedFrom(long codeId) {
    return pool.preparedQuery(REVOKE_ISSUED).execute(Tuple.of(codeId)).map(rows -> rows.rowCount());
  }
}
