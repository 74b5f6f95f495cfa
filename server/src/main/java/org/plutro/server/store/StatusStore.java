package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.InteractionPolicy;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;

/** Posts and shares, local and remote. */
public final class StatusStore {
  static final String COLUMNS = "s.id, s.uri, s.url, s.account_id, s.local, s.in_reply_to_id,"
      + " s.in_reply_to_uri, s.content, s.source_text, s.spoiler_text, s.sensitive, s.language,"
      + " s.visibility, s.to_uris, s.cc_uris, s.reblog_of_id, s.created_at, s.edited_at, s.deleted_at,"
      + " s.replies_from, s.shares_from, s.quotes_from";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM statuses s WHERE s.id = $1";
  private static final String BY_URI = "SELECT " + COLUMNS + " FROM statuses s WHERE s.uri = $1";
  private static final String BY_URIS = "SELECT " + COLUMNS + " FROM statuses s WHERE s.uri = ANY($1)";
  // A local status gets its URIs from its id, so the id is drawn first; it takes its author's
  // interaction policy as it stands at publishing.
  private static final String INSERT_LOCAL = "WITH new AS (SELECT next_id() AS id)"
      + " INSERT INTO statuses (id, uri, url, account_id, local, in_reply_to_id, in_reply_to_uri,"
      + " content, source_text, spoiler_text, sensitive, language, visibility, to_uris, cc_uris,"
      + " replies_from, shares_from)"
      + " SELECT new.id, $1 || '/statuses/' || new.id, $2 || '/' || new.id, $3, true, $4, $5, $6,"
      + " $7, $8, $9, $10, $11, $12, $13, nullif(p.replies_from, 'everyone'),"
      + " nullif(p.shares_from, 'everyone') FROM new"
      + " LEFT JOIN member_privacy p ON p.account_id = $3 RETURNING " + COLUMNS.replace("s.", "");
  // Remote posts, many in one statement; a uri already known (or twice in the list) is stored once.
  // Each takes its id from when it was published (see next_id_at).
  private static final String INSERT_REMOTES = "INSERT INTO statuses (id, uri, url, account_id, local,"
      + " in_reply_to_id, in_reply_to_uri, content, spoiler_text, sensitive, language, visibility,"
      + " to_uris, cc_uris, created_at, reblog_of_id, replies_from, shares_from, quotes_from)"
      + " SELECT DISTINCT ON (t.uri) next_id_at(t.created_at), t.uri, t.url,"
      + " t.account_id, false, t.in_reply_to_id, t.in_reply_to_uri, t.content, t.spoiler_text,"
      + " t.sensitive, t.language, t.visibility,"
      + " ARRAY(SELECT jsonb_array_elements_text(t.to_json::jsonb)),"
      + " ARRAY(SELECT jsonb_array_elements_text(t.cc_json::jsonb)), t.created_at, t.reblog_of_id,"
      + " t.replies_from, t.shares_from, t.quotes_from"
      + " FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::text[], $6::text[],"
      + " $7::text[], $8::bool[], $9::text[], $10::text[], $11::text[], $12::text[],"
      + " $13::timestamptz[], $14::int8[], $15::text[], $16::text[], $17::text[]) WITH ORDINALITY AS t"
      + " (uri, url, account_id, in_reply_to_id, in_reply_to_uri, content, spoiler_text, sensitive,"
      + " language, visibility, to_json, cc_json, created_at, reblog_of_id, replies_from, shares_from,"
      + " quotes_from, n)"
      + " ORDER BY t.uri, t.n ON CONFLICT (uri) DO NOTHING RETURNING id, uri";
  // Replies stored before their parent get its id once it arrives: once a batch, for all of it.
  private static final String ADOPT_ORPHANS = "UPDATE statuses c SET in_reply_to_id = p.id FROM statuses p"
      + " WHERE p.uri = ANY($1) AND c.in_reply_to_uri = p.uri AND c.in_reply_to_id IS NULL AND c.id <> p.id";
  // A remote post's interaction policy as its latest version says.
  private static final String REMOTE_POLICY = "UPDATE statuses SET replies_from = $2, shares_from = $3,"
      + " quotes_from = $4 WHERE id = $1 AND NOT local AND (replies_from IS DISTINCT FROM $2"
      + " OR shares_from IS DISTINCT FROM $3 OR quotes_from IS DISTINCT FROM $4)";
  private static final String TOMBSTONE = "UPDATE statuses SET deleted_at = now()"
      + " WHERE id = $1 AND deleted_at IS NULL";
  private static final String DELETE_REBLOG = "DELETE FROM statuses WHERE account_id = $1"
      + " AND reblog_of_id = $2 RETURNING uri";
  private static final String DELETE_REBLOG_BY_URI = "DELETE FROM statuses WHERE uri = $1"
      + " AND account_id = $2 AND reblog_of_id IS NOT NULL";
  private static final String REBLOG_URI = "SELECT uri FROM statuses WHERE account_id = $1"
      + " AND reblog_of_id = $2";
  private static final String BY_ACCOUNT = "SELECT " + COLUMNS + " FROM statuses s"
      + " WHERE s.account_id = $1 AND s.deleted_at IS NULL AND s.visibility = ANY($2)"
      + " AND s.id > $3 AND s.id < $4 ORDER BY s.id ";

  private static final String PUBLIC_PAGE = "SELECT " + COLUMNS + " FROM statuses s"
      + " WHERE s.account_id = $1 AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL"
      + " AND s.visibility IN ('public', 'unlisted') ORDER BY s.id DESC LIMIT $2 OFFSET $3";
  private static final String OWN_IDS = "SELECT id FROM statuses WHERE id = ANY($1) AND account_id = $2";
  private static final String OWN_IDS_BY_URI = "SELECT id FROM statuses WHERE uri = ANY($1) AND account_id = $2";
  private static final String PUBLIC_COUNT = "SELECT count(*) FROM statuses WHERE account_id = $1"
      + " AND deleted_at IS NULL AND reblog_of_id IS NULL AND visibility IN ('public', 'unlisted')";

  private final SqlClient client;

  public StatusStore(SqlClient client) {
    this.client = client;
  }

  public Future<Optional<Status>> byId(long id) {
    return one(client, BY_ID, Tuple.of(id));
  }

  public Future<Optional<Status>> byUri(String uri) {
    return one(client, BY_URI, Tuple.of(uri));
  }

  /** The statuses with these uris, by uri, read through {@code client} (it may be in a transaction). */
  public static Future<Map<String, Status>> byUris(SqlClient client, Collection<String> uris) {
    if (uris.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client.preparedQuery(BY_URIS).execute(Tuple.of(uris.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Status> found = new HashMap<>();
          rows.forEach(row -> found.put(row.getString("uri"), map(row)));
          return found;
        });
  }

  /** A new local post; its uri is {@code actorUri/statuses/id} and its url {@code profileUrl/id}. */
  public static Future<Status> insertLocal(SqlClient tx, String actorUri, String profileUrl,
      long accountId, Long inReplyToId, String inReplyToUri, String content, String sourceText,
      String spoilerText, boolean sensitive, String language, Visibility visibility,
      List<String> to, List<String> cc) {
    return tx.preparedQuery(INSERT_LOCAL).execute(Tuple.from(new Object[] {actorUri, profileUrl,
            accountId, inReplyToId, inReplyToUri, content, sourceText, spoilerText, sensitive,
            language, visibility.apiName(), to.toArray(String[]::new), cc.toArray(String[]::new)}))
        .map(rows -> map(rows.iterator().next()));
  }

  /**
   * Stores remote statuses whose uri is not known yet (the first of a uri given twice); answers
   * the ids of those stored by uri. See {@link RemotePostStore}, which writes what they carry too.
   */
  static Future<Map<String, Long>> insertRemotes(SqlClient tx, List<Status> statuses) {
    int size = statuses.size();
    Object[] columns = {new String[size], new String[size], new Long[size], new Long[size],
        new String[size], new String[size], new String[size], new Boolean[size], new String[size],
        new String[size], new String[size], new String[size], new OffsetDateTime[size],
        new Long[size], new String[size], new String[size], new String[size]};
    for (int i = 0; i < size; i++) {
      Status status = statuses.get(i);
      Object[] row = {status.uri(), status.url(), status.accountId(), status.inReplyToId(),
          status.inReplyToUri(), status.content(), status.spoilerText(), status.sensitive(),
          status.language(), status.visibility().apiName(), new JsonArray(status.to()).encode(),
          new JsonArray(status.cc()).encode(), status.createdAt(), status.reblogOfId(),
          status.policy().replies().column(), status.policy().shares().column(),
          status.policy().quotes().column()};
      for (int column = 0; column < row.length; column++) {
        ((Object[]) columns[column])[i] = row[column];
      }
    }
    return tx.preparedQuery(INSERT_REMOTES).execute(Tuple.from(columns)).map(rows -> {
      Map<String, Long> inserted = new HashMap<>();
      rows.forEach(row -> inserted.put(row.getString("uri"), row.getLong("id")));
      return inserted;
    });
  }

  /** Links the replies that were stored before these posts (by uri) to them. */
  static Future<Void> adoptOrphans(SqlClient tx, Collection<String> parentUris) {
    return parentUris.isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery(ADOPT_ORPHANS).execute(Tuple.of(parentUris.toArray(String[]::new))).mapEmpty();
  }

  /** Keeps the policy of a remote post's latest version. */
  static Future<Void> remotePolicy(SqlClient tx, long statusId, InteractionPolicy policy) {
    return tx.preparedQuery(REMOTE_POLICY)
        .execute(Tuple.of(statusId, policy.replies().column(), policy.shares().column(),
            policy.quotes().column())).mapEmpty();
  }

  public static Future<Boolean> tombstone(SqlClient client, long id) {
    return client.preparedQuery(TOMBSTONE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  public Future<Boolean> tombstone(long id) {
    return tombstone(client, id);
  }

  /** Removes an account's share of a status; answers the share's uri if there was one. */
  public static Future<Optional<String>> deleteReblog(SqlClient client, long accountId, long statusId) {
    return client.preparedQuery(DELETE_REBLOG).execute(Tuple.of(accountId, statusId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getString(0)));
  }

  public Future<Void> deleteReblog(long accountId, long statusId) {
    return deleteReblog(client, accountId, statusId).mapEmpty();
  }

  public Future<Void> deleteReblogByUri(String uri, long accountId) {
    return client.preparedQuery(DELETE_REBLOG_BY_URI).execute(Tuple.of(uri, accountId)).mapEmpty();
  }

  public Future<Optional<String>> reblogUri(long accountId, long statusId) {
    return client.preparedQuery(REBLOG_URI).execute(Tuple.of(accountId, statusId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getString(0)));
  }

  /** An account's posts that the viewer may see, newest first (or oldest first after min_id). */
  public Future<List<Status>> byAccount(long accountId, List<Visibility> visible, Page page) {
    String sql = BY_ACCOUNT + (page.ascending() ? "ASC" : "DESC") + " LIMIT $5";
    String[] visibilities = visible.stream().map(Visibility::apiName).toArray(String[]::new);
    return client.preparedQuery(sql)
        .execute(Tuple.of(accountId, visibilities, page.lower(), page.upper(), page.limit()))
        .map(rows -> {
          List<Status> statuses = all(rows);
          if (page.ascending()) {
            Collections.reverse(statuses);
          }
          return statuses;
        });
  }

  /** An account's own public and unlisted posts, newest first (the outbox). */
  /** Which of these post ids are the account's own posts. */
  public Future<List<Long>> ownIds(Long[] ids, long accountId) {
    return client.preparedQuery(OWN_IDS).execute(Tuple.of(ids, accountId)).map(StatusStore::longs);
  }

  /** The ids of the account's posts among these URIs. */
  public Future<List<Long>> ownIdsByUri(String[] uris, long accountId) {
    return client.preparedQuery(OWN_IDS_BY_URI).execute(Tuple.of(uris, accountId)).map(StatusStore::longs);
  }

  private static List<Long> longs(RowSet<Row> rows) {
    List<Long> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  /** How many posts {@link #publicPage} pages through. */
  public Future<Long> publicCount(long accountId) {
    return client.preparedQuery(PUBLIC_COUNT).execute(Tuple.of(accountId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<List<Status>> publicPage(long accountId, int limit, int offset) {
    return client.preparedQuery(PUBLIC_PAGE).execute(Tuple.of(accountId, limit, offset))
        .map(StatusStore::all);
  }

  static Future<Optional<Status>> one(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args).map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    });
  }

  static List<Status> all(RowSet<Row> rows) {
    List<Status> statuses = new ArrayList<>(rows.size());
    rows.forEach(row -> statuses.add(map(row)));
    return statuses;
  }

  static Status map(Row row) {
    return new Status(row.getLong("id"), row.getString("uri"), row.getString("url"),
        row.getLong("account_id"), row.getBoolean("local"), row.getLong("in_reply_to_id"),
        row.getString("in_reply_to_uri"), row.getString("content"), row.getString("source_text"),
        row.getString("spoiler_text"), row.getBoolean("sensitive"), row.getString("language"),
        Visibility.parse(row.getString("visibility")),
        Arrays.asList(row.getArrayOfStrings("to_uris")),
        Arrays.asList(row.getArrayOfStrings("cc_uris")), row.getLong("reblog_of_id"),
        row.getOffsetDateTime("created_at"), row.getOffsetDateTime("edited_at"),
        row.getOffsetDateTime("deleted_at"),
        InteractionPolicy.of(row.getString("replies_from"), row.getString("shares_from"),
            row.getString("quotes_from")));
  }
}
