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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.db.Batcher;
import org.plutro.server.domain.InteractionPolicy;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;

/** Posts and shares, local and remote. */
public final class StatusStore {
  static final String COLUMNS = "s.id, s.uri, s.url, s.account_id, s.local, s.in_reply_to_id,"
      + " s.in_reply_to_uri, s.content, s.source_text, s.spoiler_text, s.sensitive, s.language,"
      + " s.visibility, s.to_uris, s.cc_uris, s.reblog_of_id, s.created_at, s.edited_at, s.deleted_at,"
      + " s.replies_from, s.shares_from";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM statuses s WHERE s.id = $1";
  private static final String BY_URI = "SELECT " + COLUMNS + " FROM statuses s WHERE s.uri = $1";
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
  private static final String UPSERT_REMOTE = "INSERT INTO statuses (uri, url, account_id, local,"
      + " in_reply_to_id, in_reply_to_uri, content, spoiler_text, sensitive, language, visibility,"
      + " to_uris, cc_uris, created_at, reblog_of_id) VALUES ($1, $2, $3, false, $4, $5, $6, $7, $8,"
      + " $9, $10, $11, $12, $13, $14) ON CONFLICT (uri) DO NOTHING RETURNING id";
  private static final String INSERT_REMOTES = "INSERT INTO statuses (uri, url, account_id, local,"
      + " in_reply_to_id, in_reply_to_uri, content, spoiler_text, sensitive, language, visibility,"
      + " to_uris, cc_uris, created_at, reblog_of_id) SELECT DISTINCT ON (t.uri) t.uri, t.url,"
      + " t.account_id, false, t.in_reply_to_id, t.in_reply_to_uri, t.content, t.spoiler_text,"
      + " t.sensitive, t.language, t.visibility,"
      + " ARRAY(SELECT jsonb_array_elements_text(t.to_json::jsonb)),"
      + " ARRAY(SELECT jsonb_array_elements_text(t.cc_json::jsonb)), t.created_at, t.reblog_of_id"
      + " FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::text[], $6::text[],"
      + " $7::text[], $8::bool[], $9::text[], $10::text[], $11::text[], $12::text[],"
      + " $13::timestamptz[], $14::int8[]) WITH ORDINALITY AS t (uri, url, account_id,"
      + " in_reply_to_id, in_reply_to_uri, content, spoiler_text, sensitive, language, visibility,"
      + " to_json, cc_json, created_at, reblog_of_id, n) ORDER BY t.uri, t.n"
      + " ON CONFLICT (uri) DO NOTHING RETURNING id, uri";
  // Replies stored before their parent get its id once it arrives: once a batch, for all of it.
  private static final String ADOPT_ORPHANS = "UPDATE statuses c SET in_reply_to_id = p.id FROM statuses p"
      + " WHERE p.uri = ANY($1) AND c.in_reply_to_uri = p.uri AND c.in_reply_to_id IS NULL AND c.id <> p.id";
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

  private final SqlClient client;
  private final Batcher<Status, Optional<Long>> remoteInserts;

  public StatusStore(SqlClient client) {
    this.client = client;
    this.remoteInserts = new Batcher<>(64, 4, this::insertRemotes, this::insertRemoteOne);
  }

  public Future<Optional<Status>> byId(long id) {
    return one(client, BY_ID, Tuple.of(id));
  }

  public Future<Optional<Status>> byUri(String uri) {
    return one(client, BY_URI, Tuple.of(uri));
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
   * Stores a remote status unless its uri is known (a repeated delivery stores nothing); answers
   * the new id, or empty. Replies that came first are linked to it. Busy inboxes store many at
   * once: concurrent inserts share one statement and one commit.
   */
  public Future<Optional<Long>> insertRemote(Status status) {
    return remoteInserts.submit(status);
  }

  private Future<List<Optional<Long>>> insertRemotes(List<Status> statuses) {
    if (statuses.size() == 1) {
      return insertRemoteOne(statuses.get(0)).map(id -> List.of(id));
    }
    int size = statuses.size();
    Object[] columns = {new String[size], new String[size], new Long[size], new Long[size],
        new String[size], new String[size], new String[size], new Boolean[size], new String[size],
        new String[size], new String[size], new String[size], new OffsetDateTime[size],
        new Long[size]};
    for (int i = 0; i < size; i++) {
      Status status = statuses.get(i);
      Object[] row = {status.uri(), status.url(), status.accountId(), status.inReplyToId(),
          status.inReplyToUri(), status.content(), status.spoilerText(), status.sensitive(),
          status.language(), status.visibility().apiName(), new JsonArray(status.to()).encode(),
          new JsonArray(status.cc()).encode(), status.createdAt(), status.reblogOfId()};
      for (int column = 0; column < row.length; column++) {
        ((Object[]) columns[column])[i] = row[column];
      }
    }
    return client.preparedQuery(INSERT_REMOTES).execute(Tuple.from(columns)).compose(rows -> {
      Map<String, Long> inserted = new HashMap<>();
      rows.forEach(row -> inserted.put(row.getString("uri"), row.getLong("id")));
      return adoptOrphans(inserted.keySet()).map(done -> {
        List<Optional<Long>> ids = new ArrayList<>(size);
        // The same uri twice in one batch: the first one was stored, the second was a repeat.
        for (Status status : statuses) {
          ids.add(Optional.ofNullable(inserted.remove(status.uri())));
        }
        return ids;
      });
    });
  }

  private Future<Void> adoptOrphans(java.util.Collection<String> parentUris) {
    return parentUris.isEmpty() ? Future.succeededFuture()
        : client.preparedQuery(ADOPT_ORPHANS).execute(Tuple.of(parentUris.toArray(String[]::new))).mapEmpty();
  }

  private Future<Optional<Long>> insertRemoteOne(Status status) {
    return client.preparedQuery(UPSERT_REMOTE).execute(Tuple.from(new Object[] {status.uri(),
            status.url(), status.accountId(), status.inReplyToId(), status.inReplyToUri(),
            status.content(), status.spoilerText(), status.sensitive(), status.language(),
            status.visibility().apiName(), status.to().toArray(String[]::new),
            status.cc().toArray(String[]::new), status.createdAt(), status.reblogOfId()}))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<Long>empty())
            : adoptOrphans(List.of(status.uri())).map(Optional.of(rows.iterator().next().getLong(0))));
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
        InteractionPolicy.of(row.getString("replies_from"), row.getString("shares_from")));
  }
}
