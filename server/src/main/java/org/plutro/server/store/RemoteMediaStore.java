package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Remote files copied here (see {@code RemoteMediaCache}): one row per origin URL, with its files'
 * names, or why it is not cached. Also queues the jobs that fetch them.
 */
public final class RemoteMediaStore {
  /** The job that fetches one remote file (payload: url, kind, account). */
  public static final String FETCH_JOB = "remote-media.fetch";

  /** One origin URL's state: its files (null when {@code failure} says why there are none). */
  public record Cached(long id, String url, String kind, Long accountId, String contentType,
      String fileName, String previewName, long fileSize, Integer width, Integer height,
      String blurhash, String failure) {
    public boolean stored() {
      return fileName != null;
    }
  }

  /** A remote file to fetch: its origin, its kind ({@code RemoteMediaUrls.Kind}), whose it is. */
  public record Wanted(String url, String kind, Long accountId) {}

  private static final String COLUMNS = "id, url, kind, account_id, content_type, file_name,"
      + " preview_name, file_size, width, height, blurhash, failure";
  private static final String BY_URL = "SELECT " + COLUMNS + " FROM remote_media WHERE url = $1";
  // A later fetch of the same URL (the cache evicted it, or two processes raced) replaces the row.
  private static final String FILL_ATTACHMENTS = "UPDATE media_attachments SET"
      + " width = CASE WHEN width IS NULL OR height IS NULL THEN $2 ELSE width END,"
      + " height = CASE WHEN width IS NULL OR height IS NULL THEN $3 ELSE height END,"
      + " blurhash = coalesce(blurhash, $4) WHERE remote_url = $1 AND file_name IS NULL"
      + " AND (width IS NULL OR height IS NULL OR blurhash IS NULL)";
  private static final String RECORD = "WITH old AS (SELECT file_name, preview_name FROM remote_media"
      + " WHERE url = $1) INSERT INTO remote_media (url, kind, account_id,"
      + " content_type, file_name, preview_name, file_size, width, height, blurhash, failure)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (url) DO UPDATE SET"
      + " content_type = EXCLUDED.content_type, file_name = EXCLUDED.file_name,"
      + " preview_name = EXCLUDED.preview_name, file_size = EXCLUDED.file_size,"
      + " width = EXCLUDED.width, height = EXCLUDED.height, blurhash = EXCLUDED.blurhash,"
      + " failure = EXCLUDED.failure, account_id = coalesce(remote_media.account_id, EXCLUDED.account_id),"
      + " fetched_at = now()"
      + " RETURNING " + COLUMNS + ", (SELECT file_name FROM old) AS old_file,"
      + " (SELECT preview_name FROM old) AS old_preview";
  // One job per URL not cached yet and not already queued.
  private static final String QUEUE = "INSERT INTO jobs (kind, payload)"
      + " SELECT '" + FETCH_JOB + "', jsonb_build_object('subject', w.url, 'kind', w.kind,"
      + " 'account', w.account) FROM (SELECT DISTINCT ON (url) * FROM unnest($1::text[], $2::text[],"
      + " $3::int8[]) AS t (url, kind, account)) w"
      + " WHERE NOT EXISTS (SELECT 1 FROM remote_media r WHERE r.url = w.url)"
      + " AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind = '" + FETCH_JOB + "'"
      + " AND j.payload ? 'subject' AND j.payload ->> 'subject' = w.url)";
  // Its files, whoever first asked for them (a reader may have, before the job did).
  private static final String PURGE_ACCOUNT = "DELETE FROM remote_media WHERE account_id = $1"
      + " OR url IN (SELECT avatar_url FROM accounts WHERE id = $1"
      + " UNION ALL SELECT header_url FROM accounts WHERE id = $1"
      + " UNION ALL SELECT remote_url FROM media_attachments WHERE account_id = $1)"
      + " RETURNING file_name, preview_name";
  // A link preview's picture: the card gets the size and BlurHash of our copy where its page gave none.
  private static final String FILL_CARDS = "UPDATE preview_cards SET"
      + " width = CASE WHEN width = 0 OR height = 0 THEN $2 ELSE width END,"
      + " height = CASE WHEN width = 0 OR height = 0 THEN $3 ELSE height END,"
      + " blurhash = coalesce(blurhash, $4) WHERE image_url = $1"
      + " AND (width = 0 OR height = 0 OR blurhash IS NULL)";
  // Cards no post shows any more (none, or only deleted ones), fetched longer ago than $1 days, and
  // the copies of their pictures (unless another card still uses the same picture).
  private static final String FORGET_UNUSED_CARDS = "WITH gone AS (DELETE FROM preview_cards c"
      + "   WHERE c.fetched_at < now() - make_interval(days => $1)"
      + "   AND NOT EXISTS (SELECT 1 FROM status_cards sc JOIN statuses s ON s.id = sc.status_id"
      + "     WHERE sc.card_id = c.id AND s.deleted_at IS NULL) RETURNING c.id, c.image_url)"
      + " DELETE FROM remote_media r WHERE r.kind = 'card' AND r.url IN (SELECT image_url FROM gone)"
      + " AND NOT EXISTS (SELECT 1 FROM preview_cards k WHERE k.image_url = r.url"
      + "   AND k.id NOT IN (SELECT id FROM gone))"
      + " RETURNING file_name, preview_name";
  private static final String FORGET = "DELETE FROM remote_media WHERE url = $1 RETURNING file_name, preview_name";
  private static final String TOTAL_BYTES = "SELECT coalesce(sum(file_size), 0) AS total FROM remote_media";
  // The oldest cached files, until at least $1 bytes of them are gone.
  private static final String EVICT_OLDEST = "DELETE FROM remote_media WHERE id IN (SELECT id FROM"
      + " (SELECT id, sum(file_size) OVER (ORDER BY fetched_at, id) - file_size AS before"
      + " FROM remote_media WHERE file_name IS NOT NULL) o WHERE before < $1)"
      + " RETURNING file_name, preview_name";
  // Refusals are remembered for a while, then the URL may be tried again.
  private static final String FORGET_FAILURES = "DELETE FROM remote_media WHERE file_name IS NULL"
      + " AND fetched_at < now() - make_interval(days => $1)";

  private final SqlClient client;

  public RemoteMediaStore(SqlClient client) {
    this.client = client;
  }

  public Future<Optional<Cached>> byUrl(String url) {
    return client.preparedQuery(BY_URL).execute(Tuple.of(url)).map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    });
  }

  /**
   * Records what became of a fetch (files, or a failure); answers the row and the names of files
   * it replaced, which the caller deletes.
   */
  /** Gives remote attachments linked to {@code url} the size and hash of our copy, where their origin sent none. */
  public Future<Void> fillAttachments(String url, int width, int height, String blurhash) {
    return client.preparedQuery(FILL_ATTACHMENTS).execute(Tuple.of(url, width, height, blurhash))
        .mapEmpty();
  }

  public Future<Recorded> record(Cached cached) {
    return client.preparedQuery(RECORD).execute(Tuple.from(new Object[] {cached.url(), cached.kind(),
            cached.accountId(), cached.contentType(), cached.fileName(), cached.previewName(),
            cached.fileSize(), cached.width(), cached.height(), cached.blurhash(), cached.failure()}))
        .map(rows -> {
          Row row = rows.iterator().next();
          List<String> replaced = new ArrayList<>();
          for (String column : new String[] {"old_file", "old_preview"}) {
            String name = row.getString(column);
            if (name != null && !name.equals(cached.fileName()) && !name.equals(cached.previewName())) {
              replaced.add(name);
            }
          }
          return new Recorded(map(row), replaced);
        });
  }

  /** A recorded row, and the file names of the row it replaced. */
  public record Recorded(Cached cached, List<String> replaced) {}

  /** Queues a fetch of each file not cached or queued yet; in the caller's transaction. */
  public static Future<Void> queueFetches(SqlClient tx, List<Wanted> wanted) {
    if (wanted.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] urls = new String[wanted.size()];
    String[] kinds = new String[wanted.size()];
    Long[] accounts = new Long[wanted.size()];
    for (int i = 0; i < wanted.size(); i++) {
      urls[i] = wanted.get(i).url();
      kinds[i] = wanted.get(i).kind();
      accounts[i] = wanted.get(i).accountId();
    }
    return tx.preparedQuery(QUEUE).execute(Tuple.of(urls, kinds, accounts)).mapEmpty();
  }

  public Future<Void> queueFetches(List<Wanted> wanted) {
    return queueFetches(client, wanted);
  }

  /** Forgets an account's files; answers their names. */
  public Future<List<String>> purgeAccount(long accountId) {
    return client.preparedQuery(PURGE_ACCOUNT).execute(Tuple.of(accountId)).map(RemoteMediaStore::names);
  }

  /** Gives link previews whose picture is {@code url} the size and hash of our copy, where their page gave none. */
  public Future<Void> fillCards(String url, int width, int height, String blurhash) {
    return client.preparedQuery(FILL_CARDS).execute(Tuple.of(url, width, height, blurhash)).mapEmpty();
  }

  /** Deletes link previews no post shows, older than {@code days}, and forgets their pictures; answers the files' names. */
  public Future<List<String>> forgetUnusedCards(int days) {
    return client.preparedQuery(FORGET_UNUSED_CARDS).execute(Tuple.of(days)).map(RemoteMediaStore::names);
  }

  /** Forgets the file of this address; answers its names. */
  public Future<List<String>> forget(String url) {
    return client.preparedQuery(FORGET).execute(Tuple.of(url)).map(RemoteMediaStore::names);
  }

  public Future<Long> totalBytes() {
    return client.preparedQuery(TOTAL_BYTES).execute().map(rows -> rows.iterator().next().getLong("total"));
  }

  /** Forgets the oldest files until about {@code bytes} are freed; answers their names. */
  public Future<List<String>> evictOldest(long bytes) {
    return client.preparedQuery(EVICT_OLDEST).execute(Tuple.of(bytes)).map(RemoteMediaStore::names);
  }

  public Future<Void> forgetFailures(int days) {
    return client.preparedQuery(FORGET_FAILURES).execute(Tuple.of(days)).mapEmpty();
  }

  private static List<String> names(RowSet<Row> rows) {
    List<String> names = new ArrayList<>();
    for (Row row : rows) {
      for (String column : new String[] {"file_name", "preview_name"}) {
        if (row.getString(column) != null) {
          names.add(row.getString(column));
        }
      }
    }
    return names;
  }

  private static Cached map(Row row) {
    return new Cached(row.getLong("id"), row.getString("url"), row.getString("kind"),
        row.getLong("account_id"), row.getString("content_type"), row.getString("file_name"),
        row.getString("preview_name"), row.getLong("file_size"), row.getInteger("width"),
        row.getInteger("height"), row.getString("blurhash"), row.getString("failure"));
  }
}
