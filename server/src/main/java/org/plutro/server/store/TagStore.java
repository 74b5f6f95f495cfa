package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hashtags: stored lower-case, found without regard to case, carried by posts, followed by
 * members, with a week of use.
 */
public final class TagStore {
  /** A hashtag as stored. */
  public record Tag(long id, String name) {}

  /** One day of a tag's use: posts under it and distinct authors. */
  public record Day(LocalDate day, long uses, long accounts) {}

  private static final String BY_NAMES = "SELECT id, name FROM tags WHERE lower(name) = ANY($1)";
  private static final String INSERT = "INSERT INTO tags (name) VALUES ($1) ON CONFLICT (name) DO NOTHING";
  private static final String UPSERT = "INSERT INTO tags (name) SELECT unnest($1::text[])"
      + " ON CONFLICT (name) DO NOTHING";
  private static final String LINK = "INSERT INTO status_tags (status_id, tag_id)"
      + " SELECT $1, t.id FROM tags t WHERE t.name = ANY($2) ON CONFLICT DO NOTHING";
  // Many posts' tags: the names new to us first, in one order (concurrent writers take the same
  // locks in the same order), then post $1[i] under the tag named $2[i].
  private static final String UPSERT_SORTED = "INSERT INTO tags (name)"
      + " SELECT DISTINCT n FROM unnest($1::text[]) AS n ORDER BY n ON CONFLICT (name) DO NOTHING";
  private static final String LINK_MANY = "INSERT INTO status_tags (status_id, tag_id)"
      + " SELECT l.status_id, t.id FROM unnest($1::int8[], $2::text[]) AS l (status_id, name)"
      + " JOIN tags t ON t.name = l.name ON CONFLICT DO NOTHING";
  private static final String UNLINK = "DELETE FROM status_tags WHERE status_id = $1";
  private static final String NAMES = "SELECT st.status_id, t.name FROM status_tags st"
      + " JOIN tags t ON t.id = st.tag_id WHERE st.status_id = ANY($1) ORDER BY st.status_id, t.name";
  private static final String FOLLOW = "INSERT INTO tag_follows (account_id, tag_id) VALUES ($1, $2)"
      + " ON CONFLICT DO NOTHING";
  private static final String UNFOLLOW = "DELETE FROM tag_follows WHERE account_id = $1 AND tag_id = $2";
  private static final String FOLLOWING = "SELECT tag_id FROM tag_follows WHERE account_id = $1"
      + " AND tag_id = ANY($2)";
  private static final String FOLLOWED = "SELECT f.id, t.id, t.name FROM tag_follows f"
      + " JOIN tags t ON t.id = f.tag_id WHERE f.account_id = $1 AND f.id > $2 AND f.id < $3"
      + " ORDER BY f.id %s LIMIT $4";
  // Prefix search on the lower-cased name; shorter (closer) names first.
  private static final String SEARCH = "SELECT id, name FROM tags WHERE lower(name) LIKE $1"
      + " ORDER BY length(name), name LIMIT $2 OFFSET $3";
  // Ids are milliseconds << 16, so a day's posts are an id range: the index on (tag, status) serves it.
  private static final String HISTORY = "SELECT st.tag_id,"
      + " (to_timestamp((st.status_id >> 16) / 1000.0) AT TIME ZONE 'UTC')::date AS day,"
      + " count(*) AS uses, count(DISTINCT s.account_id) AS accounts"
      + " FROM status_tags st JOIN statuses s ON s.id = st.status_id"
      + " WHERE st.tag_id = ANY($1) AND st.status_id >= $2 AND s.deleted_at IS NULL"
      + " GROUP BY 1, 2";

  private final SqlClient client;

  public TagStore(SqlClient client) {
    this.client = client;
  }

  /** The stored tags among these names (any case). */
  public Future<List<Tag>> byNames(Collection<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String[] lower = names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
    return client.preparedQuery(BY_NAMES).execute(Tuple.of((Object) lower)).map(TagStore::tags);
  }

  public Future<Optional<Tag>> byName(String name) {
    return byNames(List.of(name)).map(found -> found.stream().findFirst());
  }

  /** The tag with this name, created if new (following a tag nobody used yet creates it). */
  public Future<Tag> findOrCreate(String anyCase) {
    String name = anyCase.toLowerCase(java.util.Locale.ROOT);
    return byName(name).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
        : client.preparedQuery(INSERT).execute(Tuple.of(name))
            .compose(done -> byName(name)).map(Optional::orElseThrow));
  }

  public Future<Void> follow(long accountId, long tagId) {
    return client.preparedQuery(FOLLOW).execute(Tuple.of(accountId, tagId)).mapEmpty();
  }

  public Future<Void> unfollow(long accountId, long tagId) {
    return client.preparedQuery(UNFOLLOW).execute(Tuple.of(accountId, tagId)).mapEmpty();
  }

  /** Which of these tags the account follows. */
  public Future<Set<Long>> following(long accountId, Collection<Long> tagIds) {
    if (tagIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return client.preparedQuery(FOLLOWING)
        .execute(Tuple.tuple().addLong(accountId).addArrayOfLong(tagIds.toArray(Long[]::new)))
        .map(rows -> {
          Set<Long> ids = new HashSet<>();
          rows.forEach(row -> ids.add(row.getLong(0)));
          return ids;
        });
  }

  /** A page of the tags an account follows, each with its follow's id as the cursor. */
  public Future<List<Map.Entry<Long, Tag>>> followed(long accountId, Page page) {
    return client.preparedQuery(String.format(FOLLOWED, page.ascending() ? "ASC" : "DESC"))
        .execute(Tuple.of(accountId, page.lower(), page.upper(), page.limit()))
        .map(rows -> {
          List<Map.Entry<Long, Tag>> items = new ArrayList<>();
          for (Row row : rows) {
            items.add(Map.entry(row.getLong(0), new Tag(row.getLong(1), row.getString(2))));
          }
          if (page.ascending()) {
            java.util.Collections.reverse(items);
          }
          return items;
        });
  }

  /** Tags whose name starts with {@code prefix} (any case). */
  public Future<List<Tag>> search(String prefix, int limit, int offset) {
    String pattern = prefix.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
        .replace("%", "\\%").replace("_", "\\_") + "%";
    return client.preparedQuery(SEARCH).execute(Tuple.of(pattern, limit, offset)).map(TagStore::tags);
  }

  /** Uses per day since {@code since} (UTC), per tag. */
  public Future<Map<Long, Map<LocalDate, Day>>> history(Collection<Long> tagIds, LocalDate since) {
    Map<Long, Map<LocalDate, Day>> history = new HashMap<>();
    if (tagIds.isEmpty()) {
      return Future.succeededFuture(history);
    }
    long fromId = (since.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli()) << 16;
    return client.preparedQuery(HISTORY).execute(Tuple.of(tagIds.toArray(Long[]::new), fromId))
        .map(rows -> {
          for (Row row : rows) {
            LocalDate day = row.getLocalDate("day");
            history.computeIfAbsent(row.getLong("tag_id"), id -> new HashMap<>())
                .put(day, new Day(day, row.getLong("uses"), row.getLong("accounts")));
          }
          return history;
        });
  }

  /** Sets the status's hashtags to exactly {@code names} (already lower-case). */
  public static Future<Void> replace(SqlClient tx, long statusId, Collection<String> names) {
    Future<?> unlinked = tx.preparedQuery(UNLINK).execute(Tuple.of(statusId));
    if (names.isEmpty()) {
      return unlinked.mapEmpty();
    }
    String[] array = names.toArray(String[]::new);
    return unlinked.compose(done -> tx.preparedQuery(UPSERT).execute(Tuple.tuple().addArrayOfString(array)))
        .compose(done -> tx.preparedQuery(LINK)
            .execute(Tuple.tuple().addLong(statusId).addArrayOfString(array)))
        .mapEmpty();
  }

  /** Puts new posts under their hashtags (already lower-case): post id to names. */
  public static Future<Void> link(SqlClient tx, Map<Long, ? extends Collection<String>> namesByStatus) {
    List<Long> statusIds = new ArrayList<>();
    List<String> names = new ArrayList<>();
    namesByStatus.forEach((statusId, its) -> its.forEach(name -> {
      statusIds.add(statusId);
      names.add(name);
    }));
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] nameArray = names.toArray(String[]::new);
    return tx.preparedQuery(UPSERT_SORTED).execute(Tuple.tuple().addArrayOfString(nameArray))
        .compose(done -> tx.preparedQuery(LINK_MANY).execute(Tuple.tuple()
            .addArrayOfLong(statusIds.toArray(Long[]::new)).addArrayOfString(nameArray)))
        .mapEmpty();
  }

  public Future<Void> replace(long statusId, Collection<String> names) {
    return replace(client, statusId, names);
  }

  /** The hashtag names of each of these statuses. */
  public static Future<Map<Long, List<String>>> of(SqlClient client, Collection<Long> statusIds) {
    Map<Long, List<String>> byStatus = new HashMap<>();
    if (statusIds.isEmpty()) {
      return Future.succeededFuture(byStatus);
    }
    return client.preparedQuery(NAMES).execute(Tuple.of(statusIds.toArray(Long[]::new)))
        .map(rows -> {
          for (Row row : rows) {
            byStatus.computeIfAbsent(row.getLong(0), id -> new ArrayList<>()).add(row.getString(1));
          }
          return byStatus;
        });
  }

  public Future<Map<Long, List<String>>> of(Collection<Long> statusIds) {
    return of(client, statusIds);
  }

  private static List<Tag> tags(RowSet<Row> rows) {
    List<Tag> tags = new ArrayList<>(rows.size());
    rows.forEach(row -> tags.add(new Tag(row.getLong(0), row.getString(1))));
    return tags;
  }
}
