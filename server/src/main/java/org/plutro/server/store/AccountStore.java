package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ActorKeys;
import org.plutro.server.domain.PublishedKey;

/** Accounts: local members, the instance actor and cached remote actors. */
public final class AccountStore {
  public static final String COLUMNS = "a.id, a.username, a.domain, a.uri, a.url, a.actor_type, a.display_name,"
      + " a.note, a.note_source, a.avatar_url, a.header_url, a.fields, a.locked, a.bot, a.discoverable, a.indexable,"
      + " a.hide_collections, a.inbox_url, a.shared_inbox_url, a.outbox_url, a.followers_url,"
      + " a.following_url, a.featured_url, a.public_key_id, a.public_key_pem, a.created_at,"
      + " a.updated_at, a.fetched_at, a.deleted_at, a.suspended_at, a.silenced_at, a.sensitized_at";

  /**
   * A condition on {@code a}: the account is published. A local sign-up that may not act yet (its
   * address not confirmed, or waiting for a moderator) is not: to the world it does not exist yet
   * (no actor, WebFinger, profile or search result), as Mastodon hides it. Remote accounts and the
   * instance actor have no {@code users} row and always are.
   */
  public static final String PUBLISHED = "NOT EXISTS (SELECT 1 FROM users pu WHERE pu.account_id = a.id"
      + " AND (pu.confirmed_at IS NULL OR NOT pu.approved))";

  private static final String BY_ID = "SELECT " + COLUMNS + " FROM accounts a WHERE a.id = $1";
  private static final String BY_URI = "SELECT " + COLUMNS + " FROM accounts a WHERE a.uri = $1";
  private static final String BY_URIS = "SELECT " + COLUMNS + " FROM accounts a WHERE a.uri = ANY($1)";
  private static final String ANY_LOCAL_BY_USERNAME = "SELECT " + COLUMNS
      + " FROM accounts a WHERE lower(a.username) = lower($1) AND a.domain IS NULL";
  private static final String LOCAL_BY_USERNAME = ANY_LOCAL_BY_USERNAME + " AND " + PUBLISHED;
  private static final String PUBLISHED_BY_ID = BY_ID + " AND " + PUBLISHED;
  private static final String PUBLISHED_BY_URI = BY_URI + " AND " + PUBLISHED;
  // A local actor with all its document shows, and the versions of the rows it comes from.
  private static final String LOCAL_ACTOR = "SELECT " + COLUMNS + ", a.also_known_as, a.moved_to_uri,"
      + " k.rsa_public_pem, k.ed25519_public_pem, a.xmin::text::int8 AS version,"
      + " k.xmin::text::int8 AS keys_version FROM accounts a LEFT JOIN actor_keys k ON k.account_id = a.id"
      + " WHERE lower(a.username) = lower($1) AND a.domain IS NULL AND " + PUBLISHED;
  private static final String REMOTE_BY_HANDLE = "SELECT " + COLUMNS
      + " FROM accounts a WHERE lower(a.username) = lower($1) AND lower(a.domain) = lower($2)";
  private static final String LOCAL_MEMBERS = "SELECT " + COLUMNS
      + " FROM accounts a JOIN users u ON u.account_id = a.id ORDER BY a.id";
  private static final String INSERT_LOCAL = "INSERT INTO accounts (username, uri, url, actor_type,"
      + " inbox_url, shared_inbox_url, outbox_url, followers_url, following_url, featured_url,"
      + " public_key_id, public_key_pem) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
      + " RETURNING id";
  private static final String INSERT_KEYS = "INSERT INTO actor_keys (account_id, rsa_private_pem,"
      + " rsa_public_pem, ed25519_private_pem, ed25519_public_pem) VALUES ($1, $2, $3, $4, $5)";
  private static final String KEYS = "SELECT rsa_private_pem, rsa_public_pem, ed25519_private_pem,"
      + " ed25519_public_pem FROM actor_keys WHERE account_id = $1";
  // A local member's own profile; null leaves a column as it is.
  private static final String UPDATE_PROFILE = "UPDATE accounts SET"
      + " display_name = coalesce($2, display_name), note = coalesce($3, note),"
      + " note_source = coalesce($4, note_source), avatar_url = coalesce($5, avatar_url),"
      + " header_url = coalesce($6, header_url), fields = coalesce(fields_keep_verified($7::jsonb, fields), fields),"
      + " locked = coalesce($8, locked), bot = coalesce($9, bot),"
      + " discoverable = coalesce($10, discoverable), indexable = coalesce($11, indexable),"
      + " hide_collections = coalesce($12, hide_collections), updated_at = now()"
      + " WHERE id = $1 AND domain IS NULL AND deleted_at IS NULL";
  private static final String ED25519_KEY = "SELECT a.uri, k.ed25519_private_pem FROM accounts a"
      + " JOIN actor_keys k ON k.account_id = a.id WHERE a.id = $1";

  private static final String BY_KEY_ID = "SELECT " + COLUMNS + ", k.algorithm, k.public_key_pem AS key_pem"
      + " FROM account_keys k JOIN accounts a ON a.id = k.account_id"
      + " WHERE k.key_id = $1 AND a.deleted_at IS NULL";
  private static final String DROP_KEYS = "DELETE FROM account_keys WHERE account_id = $1"
      + " AND NOT (key_id = ANY($2::text[]))";
  // A key id another actor holds stays theirs (WHERE): an actor cannot take over a key by listing it.
  private static final String PUT_KEYS = "INSERT INTO account_keys (key_id, account_id, algorithm,"
      + " public_key_pem) SELECT key_id, $1, algorithm, pem"
      + " FROM unnest($2::text[], $3::text[], $4::text[]) AS k(key_id, algorithm, pem)"
      + " ON CONFLICT (key_id) DO UPDATE SET algorithm = EXCLUDED.algorithm,"
      + " public_key_pem = EXCLUDED.public_key_pem WHERE account_keys.account_id = EXCLUDED.account_id";
  private static final String FORGET_KEYS = "DELETE FROM account_keys WHERE account_id = $1";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String UPSERT = "INSERT INTO accounts AS a (username, domain, uri, url,"
      + " actor_type, display_name, note, avatar_url, header_url, fields, locked, bot, discoverable,"
      + " indexable, inbox_url, shared_inbox_url, outbox_url, followers_url, following_url,"
      + " featured_url, public_key_id, public_key_pem, fetched_at, updated_at, silenced_at,"
      + " silenced_by_domain)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
      + " $19, $20, $21, $22, now(), now(),"
      // First seen from a domain a block silences: silenced by it, as if it had been there before
      // (read from the blocks themselves, not a process's copy of them, so none slips through).
      + " CASE WHEN domain_silenced($2) THEN now() END, domain_silenced($2))"
      + " ON CONFLICT (uri) DO UPDATE SET username = EXCLUDED.username, url = EXCLUDED.url,"
      + " actor_type = EXCLUDED.actor_type, display_name = EXCLUDED.display_name,"
      + " note = EXCLUDED.note, avatar_url = EXCLUDED.avatar_url, header_url = EXCLUDED.header_url,"
      + " fields = fields_keep_verified(EXCLUDED.fields, a.fields), locked = EXCLUDED.locked, bot = EXCLUDED.bot,"
      + " discoverable = EXCLUDED.discoverable, indexable = EXCLUDED.indexable,"
      + " inbox_url = EXCLUDED.inbox_url, shared_inbox_url = EXCLUDED.shared_inbox_url,"
      + " outbox_url = EXCLUDED.outbox_url, followers_url = EXCLUDED.followers_url,"
      + " following_url = EXCLUDED.following_url, featured_url = EXCLUDED.featured_url,"
      + " public_key_id = EXCLUDED.public_key_id, public_key_pem = EXCLUDED.public_key_pem,"
      + " fetched_at = now(), updated_at = now() WHERE a.domain IS NOT NULL"
      + " RETURNING " + COLUMNS.replace("a.", "");
  // Only fields still holding a verified value are marked: an edit made meanwhile is verified anew.
  private static final String MARK_FIELDS_VERIFIED = "UPDATE accounts SET fields = (SELECT"
      + " jsonb_agg(CASE WHEN f ->> 'value' = ANY($2) AND NOT f ? 'verified_at'"
      + " THEN f || jsonb_build_object('verified_at', $3::text) ELSE f END ORDER BY n)"
      + " FROM jsonb_array_elements(fields) WITH ORDINALITY AS t(f, n))"
      + " WHERE id = $1 AND jsonb_array_length(fields) > 0";
  private static final String FORGET = "UPDATE accounts SET deleted_at = now() WHERE id = $1";
  private static final String FORGET_FOLLOWS = "DELETE FROM follows WHERE account_id = $1 OR target_account_id = $1";
  private static final String FORGET_STATUSES = "UPDATE statuses SET deleted_at = now()"
      + " WHERE account_id = $1 AND deleted_at IS NULL";
  private static final String FORGET_FAVOURITES = "DELETE FROM favourites WHERE account_id = $1";
  private static final String FORGET_BLOCKS = "DELETE FROM blocks WHERE account_id = $1 OR target_account_id = $1";
  private static final String SUSPENDED_IDS = "SELECT id FROM accounts WHERE suspended_at IS NOT NULL";

  private final Pool pool;
  private final SqlClient client;

  public AccountStore(Pool pool, SqlClient client) {
    this.pool = pool;
    this.client = client;
  }

  public Future<Optional<Account>> byId(long id) {
    return one(client, BY_ID, Tuple.of(id));
  }

  /** Marks the account's fields whose value is one of {@code values} as verified {@code at}. */
  public Future<Void> markFieldsVerified(long accountId, List<String> values, String at) {
    return client.preparedQuery(MARK_FIELDS_VERIFIED).execute(Tuple.tuple().addLong(accountId)
        .addArrayOfString(values.toArray(String[]::new)).addString(at)).mapEmpty();
  }

  public Future<Optional<Account>> byUri(String uri) {
    return one(client, BY_URI, Tuple.of(uri));
  }

  /** The accounts with these uris, by uri, read through {@code client} (it may be in a transaction). */
  public static Future<Map<String, Account>> byUris(SqlClient client, Collection<String> uris) {
    if (uris.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client.preparedQuery(BY_URIS).execute(Tuple.of(uris.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Account> found = new HashMap<>();
          rows.forEach(row -> found.put(row.getString("uri"), map(row)));
          return found;
        });
  }

  /** The account with this id, read through {@code client} (it may be in a transaction). */
  public static Future<Optional<Account>> byId(SqlClient client, long id) {
    return one(client, BY_ID, Tuple.of(id));
  }

  /** The account, unless it is a sign-up not yet published (see {@link #PUBLISHED}). */
  public Future<Optional<Account>> publishedById(long id) {
    return one(client, PUBLISHED_BY_ID, Tuple.of(id));
  }

  /** The account, unless it is a sign-up not yet published (see {@link #PUBLISHED}). */
  public Future<Optional<Account>> publishedByUri(String uri) {
    return one(client, PUBLISHED_BY_URI, Tuple.of(uri));
  }

  /**
   * A local account (a member, closed or not, or the instance actor) as the world may find it: a
   * sign-up not yet published is not found (see {@link #PUBLISHED}).
   */
  public Future<Optional<Account>> localByUsername(String username) {
    return one(client, LOCAL_BY_USERNAME, Tuple.of(username));
  }

  /** A local account, published or not: for the admin's command line. */
  public Future<Optional<Account>> anyLocalByUsername(String username) {
    return one(client, ANY_LOCAL_BY_USERNAME, Tuple.of(username));
  }

  /**
   * A local actor and what its document shows besides the account: its public keys (the private
   * halves are not read) and its move. {@code version} changes whenever any of them does.
   */
  public record LocalActor(Account account, ActorKeys publicKeys, MoveStore.Identity identity,
      long version) {}

  /** The local actor with this username, in one query. */
  public Future<Optional<LocalActor>> localActor(String username) {
    return client.preparedQuery(LOCAL_ACTOR).execute(Tuple.of(username)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      String[] aliases = row.getArrayOfStrings("also_known_as");
      // Row versions are 32-bit transaction ids: both fit in one number.
      Long keysVersion = row.getLong("keys_version");
      return Optional.of(new LocalActor(map(row),
          keysVersion == null ? null : new ActorKeys(null, row.getString("rsa_public_pem"), null,
              row.getString("ed25519_public_pem")),
          new MoveStore.Identity(aliases == null ? List.of() : Arrays.asList(aliases),
              row.getString("moved_to_uri")),
          row.getLong("version") << 32 | (keysVersion == null ? 0 : keysVersion)));
    });
  }

  public Future<Optional<Account>> remoteByHandle(String username, String domain) {
    return one(client, REMOTE_BY_HANDLE, Tuple.of(username, domain));
  }

  public Future<List<Account>> localMembers() {
    return client.query(LOCAL_MEMBERS).execute().map(AccountStore::all);
  }

  /** A change to a member's profile; null leaves that part as it is. */
  public record ProfileChange(String displayName, String noteHtml, String noteSource, String avatarUrl,
      String headerUrl, JsonArray fields, Boolean locked, Boolean bot, Boolean discoverable,
      Boolean indexable, Boolean hideCollections) {}

  /** Changes a local member's profile, in the caller's transaction. */
  public static Future<Void> updateProfile(SqlClient tx, long accountId, ProfileChange c) {
    return tx.preparedQuery(UPDATE_PROFILE).execute(Tuple.from(new Object[] {accountId, c.displayName(),
        c.noteHtml(), c.noteSource(), c.avatarUrl(), c.headerUrl(), c.fields(), c.locked(), c.bot(),
        c.discoverable(), c.indexable(), c.hideCollections()})).mapEmpty();
  }

  /** A local actor's URI and the PEM of its Ed25519 private key (for integrity proofs). */
  public record Ed25519Key(String actorUri, String privatePem) {}

  /** A local actor's Ed25519 key, read through {@code client} (it may be in a transaction). */
  public static Future<Optional<Ed25519Key>> ed25519Key(SqlClient client, long accountId) {
    return client.preparedQuery(ED25519_KEY).execute(Tuple.of(accountId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.<Ed25519Key>empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Ed25519Key(row.getString(0), row.getString(1)));
    });
  }

  public Future<Optional<ActorKeys>> keys(long accountId) {
    return client.preparedQuery(KEYS).execute(Tuple.of(accountId)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new ActorKeys(row.getString(0), row.getString(1), row.getString(2),
          row.getString(3)));
    });
  }

  /** A remote actor's published key and the actor, by the key's id (a deleted actor has none). */
  public record OwnedKey(Account owner, PublishedKey key) {}

  public Future<Optional<OwnedKey>> byKeyId(String keyId) {
    return client.preparedQuery(BY_KEY_ID).execute(Tuple.of(keyId)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new OwnedKey(map(row),
          new PublishedKey(keyId, row.getString("algorithm"), row.getString("key_pem"))));
    });
  }

  /**
   * Inserts or refreshes a remote actor from the 22 values of {@link #UPSERT} (username, domain,
   * uri, url, type, name, note, avatar, header, fields, locked, bot, discoverable, indexable,
   * inbox, shared inbox, outbox, followers, following, featured, key id, key PEM), and makes its
   * stored keys the ones it now publishes, in one transaction. A local account is never
   * overwritten: that answers empty.
   */
  public Future<Optional<Account>> upsertRemote(Object[] values, List<PublishedKey> keys) {
    // Two deliveries from an actor we do not know yet arrive together (one server's burst, or two
    // processes): both insert it, and the second can trip over the first on (username, domain)
    // before it reaches the uri its ON CONFLICT handles. Once the first has committed, the second
    // attempt is an update.
    return upsertRemoteOnce(values, keys).recover(failure -> failure instanceof PgException pg
        && UNIQUE_VIOLATION.equals(pg.getSqlState())
        ? upsertRemoteOnce(values, keys) : Future.failedFuture(failure));
  }

  private Future<Optional<Account>> upsertRemoteOnce(Object[] values, List<PublishedKey> keys) {
    String[] ids = keys.stream().map(PublishedKey::keyId).toArray(String[]::new);
    String[] algorithms = keys.stream().map(PublishedKey::algorithm).toArray(String[]::new);
    String[] pems = keys.stream().map(PublishedKey::publicKeyPem).toArray(String[]::new);
    return pool.withTransaction(tx -> one(tx, UPSERT, Tuple.from(values)).compose(stored -> {
      if (stored.isEmpty()) {
        return Future.succeededFuture(stored);
      }
      long id = stored.get().id();
      return tx.preparedQuery(DROP_KEYS).execute(Tuple.tuple().addLong(id).addArrayOfString(ids))
          .compose(done -> tx.preparedQuery(PUT_KEYS).execute(Tuple.tuple().addLong(id)
              .addArrayOfString(ids).addArrayOfString(algorithms).addArrayOfString(pems)))
          .map(stored);
    }));
  }

  /** A remote actor deleted itself: its posts (shares too), follows, likes and blocks go with it. */
  /** The ids of every suspended account. */
  public Future<java.util.Set<Long>> suspendedIds() {
    return client.query(SUSPENDED_IDS).execute().map(rows -> {
      java.util.Set<Long> ids = new java.util.HashSet<>();
      rows.forEach(row -> ids.add(row.getLong(0)));
      return ids;
    });
  }

  public Future<Void> forgetRemote(long accountId) {
    Tuple id = Tuple.of(accountId);
    return pool.withTransaction(tx -> tx.preparedQuery(FORGET).execute(id)
        .compose(done -> tx.preparedQuery(FORGET_KEYS).execute(id))
        .compose(done -> tx.preparedQuery(FORGET_FOLLOWS).execute(id))
        .compose(done -> tx.preparedQuery(FORGET_STATUSES).execute(id))
        .compose(done -> tx.preparedQuery(FORGET_FAVOURITES).execute(id))
        .compose(done -> tx.preparedQuery(FORGET_BLOCKS).execute(id))
        .mapEmpty());
  }

  /** A new local actor with its keys; runs inside the caller's transaction. */
  public static Future<Long> insertLocalActor(SqlClient tx, NewLocalActor actor, ActorKeys keys) {
    return tx.preparedQuery(INSERT_LOCAL).execute(Tuple.from(new Object[] {
            actor.username(), actor.uri(), actor.url(), actor.actorType(), actor.inbox(),
            actor.sharedInbox(), actor.outbox(), actor.followers(), actor.following(),
            actor.featured(), actor.keyId(), keys.rsaPublicPem()}))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> tx.preparedQuery(INSERT_KEYS)
            .execute(Tuple.of(id, keys.rsaPrivatePem(), keys.rsaPublicPem(),
                keys.ed25519PrivatePem(), keys.ed25519PublicPem()))
            .map(id));
  }

  /** What a new local actor's row holds; every URI comes from {@code Uris}. */
  public record NewLocalActor(String username, String uri, String url, String actorType,
      String inbox, String sharedInbox, String outbox, String followers, String following,
      String featured, String keyId) {}

  static Future<Optional<Account>> one(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args).map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    });
  }

  static List<Account> all(RowSet<Row> rows) {
    List<Account> accounts = new ArrayList<>(rows.size());
    for (Row row : rows) {
      accounts.add(map(row));
    }
    return accounts;
  }

  public static Account map(Row row) {
    Object fields = row.getValue("fields");
    return new Account(row.getLong("id"), row.getString("username"), row.getString("domain"),
        row.getString("uri"), row.getString("url"), row.getString("actor_type"),
        row.getString("display_name"), row.getString("note"), row.getString("note_source"),
        row.getString("avatar_url"),
        row.getString("header_url"), fields instanceof JsonArray array ? array : new JsonArray(),
        row.getBoolean("locked"), row.getBoolean("bot"), row.getBoolean("discoverable"),
        row.getBoolean("indexable"), row.getBoolean("hide_collections"), row.getString("inbox_url"),
        row.getString("shared_inbox_url"), row.getString("outbox_url"),
        row.getString("followers_url"), row.getString("following_url"),
        row.getString("featured_url"), row.getString("public_key_id"),
        row.getString("public_key_pem"), row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("fetched_at"),
        row.getOffsetDateTime("deleted_at"), row.getOffsetDateTime("suspended_at"),
        row.getOffsetDateTime("silenced_at"), row.getOffsetDateTime("sensitized_at"));
  }
}
