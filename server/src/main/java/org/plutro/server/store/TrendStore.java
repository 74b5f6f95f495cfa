package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.PreviewCard;
import org.plutro.server.domain.Status;

/**
 * The {@code trends} table (V450) and what the trends are counted from: hashtags, posts and links
 * of public activity, here and from the servers we hear from, over the last two days. Only what
 * anyone may read is counted: public posts, not shares, no content warning or sensitive media, by
 * accounts that are neither suspended, limited (silenced) nor closed, each account once.
 */
public final class TrendStore {
  /** The kinds of trend, as the table names them. */
  public enum Kind {
    TAG("tag"), STATUS("status"), LINK("link");

    public final String column;

    Kind(String column) {
      this.column = column;
    }
  }

  /** Distinct accounts over the last day ({@code observed}) and the day before ({@code expected}). */
  public record Count(long itemId, long observed, long expected, OffsetDateTime createdAt) {}

  /** A trend row: its score now, the best score and when it was reached, and the moderators' review. */
  public record Trend(long itemId, double score, double maxScore, OffsetDateTime maxScoreAt, String review) {}

  /** A link's card with its id (the trend's item). */
  public record Card(long id, PreviewCard card) {}

  /** A score to store. */
  public record Scored(long itemId, double score, double maxScore, OffsetDateTime maxScoreAt) {}

  // Ids are milliseconds << 16: "created in the last two days" is first an id range on the index.
  private static final String SINCE_ID = "((extract(epoch FROM now() - interval '2 days') * 1000)::int8 << 16)";
  private static final String COUNTED_POST = " s.id >= " + SINCE_ID
      + " AND s.created_at > now() - interval '2 days' AND s.deleted_at IS NULL"
      + " AND s.reblog_of_id IS NULL AND s.visibility = 'public' AND NOT s.sensitive AND s.spoiler_text = ''"
      + " AND a.suspended_at IS NULL AND a.silenced_at IS NULL AND a.deleted_at IS NULL"
      + " AND " + AccountStore.PUBLISHED;
  private static final String WINDOWS = " count(DISTINCT s.account_id) FILTER (WHERE s.created_at > now() - interval '1 day') AS observed,"
      + " count(DISTINCT s.account_id) FILTER (WHERE s.created_at <= now() - interval '1 day') AS expected,"
      + " NULL::timestamptz AS created_at";
  private static final String COUNT_TAGS = "SELECT st.tag_id AS item_id," + WINDOWS
      + " FROM statuses s JOIN status_tags st ON st.status_id = s.id JOIN accounts a ON a.id = s.account_id"
      + " WHERE" + COUNTED_POST + " GROUP BY st.tag_id";
  private static final String COUNT_LINKS = "SELECT sc.card_id AS item_id," + WINDOWS
      + " FROM statuses s JOIN status_cards sc ON sc.status_id = s.id JOIN accounts a ON a.id = s.account_id"
      + " WHERE" + COUNTED_POST + " GROUP BY sc.card_id";
  // Posts: distinct accounts that liked or shared a post of the last two days, as Mastodon counts
  // them; only posts that start a thread, by discoverable accounts.
  private static final String COUNT_STATUSES = "WITH acts AS ("
      + " SELECT f.status_id, f.account_id FROM favourites f WHERE f.id >= " + SINCE_ID
      + " UNION SELECT r.reblog_of_id, r.account_id FROM statuses r WHERE r.id >= " + SINCE_ID
      + " AND r.reblog_of_id IS NOT NULL AND r.deleted_at IS NULL)"
      + " SELECT s.id AS item_id, count(DISTINCT acts.account_id) AS observed, 0::int8 AS expected,"
      + " s.created_at FROM acts JOIN statuses s ON s.id = acts.status_id"
      + " JOIN accounts a ON a.id = s.account_id WHERE" + COUNTED_POST
      + " AND s.in_reply_to_uri IS NULL AND a.discoverable GROUP BY s.id";
  private static final String HELD = "SELECT item_id, score, max_score, max_score_at, review FROM trends"
      + " WHERE kind = $1 AND (score > 0 OR max_score > 0)";
  private static final String SAVE = "INSERT INTO trends (kind, item_id, score, max_score, max_score_at)"
      + " SELECT $1, * FROM unnest($2::int8[], $3::float8[], $4::float8[], $5::timestamptz[])"
      + " ON CONFLICT (kind, item_id) DO UPDATE SET score = EXCLUDED.score,"
      + " max_score = EXCLUDED.max_score, max_score_at = EXCLUDED.max_score_at, updated_at = now()";
  // Rows that remember nothing: no score, no best score still counting, no decision.
  private static final String FORGET = "DELETE FROM trends WHERE kind = $1 AND review = 'pending'"
      + " AND score = 0 AND (max_score_at IS NULL OR max_score_at < now() - interval '2 days')";
  private static final String REVIEW = "UPDATE trends SET review = $3, reviewed_at = now()"
      + " WHERE kind = $1 AND item_id = $2 RETURNING item_id";
  private static final String RISING = "SELECT item_id, score, max_score, max_score_at, review FROM trends"
      + " WHERE kind = $1 AND score > 0 ORDER BY score DESC, item_id DESC LIMIT $2";
  private static final String ONE = "SELECT item_id, score, max_score, max_score_at, review FROM trends"
      + " WHERE kind = $1 AND item_id = $2";
  // What anyone is shown: approved and rising, the item still there and still fit to show.
  private static final String APPROVED_TAGS = "SELECT t.id, t.name FROM trends r JOIN tags t ON t.id = r.item_id"
      + " WHERE r.kind = 'tag' AND r.review = 'approved' AND r.score > 0"
      + " ORDER BY r.score DESC, r.item_id DESC LIMIT $1 OFFSET $2";
  private static final String APPROVED_STATUSES = "SELECT " + StatusStore.COLUMNS + " FROM trends r"
      + " JOIN statuses s ON s.id = r.item_id JOIN accounts a ON a.id = s.account_id"
      + " WHERE r.kind = 'status' AND r.review = 'approved' AND r.score > 0 AND s.deleted_at IS NULL"
      + " AND s.visibility = 'public' AND a.suspended_at IS NULL AND a.silenced_at IS NULL"
      + " AND a.deleted_at IS NULL AND NOT " + SafetyFilters.hides("$3", "s.account_id")
      + " ORDER BY r.score DESC, r.item_id DESC LIMIT $1 OFFSET $2";
  private static final String APPROVED_LINKS = "SELECT c.id, to_jsonb(c) AS card FROM trends r"
      + " JOIN preview_cards c ON c.id = r.item_id"
      + " WHERE r.kind = 'link' AND r.review = 'approved' AND r.score > 0"
      + " ORDER BY r.score DESC, r.item_id DESC LIMIT $1 OFFSET $2";
  private static final String TAGS_BY_ID = "SELECT id, name FROM tags WHERE id = ANY($1)";
  private static final String STATUSES_BY_ID = "SELECT " + StatusStore.COLUMNS + " FROM statuses s"
      + " WHERE s.id = ANY($1) AND s.deleted_at IS NULL";
  private static final String CARDS_BY_ID = "SELECT c.id, to_jsonb(c) AS card FROM preview_cards c WHERE c.id = ANY($1)";
  // A week of a link's use, as a tag's: posts that show it and their distinct authors, by day.
  private static final String LINK_HISTORY = "SELECT sc.card_id,"
      + " (to_timestamp((s.id >> 16) / 1000.0) AT TIME ZONE 'UTC')::date AS day,"
      + " count(*) AS uses, count(DISTINCT s.account_id) AS accounts"
      + " FROM status_cards sc JOIN statuses s ON s.id = sc.status_id"
      + " WHERE sc.card_id = ANY($1) AND s.id >= $2 AND s.deleted_at IS NULL AND s.visibility = 'public'"
      + " GROUP BY 1, 2";

  private final SqlClient client;

  public TrendStore(SqlClient client) {
    this.client = client;
  }

  /** The counts of every item of {@code kind} used over the last two days. */
  public Future<List<Count>> counts(Kind kind) {
    String query = switch (kind) {
      case TAG -> COUNT_TAGS;
      case LINK -> COUNT_LINKS;
      case STATUS -> COUNT_STATUSES;
    };
    return client.query(query).execute().map(rows -> {
      List<Count> counts = new ArrayList<>();
      for (Row row : rows) {
        counts.add(new Count(row.getLong("item_id"), row.getLong("observed"), row.getLong("expected"),
            row.getOffsetDateTime("created_at")));
      }
      return counts;
    });
  }

  /** The rows of {@code kind} with a score or a best score, by item. */
  public Future<Map<Long, Trend>> held(Kind kind) {
    return client.preparedQuery(HELD).execute(Tuple.of(kind.column)).map(rows -> {
      Map<Long, Trend> held = new HashMap<>();
      rows.forEach(row -> held.put(row.getLong("item_id"), trend(row)));
      return held;
    });
  }

  /** Stores these scores, then forgets the rows that remember nothing. */
  public Future<Void> save(Kind kind, List<Scored> scores) {
    Long[] ids = scores.stream().map(Scored::itemId).toArray(Long[]::new);
    Double[] score = scores.stream().map(Scored::score).toArray(Double[]::new);
    Double[] max = scores.stream().map(Scored::maxScore).toArray(Double[]::new);
    OffsetDateTime[] at = scores.stream().map(Scored::maxScoreAt).toArray(OffsetDateTime[]::new);
    Future<Void> saved = scores.isEmpty() ? Future.succeededFuture()
        : client.preparedQuery(SAVE).execute(Tuple.of(kind.column, ids, score, max).addArrayOfOffsetDateTime(at))
            .mapEmpty();
    return saved.compose(done -> client.preparedQuery(FORGET).execute(Tuple.of(kind.column))).mapEmpty();
  }

  /** Records a moderator's decision ({@code approved} or {@code rejected}); false when no such trend. */
  public Future<Boolean> review(Kind kind, long itemId, String decision) {
    return client.preparedQuery(REVIEW).execute(Tuple.of(kind.column, itemId, decision))
        .map(rows -> rows.size() > 0);
  }

  /** What rises now, reviewed or not, strongest first: for the moderators. */
  public Future<List<Trend>> rising(Kind kind, int limit) {
    return client.preparedQuery(RISING).execute(Tuple.of(kind.column, limit)).map(rows -> {
      List<Trend> found = new ArrayList<>();
      rows.forEach(row -> found.add(trend(row)));
      return found;
    });
  }

  public Future<Optional<Trend>> one(Kind kind, long itemId) {
    return client.preparedQuery(ONE).execute(Tuple.of(kind.column, itemId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(trend(rows.iterator().next())));
  }

  public Future<List<TagStore.Tag>> approvedTags(int limit, int offset) {
    return client.preparedQuery(APPROVED_TAGS).execute(Tuple.of(limit, offset)).map(TrendStore::tags);
  }

  /** Approved posts, none by an account {@code viewerId} (null: anyone) blocks, mutes or is blocked by. */
  public Future<List<Status>> approvedStatuses(Long viewerId, int limit, int offset) {
    return client.preparedQuery(APPROVED_STATUSES).execute(Tuple.of(limit, offset, viewerId)).map(StatusStore::all);
  }

  public Future<List<Card>> approvedLinks(int limit, int offset) {
    return client.preparedQuery(APPROVED_LINKS).execute(Tuple.of(limit, offset)).map(TrendStore::cards);
  }

  /** These tags, posts and cards by id (in no particular order): for the moderators' list. */
  public Future<List<TagStore.Tag>> tags(List<Long> ids) {
    return client.preparedQuery(TAGS_BY_ID).execute(Tuple.of((Object) ids.toArray(Long[]::new))).map(TrendStore::tags);
  }

  public Future<List<Status>> statuses(List<Long> ids) {
    return client.preparedQuery(STATUSES_BY_ID).execute(Tuple.of((Object) ids.toArray(Long[]::new)))
        .map(StatusStore::all);
  }

  public Future<List<Card>> cards(List<Long> ids) {
    return client.preparedQuery(CARDS_BY_ID).execute(Tuple.of((Object) ids.toArray(Long[]::new))).map(TrendStore::cards);
  }

  /** A week of use of these cards, by card and day (from {@code sinceId}, a status id). */
  public Future<Map<Long, Map<java.time.LocalDate, TagStore.Day>>> linkHistory(List<Long> cardIds, long sinceId) {
    Map<Long, Map<java.time.LocalDate, TagStore.Day>> history = new HashMap<>();
    if (cardIds.isEmpty()) {
      return Future.succeededFuture(history);
    }
    return client.preparedQuery(LINK_HISTORY).execute(Tuple.of(cardIds.toArray(Long[]::new), sinceId))
        .map(rows -> {
          for (Row row : rows) {
            java.time.LocalDate day = row.getLocalDate("day");
            history.computeIfAbsent(row.getLong("card_id"), id -> new HashMap<>())
                .put(day, new TagStore.Day(day, row.getLong("uses"), row.getLong("accounts")));
          }
          return history;
        });
  }

  private static Trend trend(Row row) {
    return new Trend(row.getLong("item_id"), row.getDouble("score"), row.getDouble("max_score"),
        row.getOffsetDateTime("max_score_at"), row.getString("review"));
  }

  private static List<TagStore.Tag> tags(io.vertx.sqlclient.RowSet<Row> rows) {
    List<TagStore.Tag> found = new ArrayList<>();
    rows.forEach(row -> found.add(new TagStore.Tag(row.getLong("id"), row.getString("name"))));
    return found;
  }

  private static List<Card> cards(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Card> found = new ArrayList<>();
    rows.forEach(row -> found.add(new Card(row.getLong("id"),
        PreviewCardStore.fromJson((JsonObject) row.getValue("card")))));
    return found;
  }
}
