package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Visibility;
import org.plutro.server.store.StatusViewStore.Stamps;

/**
 * Timelines as pages of status ids, newest first (walked oldest first after {@code min_id}, then
 * turned around). Entities are built from the ids by {@link StatusViewStore}.
 */
public final class TimelineStore {
  /** A status id with the cursor its list pages by (a like's or bookmark's own id). */
  public record Cursored(long cursor, long statusId) {}

  /** An account with the cursor its list pages by. */
  public record CursoredAccount(long cursor, Account account) {}

  /** Which posts of an account's profile: Mastodon's filters of {@code /accounts/:id/statuses}. */
  public record AccountFilters(boolean pinned, boolean excludeReplies, boolean excludeReblogs,
      String tagged, boolean onlyMedia) {}

  /** Local only, remote only, or both. */
  public enum Origin { ANY, LOCAL, REMOTE }

  // Fan-out on read, bounded: for each followed account (and the viewer), its newest posts in
  // the id range from the account's own index (no table rows read), then the newest of all; plus
  // public posts under followed hashtags. $1 viewer, $2 lower, $3 upper (exclusive), $4 limit.
  /** Visible to the benchmark, which shows its plan. */
  public static final String HOME = "SELECT id FROM ("
      + " SELECT s.id FROM (SELECT f.target_account_id AS account_id FROM follows f"
      + "   WHERE f.account_id = $1 AND f.state = 'accepted' UNION ALL SELECT $1::int8) a"
      + " CROSS JOIN LATERAL (SELECT s.id FROM statuses s WHERE s.account_id = a.account_id"
      + "   AND s.deleted_at IS NULL AND s.visibility <> 'direct' AND s.id > $2 AND s.id < $3"
      + "   AND (a.account_id = $1 OR " + notBlocked("$1") + ")"
      // Nor shares of posts by accounts the viewer hides.
      + "   AND (s.reblog_of_id IS NULL OR NOT EXISTS (SELECT 1 FROM statuses o WHERE o.id = s.reblog_of_id"
      + "   AND " + SafetyFilters.hides("$1", "o.account_id") + "))"
      + "   ORDER BY s.id %1$s LIMIT $4) s"
      + " UNION"
      + " SELECT t.status_id FROM tag_follows tf CROSS JOIN LATERAL (SELECT st.status_id"
      + "   FROM status_tags st JOIN statuses s ON s.id = st.status_id WHERE st.tag_id = tf.tag_id"
      + "   AND st.status_id > $2 AND st.status_id < $3 AND s.visibility = 'public'"
      + "   AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL AND " + notBlocked("$1")
      + "   ORDER BY st.status_id %1$s LIMIT $4) t WHERE tf.account_id = $1"
      + ") h ORDER BY id %1$s LIMIT $4";
  // The member's feed (V110): one index range scan. Deleted posts, and accounts (or shares of
  // accounts) blocked, muted or domain-blocked since the row was written, are skipped. $1 viewer, $2 lower, $3 upper (exclusive), $4 limit.
  /** Visible to the benchmark, which shows its plan. */
  public static final String FEED = "SELECT h.status_id" + feedFrom();
  // The feed's page with what its statuses are shown with, in one query (see StatusViewStore).
  private static final String FEED_STAMPED = StatusViewStore.stamped("SELECT "
      + StatusViewStore.PAGE_COLUMNS + ", -s.id AS position, " + StatusViewStore.NOT_QUOTED
      + String.format(feedFrom(), "DESC"), "$1");

  private static String feedFrom() {
    return " FROM home_feed h"
        + " JOIN statuses s ON s.id = h.status_id WHERE h.account_id = $1 AND h.status_id > $2"
        + " AND h.status_id < $3 AND s.deleted_at IS NULL AND NOT " + SafetyFilters.hidesGathered("$1", "s.account_id")
        + " AND (s.reblog_of_id IS NULL OR NOT EXISTS (SELECT 1 FROM statuses o WHERE o.id = s.reblog_of_id"
        + "   AND " + SafetyFilters.hidesGathered("$1", "o.account_id") + "))"
        + " ORDER BY h.status_id %1$s LIMIT $4";
  }

  // A list: its accounts' posts (members follow whom they list), newest first, each account
  // probed through its own index. $1 list, $2 lower, $3 upper (exclusive), $4 limit, $5 viewer.
  private static final String LIST = "SELECT id FROM (SELECT s.id FROM list_accounts la"
      + " CROSS JOIN LATERAL (SELECT s.id, s.account_id FROM statuses s WHERE s.account_id = la.account_id"
      + "   AND s.deleted_at IS NULL AND s.visibility <> 'direct' AND s.id > $2 AND s.id < $3"
      + "   ORDER BY s.id %1$s LIMIT $4) s WHERE la.list_id = $1 AND " + notBlocked("$5") + ") l"
      + " ORDER BY id %1$s LIMIT $4";
  private static final String PUBLIC = "SELECT s.id FROM statuses s WHERE s.deleted_at IS NULL"
      + " AND s.visibility = 'public' AND s.reblog_of_id IS NULL AND s.id > $1 AND s.id < $2"
      + " AND ($3::bool IS NULL OR s.local = $3) AND " + notAReply() + " AND " + notBlocked("$4")
      + " AND NOT " + SafetyFilters.withdrawn("$4", "s.account_id") + " %2$s ORDER BY s.id %1$s LIMIT $5";
  private static final String TAG = "SELECT DISTINCT st.status_id FROM status_tags st"
      + " JOIN statuses s ON s.id = st.status_id WHERE st.tag_id = ANY($1)"
      + " AND st.status_id > $2 AND st.status_id < $3 AND s.visibility = 'public'"
      + " AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL AND ($4::bool IS NULL OR s.local = $4)"
      + " AND (cardinality($5::int8[]) = 0 OR (SELECT count(DISTINCT x.tag_id) FROM status_tags x"
      + "   WHERE x.status_id = s.id AND x.tag_id = ANY($5)) = cardinality($5::int8[]))"
      + " AND NOT EXISTS (SELECT 1 FROM status_tags n WHERE n.status_id = s.id AND n.tag_id = ANY($6))"
      + " AND " + notBlocked("$7") + " AND NOT " + SafetyFilters.withdrawn("$7", "s.account_id")
      + " %2$s ORDER BY st.status_id %1$s LIMIT $8";
  // As Mastodon: the visibilities the viewer may see, and any post that mentions the viewer ($6).
  private static final String ACCOUNT = "SELECT s.id FROM statuses s WHERE s.account_id = $1"
      + " AND s.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM accounts sa WHERE sa.id = $1"
      + " AND sa.suspended_at IS NOT NULL) AND (s.visibility = ANY($2) OR EXISTS (SELECT 1 FROM mentions m"
      + " WHERE m.status_id = s.id AND m.account_id = $6)) AND s.id > $3 AND s.id < $4"
      + " %2$s ORDER BY s.id %1$s LIMIT $5";
  private static final String PINNED = " AND EXISTS (SELECT 1 FROM status_pins p"
      + " WHERE p.account_id = s.account_id AND p.status_id = s.id)";
  private static final String TAGGED = " AND EXISTS (SELECT 1 FROM status_tags st"
      + " JOIN tags t ON t.id = st.tag_id WHERE st.status_id = s.id AND lower(t.name) = lower($7))";
  private static final String ONLY_MEDIA = " AND EXISTS (SELECT 1 FROM media_attachments m"
      + " WHERE m.status_id = s.id)";
  private static final String MEDIA_TABLE = "SELECT to_regclass('media_attachments') IS NOT NULL";
  private static final String FAVOURITES = "SELECT f.id, f.status_id FROM favourites f"
      + " JOIN statuses s ON s.id = f.status_id WHERE f.account_id = $1 AND s.deleted_at IS NULL"
      + " AND f.id > $2 AND f.id < $3 ORDER BY f.id %1$s LIMIT $4";
  private static final String BOOKMARKS = "SELECT b.id, b.status_id FROM bookmarks b"
      + " JOIN statuses s ON s.id = b.status_id WHERE b.account_id = $1 AND s.deleted_at IS NULL"
      + " AND b.id > $2 AND b.id < $3 ORDER BY b.id %1$s LIMIT $4";
  private static final String FAVOURITED_BY = "SELECT f.id AS cursor, " + AccountStore.COLUMNS
      + " FROM favourites f JOIN accounts a ON a.id = f.account_id WHERE f.status_id = $1"
      + " AND a.deleted_at IS NULL AND f.id > $2 AND f.id < $3 ORDER BY f.id %1$s LIMIT $4";
  private static final String REBLOGGED_BY = "SELECT r.id AS cursor, " + AccountStore.COLUMNS
      + " FROM statuses r JOIN accounts a ON a.id = r.account_id WHERE r.reblog_of_id = $1"
      + " AND r.deleted_at IS NULL AND r.visibility IN ('public', 'unlisted')"
      + " AND a.deleted_at IS NULL AND r.id > $2 AND r.id < $3 ORDER BY r.id %1$s LIMIT $4";

  /** Feeds hold 14 days (V110); they are trusted for an hour less, so clocks never split a page. */
  static final long FEED_TRUSTED_MS = 14 * 86_400_000L - 3_600_000L;
  /** Ids are milliseconds << 16: past the feeds, home first looks this far back, then further. */
  private static final long[] HOME_WINDOWS_MS = {86_400_000L, 8 * 86_400_000L, 64 * 86_400_000L};

  private final SqlClient client;
  private final StatusViewStore views;
  private Future<Boolean> mediaTable;

  public TimelineStore(SqlClient client, StatusViewStore views) {
    this.client = client;
    this.views = views;
  }

  /**
   * {@link #home} with the stamps its statuses are shown with. A newest-first page that the
   * viewer's feed fills (what apps ask for nearly always) is read in one query.
   */
  public Future<Stamps> homePage(long viewerId, Page page) {
    long now = System.currentTimeMillis();
    long upper = Math.min(page.upper(), (now + 60_000L) << 16);
    long horizon = (now - FEED_TRUSTED_MS) << 16;
    if (page.ascending() || upper <= horizon + 1 || page.limit() == 0) {
      return home(viewerId, page).compose(ids -> views.stamps(ids, viewerId));
    }
    long lower = Math.max(page.lower(), horizon);
    return views.stamps(FEED_STAMPED, Tuple.of(viewerId, lower, upper, page.limit()), viewerId)
        .compose(stamps -> stamps.pageIds().size() >= page.limit() || page.lower() >= horizon
            ? Future.succeededFuture(stamps)
            : home(viewerId, page).compose(ids -> views.stamps(ids, viewerId)));
  }

  /**
   * The viewer's home: their own posts and shares, those of accounts they follow (followers-only
   * ones included: they follow), and public posts under hashtags they follow. The id range is
   * narrowed to a recent window first and widened only when the window holds less than a page.
   */
  public Future<List<Long>> home(long viewerId, Page page) {
    long now = System.currentTimeMillis();
    long upper = Math.min(page.upper(), (now + 60_000L) << 16);
    long horizon = (now - FEED_TRUSTED_MS) << 16;
    long lower = page.lower();
    if (lower >= horizon) {
      return feed(viewerId, lower, upper, page);
    }
    if (upper <= horizon + 1) {
      return homeWindow(viewerId, page, upper, 0);
    }
    // The page straddles the horizon: the feed for the recent part, the follows for the rest.
    if (!page.ascending()) {
      return feed(viewerId, horizon, upper, page).compose(recent -> recent.size() >= page.limit()
          ? Future.succeededFuture(recent)
          : homeWindow(viewerId, range(page, lower, horizon + 1, page.limit() - recent.size()),
              horizon + 1, 0).map(older -> concat(recent, older)));
    }
    return homeWindow(viewerId, range(page, lower, horizon + 1, page.limit()), horizon + 1, 0)
        .compose(older -> older.size() >= page.limit() ? Future.succeededFuture(older)
            : feed(viewerId, horizon, upper, range(page, horizon, upper, page.limit() - older.size()))
                .map(recent -> concat(recent, older)));
  }

  /** The posts of a list's accounts (the caller checked the list is the viewer's). */
  public Future<List<Long>> list(long listId, long viewerId, Page page) {
    return ids(String.format(LIST, direction(page)),
        Tuple.of(listId, page.lower(), Math.min(page.upper(), (System.currentTimeMillis() + 60_000L) << 16),
            page.limit(), viewerId), page);
  }

  private Future<List<Long>> feed(long viewerId, long lower, long upper, Page page) {
    return ids(String.format(FEED, direction(page)), Tuple.of(viewerId, lower, upper, page.limit()),
        page);
  }

  /** The same walk (direction) over ids in (lower, upper), at most {@code limit}. */
  private static Page range(Page page, long lower, long upper, int limit) {
    return page.ascending() ? new Page(upper, null, lower, limit) : new Page(upper, lower, null, limit);
  }

  private static List<Long> concat(List<Long> newer, List<Long> older) {
    List<Long> all = new ArrayList<>(newer);
    all.addAll(older);
    return all;
  }

  private Future<List<Long>> homeWindow(long viewerId, Page page, long upper, int window) {
    long lower = page.lower();
    long from = lower;
    long to = upper;
    boolean last = window >= HOME_WINDOWS_MS.length;
    if (!last) {
      long span = HOME_WINDOWS_MS[window] << 16;
      if (page.ascending()) {
        to = lower > upper - span ? upper : lower + span;
        last = to == upper;
      } else {
        from = upper - span < lower ? lower : upper - span;
        last = from == lower;
      }
    }
    boolean finalWindow = last;
    return ids(String.format(HOME, direction(page)), Tuple.of(viewerId, from, to, page.limit()), page)
        .compose(ids -> ids.size() >= page.limit() || finalWindow ? Future.succeededFuture(ids)
            : homeWindow(viewerId, page, upper, window + 1));
  }

  public Future<List<Long>> publicTimeline(Long viewerId, Origin origin, boolean onlyMedia, Page page) {
    return media(onlyMedia).compose(media -> ids(String.format(PUBLIC, direction(page), media),
        Tuple.of(page.lower(), page.upper(), local(origin), viewerId, page.limit()), page));
  }

  /** Public posts under any of {@code any}, all of {@code all}, none of {@code none}. */
  public Future<List<Long>> tag(List<Long> any, List<Long> all, List<Long> none, Origin origin,
      boolean onlyMedia, Long viewerId, Page page) {
    return media(onlyMedia).compose(media -> ids(String.format(TAG, direction(page), media),
        Tuple.from(new Object[] {any.toArray(Long[]::new), page.lower(), page.upper(),
            local(origin), all.toArray(Long[]::new), none.toArray(Long[]::new), viewerId,
            page.limit()}), page));
  }

  public Future<List<Long>> account(long accountId, List<Visibility> visible, Long viewerId,
      AccountFilters filters, Page page) {
    return media(filters.onlyMedia()).compose(media -> {
      StringBuilder where = new StringBuilder();
      if (filters.pinned()) {
        where.append(PINNED);
      }
      if (filters.excludeReplies()) {
        where.append(" AND ").append(notAReply());
      }
      if (filters.excludeReblogs()) {
        where.append(" AND s.reblog_of_id IS NULL");
      }
      List<Object> args = new ArrayList<>(List.of(accountId,
          visible.stream().map(Visibility::apiName).toArray(String[]::new), page.lower(),
          page.upper(), page.limit()));
      args.add(viewerId);
      if (filters.tagged() != null) {
        where.append(TAGGED);
        args.add(filters.tagged());
      }
      where.append(media);
      return ids(String.format(ACCOUNT, direction(page), where), Tuple.from(args), page);
    });
  }

  public Future<List<Cursored>> favourites(long accountId, Page page) {
    return cursored(FAVOURITES, accountId, page);
  }

  public Future<List<Cursored>> bookmarks(long accountId, Page page) {
    return cursored(BOOKMARKS, accountId, page);
  }

  public Future<List<CursoredAccount>> favouritedBy(long statusId, Page page) {
    return accounts(FAVOURITED_BY, statusId, page);
  }

  public Future<List<CursoredAccount>> rebloggedBy(long statusId, Page page) {
    return accounts(REBLOGGED_BY, statusId, page);
  }

  private Future<List<Cursored>> cursored(String sql, long id, Page page) {
    return client.preparedQuery(String.format(sql, direction(page)))
        .execute(Tuple.of(id, page.lower(), page.upper(), page.limit()))
        .map(rows -> {
          List<Cursored> items = new ArrayList<>(rows.size());
          rows.forEach(row -> items.add(new Cursored(row.getLong(0), row.getLong(1))));
          return newestFirst(items, page);
        });
  }

  private Future<List<CursoredAccount>> accounts(String sql, long id, Page page) {
    return client.preparedQuery(String.format(sql, direction(page)))
        .execute(Tuple.of(id, page.lower(), page.upper(), page.limit()))
        .map(rows -> {
          List<CursoredAccount> items = new ArrayList<>(rows.size());
          for (Row row : rows) {
            items.add(new CursoredAccount(row.getLong("cursor"), AccountStore.map(row)));
          }
          return newestFirst(items, page);
        });
  }

  private Future<List<Long>> ids(String sql, Tuple args, Page page) {
    if (page.limit() == 0) {
      return Future.succeededFuture(List.of());
    }
    return client.preparedQuery(sql).execute(args).map(rows -> newestFirst(ids(rows), page));
  }

  private static List<Long> ids(RowSet<Row> rows) {
    List<Long> ids = new ArrayList<>(rows.size());
    rows.forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  private static <T> List<T> newestFirst(List<T> items, Page page) {
    if (page.ascending()) {
      Collections.reverse(items);
    }
    return items;
  }

  /** The media filter, once the media table exists (it comes with media attachments). */
  private Future<String> media(boolean onlyMedia) {
    if (!onlyMedia) {
      return Future.succeededFuture("");
    }
    if (mediaTable == null || mediaTable.failed()) {
      mediaTable = client.query(MEDIA_TABLE).execute().map(rows -> rows.iterator().next().getBoolean(0));
    }
    return mediaTable.map(exists -> exists ? ONLY_MEDIA : " AND false");
  }

  private static String direction(Page page) {
    return page.ascending() ? "ASC" : "DESC";
  }

  private static Boolean local(Origin origin) {
    return switch (origin) {
      case LOCAL -> Boolean.TRUE;
      case REMOTE -> Boolean.FALSE;
      default -> null;
    };
  }

  /** Not a reply, or a reply to the author's own post (a thread): Mastodon's "without replies". */
  private static String notAReply() {
    return "(s.in_reply_to_uri IS NULL OR EXISTS (SELECT 1 FROM statuses p"
        + " WHERE p.id = s.in_reply_to_id AND p.account_id = s.account_id))";
  }

  /** Neither blocks the other, nor is muted or domain-blocked by the viewer ({@code viewer} NULL: none). */
  private static String notBlocked(String viewer) {
    return "NOT " + SafetyFilters.hides(viewer, "s.account_id");
  }
}
