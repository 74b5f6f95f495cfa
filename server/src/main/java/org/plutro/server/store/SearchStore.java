package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search of posts (PostgreSQL, 'simple' configuration, GIN index on a generated
 * document of public and unlisted posts). What others find: public posts of members who let
 * their posts be indexed. What the searcher finds besides: their own posts, and posts they liked
 * or bookmarked (as in Mastodon).
 */
public final class SearchStore {
  // Who may find a match (s: the match, a: its author, $2: the searcher).
  private static final String FINDABLE = " a.suspended_at IS NULL"
      + " AND ((s.visibility = 'public' AND a.indexable AND a.deleted_at IS NULL)"
      + "   OR s.account_id = $2"
      + "   OR EXISTS (SELECT 1 FROM favourites f WHERE f.account_id = $2 AND f.status_id = s.id)"
      + "   OR EXISTS (SELECT 1 FROM bookmarks k WHERE k.account_id = $2 AND k.status_id = s.id))"
      + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.account_id = $2 AND b.target_account_id"
      + "   = s.account_id) OR (b.account_id = s.account_id AND b.target_account_id = $2))";
  // websearch_to_tsquery reads what people type: words, "quoted phrases", -excluded, or. Read once
  // (an InitPlan) instead of per row, and hidden from the planner: it would estimate each word's
  // frequency from the statistics and plan every query anew, which cost as much as running it.
  private static final String QUERY = "(SELECT websearch_to_tsquery('simple', $1))";
  /** How many of the newest posts are read one by one before the index of words is asked. */
  private static final int RECENT_POSTS = 500;
  /**
   * Common words first: the newest RECENT_POSTS posts under the upper bound are read backwards and
   * matched one by one; a word in one post of twenty fills a page there, without its index
   * handing back thousands of matches to sort. The subquery's OFFSET 0 keeps the word's condition
   * out of it (the index of words would otherwise be used).
   */
  public static final String RECENT = "SELECT s.id FROM (SELECT c.id, c.account_id, c.visibility,"
      + " c.search_document FROM statuses c WHERE c.id > greatest($3, (SELECT x.id FROM statuses x"
      + "   WHERE x.id < $4 ORDER BY x.id DESC OFFSET " + RECENT_POSTS + " LIMIT 1)) AND c.id < $4"
      + " AND c.search_document IS NOT NULL AND c.deleted_at IS NULL ORDER BY c.id DESC OFFSET 0) s"
      + " JOIN accounts a ON a.id = s.account_id WHERE s.search_document @@ " + QUERY + " AND"
      + FINDABLE + " ORDER BY s.id DESC LIMIT $5";
  // The matches are sorted by id first and their authors read after, in that order: the LIMIT
  // stops after about a page of them instead of reading every match's author (OFFSET 0 keeps the
  // sort inside).
  public static final String STATUSES = "SELECT s.id FROM (SELECT c.id, c.id + 0 AS newest,"
      + " c.account_id, c.visibility FROM statuses c"
      + " WHERE c.search_document IS NOT NULL AND c.deleted_at IS NULL"
      + " AND c.search_document @@ " + QUERY
      + " AND ($3::int8 IS NULL OR c.account_id = $3) AND (c.id + 0) > $4 AND (c.id + 0) < $5%2$s"
      // "+ 0": the newest matches are found through the word index within the id range, not by
      // walking every post backwards until 20 match (slow for rare words).
      + " ORDER BY c.id + 0 %1$s OFFSET 0) s"
      + " JOIN accounts a ON a.id = s.account_id WHERE" + FINDABLE
      + " ORDER BY s.newest %1$s LIMIT $6 OFFSET $7";
  // A window's range also bounds the index's time bucket (V425: id >> 42), so the word index skips
  // to the window's posts instead of handing back every post with the word. Only a lower bound:
  // btree_gin would read an upper one from the oldest bucket up. Ids are compared "+ 0" so that
  // they are not also looked up in the primary key and ANDed with the word's matches.
  public static final String WINDOW_RANGE = " AND (c.id >> 42) >= ($4::int8 >> 42)";
  private static final String WHOLE_RANGE = "";
  /**
   * The index's time bucket (V425): ids are milliseconds << 16, so id >> 42 spans about 19 hours
   * (2,000 posts at a million a year); nine of them are the newest week.
   */
  private static final int BUCKET_SHIFT = 42;
  private static final int BUCKETS_A_WEEK = 9;
  /**
   * The week's buckets from $6 down to $7, newest first: each one's matches come from the index
   * alone (the bucket is one of its keys: an exact key, not a range as in the windows below, which
   * gathers every post of the range first), are sorted and checked one by one until a page is
   * found, and the walk stops there. A nested loop keeps its outer rows' order, so the matches
   * come newest first without sorting them all.
   */
  // The buckets' numbers and the page's size are hidden from the planner (subqueries): knowing
  // them, it found every generic plan dearer than a custom one and planned each call anew (1 ms).
  public static final String WEEK = "SELECT m.id FROM generate_series((SELECT $6::int8),"
      + " (SELECT $7::int8), -1) b (bucket) CROSS JOIN LATERAL ("
      + "SELECT s.id FROM (SELECT c.id, c.id + 0 AS newest, c.account_id, c.visibility"
      + " FROM statuses c WHERE c.search_document IS NOT NULL"
      + " AND c.deleted_at IS NULL AND c.search_document @@ " + QUERY
      + " AND (c.id >> 42) = b.bucket AND (c.id + 0) > $3 AND (c.id + 0) < $4"
      + " ORDER BY c.id + 0 DESC OFFSET 0) s"
      + " JOIN accounts a ON a.id = s.account_id WHERE" + FINDABLE
      + " ORDER BY s.newest DESC LIMIT $5) m LIMIT (SELECT $5)";
  /**
   * Pages with an offset, of one account, or oldest first: ids are milliseconds << 16, so the
   * newest (or oldest) day is searched, then the week, then everything. Each window reads all its
   * matches, so a word in one post of thirty ends in a day (hundreds of matches a week at a million
   * posts a year). No window of months: its time buckets hold every post of those months, which
   * the index reads all to AND with the word's.
   */
  private static final long[] WINDOWS_MS = {86_400_000L, 7 * 86_400_000L};

  private final SqlClient client;

  public SearchStore(SqlClient client) {
    this.client = client;
  }

  /** Ids of matching posts, newest first. */
  public Future<List<Long>> statuses(String query, long viewerId, Long accountId, Page page,
      int offset) {
    if (page.limit() == 0) {
      return Future.succeededFuture(List.of());
    }
    long newest = (System.currentTimeMillis() + 60_000L) << 16;
    long upper = Math.min(page.upper(), newest);
    // The newest posts first, for a page newest-first from the top of everyone's posts; a common
    // word ends here. Else the buckets are walked from the top again (what was read here is a
    // few hundred posts, and finding its few matches again costs less than carrying them over).
    if (offset > 0 || accountId != null || page.ascending()) {
      return window(query, viewerId, accountId, page, offset, upper, 0);
    }
    if (upper <= 1 || page.lower() >= upper - 1) {
      return Future.succeededFuture(List.of());
    }
    return client.preparedQuery(RECENT)
        .execute(Tuple.of(query, viewerId, page.lower(), upper, page.limit()))
        .compose(rows -> {
          List<Long> ids = ids(rows);
          return ids.size() < page.limit() ? walk(query, viewerId, page, upper)
              : Future.succeededFuture(ids);
        });
  }

  /**
   * Newest first below {@code upper}: the newest week bucket by bucket (a word in one post of a
   * thousand ends there), then everything older at once.
   */
  private Future<List<Long>> walk(String query, long viewerId, Page page, long upper) {
    long top = upper - 1 >> BUCKET_SHIFT;
    long week = Math.max(0, top - BUCKETS_A_WEEK + 1) << BUCKET_SHIFT;
    long lower = Math.max(page.lower(), week - 1);
    return client.preparedQuery(WEEK)
        .execute(Tuple.from(new Object[] {query, viewerId, lower, upper, page.limit(), top,
            lower + 1 >> BUCKET_SHIFT}))
        .map(SearchStore::ids)
        .compose(found -> {
          if (found.size() == page.limit() || week <= page.lower() + 1) {
            return Future.succeededFuture(found);
          }
          return client.preparedQuery(String.format(STATUSES, "DESC", WHOLE_RANGE))
              .execute(Tuple.from(new Object[] {query, viewerId, null, page.lower(), week,
                  page.limit() - found.size(), 0}))
              .map(rows -> {
                List<Long> ids = new ArrayList<>(found);
                ids.addAll(ids(rows));
                return ids;
              });
        });
  }

  private static List<Long> ids(RowSet<Row> rows) {
    List<Long> ids = new ArrayList<>(rows.size());
    rows.forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  private Future<List<Long>> window(String query, long viewerId, Long accountId, Page page,
      int offset, long upper, int window) {
    long from = page.lower();
    long to = upper;
    // Offsets count from the newest match, so they search everything at once.
    boolean last = window >= WINDOWS_MS.length || offset > 0;
    if (!last) {
      long span = WINDOWS_MS[window] << 16;
      if (page.ascending()) {
        to = page.lower() > upper - span ? upper : page.lower() + span;
        last = to == upper;
      } else {
        from = upper - span < page.lower() ? page.lower() : upper - span;
        last = from == page.lower();
      }
    }
    boolean finalWindow = last;
    boolean wide = to - from > WINDOWS_MS[WINDOWS_MS.length - 1] << 16;
    return client.preparedQuery(String.format(STATUSES, page.ascending() ? "ASC" : "DESC",
            wide ? WHOLE_RANGE : WINDOW_RANGE))
        .execute(Tuple.from(new Object[] {query, viewerId, accountId, from, to, page.limit(),
            offset}))
        .compose(rows -> {
          List<Long> ids = new ArrayList<>(rows.size());
          rows.forEach(row -> ids.add(row.getLong(0)));
          if (ids.size() < page.limit() && !finalWindow) {
            return window(query, viewerId, accountId, page, offset, upper, window + 1);
          }
          if (page.ascending()) {
            java.util.Collections.reverse(ids);
          }
          return Future.succeededFuture(ids);
        });
  }
}
