package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.plutro.server.domain.CustomEmoji;

/** Custom emoji, ours and other servers' (see {@link CustomEmoji}). */
public final class CustomEmojiStore {
  /** Another server's emoji as its Emoji tag describes it; {@code updated} may be unknown (null). */
  public record Remote(String shortcode, String imageUrl, String mediaType, String uri,
      OffsetDateTime updated) {}

  private static final String COLUMNS = "e.id, e.shortcode, e.domain, e.image_url, e.file_name,"
      + " e.static_file_name, e.media_type, e.visible_in_picker, e.category, e.uri, e.updated_at";
  // A known emoji is written again only when its image or id changed, or it says it is newer; a
  // cached copy of its image (under its old or its new address) is then fetched afresh, by a job
  // that replaces it (RemoteMediaCache: "refresh", and the old address it "replaces").
  private static final String UPSERT_REMOTE = "WITH before AS (SELECT e.shortcode, e.image_url"
      + "   FROM custom_emojis e WHERE e.domain = $1 AND e.shortcode = ANY($2::text[])),"
      + " written AS (INSERT INTO custom_emojis AS e (shortcode, domain,"
      + " image_url, media_type, uri, updated_at)"
      + " SELECT t.shortcode, $1, t.image_url, t.media_type, t.uri, coalesce(t.updated, now())"
      + " FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])"
      + "   AS t (shortcode, image_url, media_type, uri, updated)"
      + " ON CONFLICT (shortcode, domain) DO UPDATE SET image_url = EXCLUDED.image_url,"
      + " media_type = EXCLUDED.media_type, uri = EXCLUDED.uri, updated_at = EXCLUDED.updated_at"
      + " WHERE e.image_url IS DISTINCT FROM EXCLUDED.image_url OR e.uri IS DISTINCT FROM EXCLUDED.uri"
      + " OR EXCLUDED.updated_at > e.updated_at"
      + " RETURNING e.shortcode, e.image_url)"
      + " INSERT INTO jobs (kind, payload) SELECT '" + RemoteMediaStore.FETCH_JOB + "',"
      + " jsonb_build_object('subject', w.image_url, 'kind', 'emoji', 'refresh', true,"
      + "   'replaces', b.image_url)"
      + " FROM written w JOIN before b ON b.shortcode = w.shortcode"
      + " WHERE EXISTS (SELECT 1 FROM remote_media r WHERE r.url IN (w.image_url, b.image_url))";
  private static final String LOCAL_BY_ID = "SELECT " + COLUMNS + " FROM custom_emojis e"
      + " WHERE e.domain IS NULL AND e.id = $1";
  // Which emoji a shortcode names depends on whose text it is: the account's own domain's. A
  // remote one's copy (its random file name) versions our address for it: a copy fetched again
  // at the same address is a new URL, which browsers that cached the old one for a year load.
  private static final String USED_BY = "SELECT w.account_id, " + COLUMNS
      + ", left(r.file_name, 8) AS copy_version"
      + " FROM unnest($1::int8[], $2::text[]) AS w (account_id, shortcode)"
      + " JOIN accounts a ON a.id = w.account_id"
      + " JOIN custom_emojis e ON e.shortcode = w.shortcode AND e.domain IS NOT DISTINCT FROM a.domain"
      + " LEFT JOIN remote_media r ON r.url = e.image_url";
  private static final String LOCAL_BY_SHORTCODES = "SELECT " + COLUMNS + " FROM custom_emojis e"
      + " WHERE e.domain IS NULL AND e.shortcode = ANY($1) ORDER BY e.shortcode";
  private static final String ALL_LOCAL = "SELECT " + COLUMNS + " FROM custom_emojis e"
      + " WHERE e.domain IS NULL ORDER BY e.category NULLS FIRST, e.shortcode";
  private static final String INSERT_LOCAL = "INSERT INTO custom_emojis AS e (shortcode, file_name,"
      + " static_file_name, media_type, category, visible_in_picker) VALUES ($1, $2, $3, $4, $5, true)"
      + " ON CONFLICT (shortcode, domain) DO NOTHING RETURNING " + COLUMNS;
  private static final String DELETE_LOCAL = "DELETE FROM custom_emojis e"
      + " WHERE e.domain IS NULL AND e.shortcode = $1 RETURNING " + COLUMNS;

  private final SqlClient client;

  public CustomEmojiStore(SqlClient client) {
    this.client = client;
  }

  /**
   * Records another server's emoji (one entry per shortcode), new or changed; a changed one whose
   * image we hold a copy of has that copy fetched again.
   */
  public Future<Void> upsertRemote(String domain, List<Remote> emojis) {
    if (emojis.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = emojis.size();
    String[] shortcodes = new String[n];
    String[] images = new String[n];
    String[] types = new String[n];
    String[] ids = new String[n];
    OffsetDateTime[] updated = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Remote emoji = emojis.get(i);
      shortcodes[i] = emoji.shortcode();
      images[i] = emoji.imageUrl();
      types[i] = emoji.mediaType();
      ids[i] = emoji.uri();
      updated[i] = emoji.updated();
    }
    return client.preparedQuery(UPSERT_REMOTE)
        .execute(Tuple.tuple().addString(domain).addArrayOfString(shortcodes).addArrayOfString(images)
            .addArrayOfString(types).addArrayOfString(ids).addArrayOfOffsetDateTime(updated))
        .mapEmpty();
  }

  /**
   * The emoji that the texts of these accounts (their profile, or their posts) name, by account
   * id and shortcode: each shortcode looked up among the account's own domain's emoji.
   */
  public Future<Map<Long, Map<String, CustomEmoji>>> usedBy(Map<Long, Set<String>> shortcodesByAccount) {
    List<Long> accountIds = new ArrayList<>();
    List<String> shortcodes = new ArrayList<>();
    shortcodesByAccount.forEach((accountId, codes) -> codes.forEach(code -> {
      accountIds.add(accountId);
      shortcodes.add(code);
    }));
    Map<Long, Map<String, CustomEmoji>> used = new HashMap<>();
    if (accountIds.isEmpty()) {
      return Future.succeededFuture(used);
    }
    return client.preparedQuery(USED_BY)
        .execute(Tuple.tuple().addArrayOfLong(accountIds.toArray(Long[]::new))
            .addArrayOfString(shortcodes.toArray(String[]::new)))
        .map(rows -> {
          for (Row row : rows) {
            CustomEmoji emoji = map(row);
            used.computeIfAbsent(row.getLong("account_id"), k -> new HashMap<>())
                .put(emoji.shortcode(), emoji);
          }
          return used;
        });
  }

  /** Our emoji with these shortcodes (for the tags of what we publish), by shortcode. */
  public static Future<List<CustomEmoji>> local(SqlClient client, Collection<String> shortcodes) {
    if (shortcodes.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return client.preparedQuery(LOCAL_BY_SHORTCODES)
        .execute(Tuple.tuple().addArrayOfString(shortcodes.toArray(String[]::new)))
        .map(CustomEmojiStore::list);
  }

  public Future<List<CustomEmoji>> local(Collection<String> shortcodes) {
    return local(client, shortcodes);
  }

  /** One of ours, by its id. */
  public Future<Optional<CustomEmoji>> localById(long id) {
    return client.preparedQuery(LOCAL_BY_ID).execute(Tuple.of(id)).map(CustomEmojiStore::first);
  }

  /** All of ours, by category then shortcode. */
  public Future<List<CustomEmoji>> allLocal() {
    return client.query(ALL_LOCAL).execute().map(CustomEmojiStore::list);
  }

  /** A new emoji of ours; empty when the shortcode is taken. */
  public Future<Optional<CustomEmoji>> insertLocal(String shortcode, String fileName,
      String staticFileName, String mediaType, String category) {
    return client.preparedQuery(INSERT_LOCAL)
        .execute(Tuple.of(shortcode, fileName, staticFileName, mediaType, category))
        .map(CustomEmojiStore::first);
  }

  /** Removes our emoji; answers it (for its files), or empty when there was none. */
  public Future<Optional<CustomEmoji>> deleteLocal(String shortcode) {
    return client.preparedQuery(DELETE_LOCAL).execute(Tuple.of(shortcode)).map(CustomEmojiStore::first);
  }

  private static List<CustomEmoji> list(RowSet<Row> rows) {
    List<CustomEmoji> emojis = new ArrayList<>(rows.size());
    rows.forEach(row -> emojis.add(map(row)));
    return emojis;
  }

  private static Optional<CustomEmoji> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
  }

  private static CustomEmoji map(Row row) {
    return new CustomEmoji(row.getLong("id"), row.getString("shortcode"), row.getString("domain"),
        row.getString("image_url"), row.getString("file_name"), row.getString("static_file_name"),
        row.getString("media_type"), row.getBoolean("visible_in_picker"), row.getString("category"),
        row.getString("uri"), row.getOffsetDateTime("updated_at"),
        row.getColumnIndex("copy_version") >= 0 ? row.getString("copy_version") : null);
  }
}
