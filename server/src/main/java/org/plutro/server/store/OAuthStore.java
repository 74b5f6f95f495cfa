package org.plutro.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.plutro.server.domain.AccessToken;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.OAuthApp;

/**
 * OAuth applications and access tokens. Secrets and tokens are stored only as SHA-256 hashes.
 *
 * <p>Every authenticated request checks its token, so checks are kept for a minute. Whatever could
 * change a check's answer (a revocation; a change to the member's account or user row) is
 * announced on {@link #CHANGES} by V260's triggers, and every process forgets what it concerns;
 * the process that makes the change forgets it at once too. The minute bounds what an
 * announcement lost with the listening connection could leave (reconnecting forgets all).
 */
public final class OAuthStore {
  public static final String CHANGES = "plutro_auth";
  private static final Duration KEPT = Duration.ofMinutes(1);
  private static final int KEPT_CHECKS = 10_000;
  private static final String INSERT_APP = "INSERT INTO oauth_apps (name, website, redirect_uris,"
      + " scopes, client_id, client_secret_hash) VALUES ($1, $2, $3, $4, $5, $6)"
      + " RETURNING id, created_at";
  private static final String APP_BY_CLIENT_ID = "SELECT id, name, website, redirect_uris, scopes,"
      + " client_id, client_secret_hash FROM oauth_apps WHERE client_id = $1";
  private static final String APP_BY_ID = "SELECT id, name, website, redirect_uris, scopes,"
      + " client_id, client_secret_hash FROM oauth_apps WHERE id = $1";
  private static final String INSERT_TOKEN = "INSERT INTO oauth_tokens (token_hash, app_id,"
      + " account_id, scopes) VALUES ($1, $2, $3, $4) RETURNING id, created_at";
  // The token and its member in one round trip: every authenticated request starts here.
  private static final String TOKEN = "SELECT t.id AS token_id, t.app_id, t.account_id, t.scopes,"
      + " t.created_at AS token_created_at, t.last_used_at, " + AccountStore.COLUMNS + ","
      + " u.confirmed_at IS NOT NULL AS member_confirmed, coalesce(u.approved, false) AS member_approved"
      + " FROM oauth_tokens t LEFT JOIN accounts a ON a.id = t.account_id"
      + " LEFT JOIN users u ON u.account_id = t.account_id"
      + " WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND a.deleted_at IS NULL"
      // A suspended or disabled member's tokens stop working until a moderator lifts it.
      + " AND a.suspended_at IS NULL AND NOT coalesce(u.disabled, false)";
  // Every way into the account an app holds: tokens, their push subscriptions, codes not yet
  // exchanged (Mastodon's revoke_access!).
  private static final String REVOKE_ALL = "WITH tokens AS (UPDATE oauth_tokens SET revoked_at = now()"
      + " WHERE account_id = $1 AND revoked_at IS NULL RETURNING id),"
      + " pushes AS (DELETE FROM push_subscriptions WHERE account_id = $1),"
      + " codes AS (DELETE FROM oauth_codes WHERE account_id = $1)"
      + " SELECT count(*) FROM tokens";
  // A member's token in use counts as a login this week (the instance activity's logins).
  private static final String TOUCH = "WITH touched AS (UPDATE oauth_tokens SET last_used_at = now(),"
      + " last_address = $2, user_agent = $3 WHERE id = $1 RETURNING account_id)"
      + " INSERT INTO login_weeks (week, account_id) SELECT date_trunc('week', now() AT TIME ZONE 'UTC')::date,"
      + " account_id FROM touched WHERE account_id IS NOT NULL ON CONFLICT DO NOTHING";
  private static final String IS_REVOKED = "SELECT EXISTS (SELECT 1 FROM oauth_tokens"
      + " WHERE token_hash = $1 AND revoked_at IS NOT NULL)";
  private static final String REVOKE = "UPDATE oauth_tokens SET revoked_at = now()"
      + " WHERE token_hash = $1 AND app_id = $2 AND revoked_at IS NULL";
  private static final String ACTIVE_MEMBERS_SINCE = "SELECT count(DISTINCT t.account_id)"
      + " FROM oauth_tokens t JOIN accounts a ON a.id = t.account_id"
      + " WHERE a.deleted_at IS NULL AND t.last_used_at > now() - make_interval(days => $1)"
      // A sign-up not yet let in is no member yet (as in UserStore's count).
      + " AND " + AccountStore.PUBLISHED;

  private static final String TOKEN_APP = "SELECT app_id FROM oauth_tokens WHERE token_hash = $1";
  private static final String AUTHORIZED_APPS = "SELECT a.id, a.name, a.website,"
      + " min(t.created_at) AS authorized_at, max(t.last_used_at) AS last_used_at,"
      + " array_agg(DISTINCT s.scope ORDER BY s.scope) AS scopes"
      + " FROM oauth_tokens t JOIN oauth_apps a ON a.id = t.app_id, unnest(t.scopes) AS s (scope)"
      + " WHERE t.account_id = $1 AND t.revoked_at IS NULL"
      + " GROUP BY a.id, a.name, a.website ORDER BY min(t.created_at), a.id";
  private static final String SESSIONS = "SELECT t.id, a.name, t.created_at, t.last_used_at,"
      + " t.last_address, t.user_agent, t.scopes FROM oauth_tokens t LEFT JOIN oauth_apps a ON a.id = t.app_id"
      + " WHERE t.account_id = $1 AND t.revoked_at IS NULL ORDER BY coalesce(t.last_used_at, t.created_at) DESC";
  private static final String REVOKE_SESSION = "UPDATE oauth_tokens SET revoked_at = now() WHERE id = $1"
      + " AND account_id = $2 AND revoked_at IS NULL";
  private static final String REVOKE_APP = "UPDATE oauth_tokens SET revoked_at = now()"
      + " WHERE account_id = $1 AND app_id = $2 AND revoked_at IS NULL";

  /** An app holding live tokens for a member: what the member sees and may revoke. */
  public record AuthorizedApp(long appId, String name, String website, List<String> scopes,
      java.time.OffsetDateTime authorizedAt, java.time.OffsetDateTime lastUsedAt) {}

  /** A member's live token as the sessions page shows it (the address may have been erased). */
  public record Session(long tokenId, String appName, List<String> scopes, java.time.OffsetDateTime createdAt,
      java.time.OffsetDateTime lastUsedAt, String lastAddress, String userAgent) {}

  private final Pool pool;
  /** Live tokens by hash, with their member, as checked within the last minute. */
  private final Cache<ByteBuffer, Bearer> checked;
  /** Counts what was forgotten, so that a check made meanwhile is not kept. */
  private final AtomicLong changes = new AtomicLong();

  public OAuthStore(Pool pool) {
    this(pool, Ticker.systemTicker());
  }

  /** With the clock that ages the kept checks, for tests. */
  OAuthStore(Pool pool, Ticker ticker) {
    this.pool = pool;
    // Shared by the event loops; evictions run on the thread that writes, not the common pool.
    this.checked = Caffeine.newBuilder().maximumSize(KEPT_CHECKS).expireAfterWrite(KEPT)
        .ticker(ticker).executor(Runnable::run).build();
  }

  public Future<OAuthApp> insertApp(String name, String website, List<String> redirectUris,
      List<String> scopes, String clientId, byte[] secretHash) {
    return pool.preparedQuery(INSERT_APP)
        .execute(Tuple.of(name, website, redirectUris.toArray(String[]::new),
            scopes.toArray(String[]::new), clientId, Buffer.buffer(secretHash)))
        .map(rows -> new OAuthApp(rows.iterator().next().getLong("id"), name, website,
            redirectUris, scopes, clientId, secretHash));
  }

  public Future<Optional<OAuthApp>> appByClientId(String clientId) {
    return app(APP_BY_CLIENT_ID, Tuple.of(clientId));
  }

  public Future<Optional<OAuthApp>> appById(long id) {
    return app(APP_BY_ID, Tuple.of(id));
  }

  public static Future<AccessToken> insertToken(SqlClient client, byte[] tokenHash, long appId,
      Long accountId, List<String> scopes) {
    return client.preparedQuery(INSERT_TOKEN)
        .execute(Tuple.of(Buffer.buffer(tokenHash), appId, accountId, scopes.toArray(String[]::new)))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new AccessToken(row.getLong("id"), appId, accountId, scopes,
              row.getOffsetDateTime("created_at"), null);
        });
  }

  public Future<AccessToken> insertToken(byte[] tokenHash, long appId, Long accountId,
      List<String> scopes) {
    return insertToken(pool, tokenHash, appId, accountId, scopes);
  }

  /** A live token: not revoked, and its member's account not closed. */
  /**
   * A live token and the member it acts for (empty for an app's own token), and whether that
   * member has confirmed their address and been let in (false for an app's own token).
   */
  public record Bearer(AccessToken token, Optional<Account> account, boolean confirmed,
      boolean approved) {}

  /** The live token with this hash and its member, as checked within the last minute. */
  public Future<Optional<Bearer>> token(byte[] tokenHash) {
    ByteBuffer key = ByteBuffer.wrap(tokenHash);
    Bearer kept = checked.getIfPresent(key);
    if (kept != null) {
      return Future.succeededFuture(Optional.of(kept));
    }
    // A change announced while the query runs may concern its answer: that answer is not kept.
    long changesBefore = changes.get();
    return check(tokenHash).onSuccess(found -> {
      if (found.isPresent() && changes.get() == changesBefore) {
        checked.put(key, found.get());
      }
    });
  }

  /** Forgets the checks of this account's tokens: its account or user row changed. */
  public void forgetAccount(long accountId) {
    changes.incrementAndGet();
    checked.asMap().values().removeIf(kept -> Long.valueOf(accountId).equals(kept.token().accountId()));
  }

  /** Forgets every check: tokens were revoked, or announcements may have been missed. */
  public void forgetAll() {
    changes.incrementAndGet();
    checked.invalidateAll();
  }

  /** An announcement on {@link #CHANGES}: {@code account:<id>}, {@code token:<id>}. */
  public void onChange(String notice) {
    int colon = notice.indexOf(':');
    long id;
    try {
      id = Long.parseLong(notice.substring(colon + 1));
    } catch (NumberFormatException e) {
      forgetAll();
      return;
    }
    if (notice.startsWith("account:")) {
      forgetAccount(id);
    } else {
      forgetToken(id);
    }
  }

  private void forgetToken(long tokenId) {
    changes.incrementAndGet();
    checked.asMap().values().removeIf(kept -> kept.token().id() == tokenId);
  }

  private Future<Optional<Bearer>> check(byte[] tokenHash) {
    return pool.preparedQuery(TOKEN).execute(Tuple.of(Buffer.buffer(tokenHash))).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      AccessToken token = new AccessToken(row.getLong("token_id"), row.getLong("app_id"),
          row.getLong("account_id"), Arrays.asList(row.getArrayOfStrings("scopes")),
          row.getOffsetDateTime("token_created_at"), row.getOffsetDateTime("last_used_at"));
      return Optional.of(new Bearer(token, token.accountId() == null ? Optional.empty()
          : Optional.of(AccountStore.map(row)), row.getBoolean("member_confirmed"),
          row.getBoolean("member_approved")));
    });
  }

  /** Records a token's use: when, from which address, with which client. */
  public Future<Void> touch(long tokenId, String address, String userAgent) {
    return pool.preparedQuery(TOUCH).execute(Tuple.of(tokenId, address, userAgent))
        // The kept check still holds the old time of use, which would touch again at every request.
        .onSuccess(done -> forgetToken(tokenId)).mapEmpty();
  }

  /** The app a token (live or not) was issued to. */
  public Future<Optional<Long>> tokenAppId(byte[] tokenHash) {
    return pool.preparedQuery(TOKEN_APP).execute(Tuple.of(Buffer.buffer(tokenHash))).map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? Optional.of(it.next().getLong(0)) : Optional.<Long>empty();
    });
  }

  public Future<List<AuthorizedApp>> authorizedApps(long accountId) {
    return pool.preparedQuery(AUTHORIZED_APPS).execute(Tuple.of(accountId)).map(rows -> {
      List<AuthorizedApp> apps = new java.util.ArrayList<>();
      for (Row row : rows) {
        apps.add(new AuthorizedApp(row.getLong("id"), row.getString("name"),
            row.getString("website"), Arrays.asList(row.getArrayOfStrings("scopes")),
            row.getOffsetDateTime("authorized_at"), row.getOffsetDateTime("last_used_at")));
      }
      return apps;
    });
  }

  /** The member's live tokens, the most recently used first. */
  public Future<List<Session>> sessions(long accountId) {
    return pool.preparedQuery(SESSIONS).execute(Tuple.of(accountId)).map(rows -> {
      List<Session> sessions = new java.util.ArrayList<>();
      for (Row row : rows) {
        sessions.add(new Session(row.getLong("id"), row.getString("name"),
            Arrays.asList(row.getArrayOfStrings("scopes")), row.getOffsetDateTime("created_at"),
            row.getOffsetDateTime("last_used_at"), row.getString("last_address"), row.getString("user_agent")));
      }
      return sessions;
    });
  }

  /** Revokes one of the member's live tokens; false when there was none with that id. */
  public Future<Boolean> revokeSession(long accountId, long tokenId) {
    return pool.preparedQuery(REVOKE_SESSION).execute(Tuple.of(tokenId, accountId))
        .onSuccess(rows -> forgetAccount(accountId))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Revokes every token the member gave this app; false when it held none. */
  public Future<Boolean> revokeApp(long accountId, long appId) {
    return pool.preparedQuery(REVOKE_APP).execute(Tuple.of(accountId, appId))
        .onSuccess(rows -> forgetAccount(accountId))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * Ends every app's access to the member's account, in the caller's transaction: their tokens
   * are revoked, their push subscriptions and unexchanged codes deleted. Call
   * {@link #forgetAccount} after commit.
   */
  public static Future<Void> revokeAll(SqlClient tx, long accountId) {
    return tx.preparedQuery(REVOKE_ALL).execute(Tuple.of(accountId)).mapEmpty();
  }

  /** Whether this token existed and was revoked (for the 401's wording). */
  public Future<Boolean> isRevoked(byte[] tokenHash) {
    return pool.preparedQuery(IS_REVOKED).execute(Tuple.of(Buffer.buffer(tokenHash)))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Revokes a token issued to this app; a token of another app or an unknown one is left alone. */
  public Future<Boolean> revoke(byte[] tokenHash, long appId) {
    return pool.preparedQuery(REVOKE).execute(Tuple.of(Buffer.buffer(tokenHash), appId))
        .onSuccess(rows -> {
          changes.incrementAndGet();
          checked.invalidate(ByteBuffer.wrap(tokenHash));
        })
        .map(rows -> rows.rowCount() > 0);
  }

  /** Members who used a token within the last {@code days} days (NodeInfo's active users). */
  public Future<Long> activeMembers(int days) {
    return pool.preparedQuery(ACTIVE_MEMBERS_SINCE).execute(Tuple.of(days))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private Future<Optional<OAuthApp>> app(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new OAuthApp(row.getLong("id"), row.getString("name"),
          row.getString("website"), Arrays.asList(row.getArrayOfStrings("redirect_uris")),
          Arrays.asList(row.getArrayOfStrings("scopes")), row.getString("client_id"),
          row.getBuffer("client_secret_hash").getBytes()));
    });
  }
}
