package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.AccountCounts;
import org.plutro.server.domain.PreviewCard;
import org.plutro.server.domain.Status;
import org.plutro.server.store.CountStore.StatusCounts;
import org.plutro.server.store.QuoteStore.Shown;

/**
 * What it takes to show statuses. Every time: one query for what changes often or differs per
 * viewer (counters, the viewer's favourite, share, bookmark and pin) and for the row versions of
 * the statuses and their authors; it can select the page itself too (the home feed's does). Only
 * for rows whose version the caller has not rendered yet: the statuses' own content and their
 * authors' profiles.
 *
 * <p>A row's version is PostgreSQL's {@code xmin}, the transaction that wrote it: any update
 * changes it. A status's hashtags, mentions, attachments and poll live in other tables; V250's
 * triggers touch the status row when they change, so its version covers them too.
 */
public final class StatusViewStore {
  /**
   * A status shown: its versions, its counters and its author's, and what the viewer did with it;
   * read as a quoted post, how the viewer sees it ({@code seen}, see {@link #seen}; else null).
   */
  public record Stamp(long id, Long reblogOfId, long accountId, boolean deleted, long version,
      StatusCounts counts, long accountVersion, AccountCounts accountCounts, boolean favourited,
      boolean reblogged, boolean bookmarked, boolean pinned, Shown quote, String seen) {
    Stamp withQuote(Shown shown) {
      return new Stamp(id, reblogOfId, accountId, deleted, version, counts, accountVersion,
          accountCounts, favourited, reblogged, bookmarked, pinned, shown, seen);
    }
  }

  /**
   * The stamps of a page's statuses and of the statuses they share; the page's ids in its order;
   * whether the viewer has filters; the stamps of the posts they quote (accepted), with how the
   * viewer sees them, and of the posts these share.
   */
  public record Stamps(List<Long> pageIds, Map<Long, Stamp> byId, boolean viewerHasFilters,
      Map<Long, Stamp> quoted) {}

  /** A status's content at {@code version}: what changes only when its row does. */
  public record StatusContent(Status status, long version, Long inReplyToAccountId,
      List<String> tags, JsonArray mentions, boolean hasPoll, PreviewCard card) {}

  /** An account's profile at {@code version}. */
  public record AccountContent(Account account, long version) {}

  /**
   * What a page query selects from its statuses {@code s}, then a {@code position} that orders the
   * page (ascending) and {@link #NOT_QUOTED}, for {@link #stamped}.
   */
  public static final String PAGE_COLUMNS = "s.id, s.reblog_of_id, s.account_id,"
      + " s.deleted_at IS NOT NULL AS deleted, s.xmin::text::int8 AS version, s.quotes_from";
  /** The {@code seen} of a page's own statuses: they are not read as quoted posts. */
  public static final String NOT_QUOTED = "NULL::text AS seen";
  // %1$s the page query (PAGE_COLUMNS and position), %2$s the viewer's parameter (NULL for
  // nobody: every flag is false). What the viewer did is looked up once for the whole page, not
  // per status. Rows come in no order; columns are read by position: this runs for every page of
  // every timeline.
  // A shown status's quote (q), read with its stamp: no round trip of its own. It and the
  // status's counters (c) are probed per row (OFFSET 0 keeps them subqueries, so only a nested
  // loop can join them): joined, tables as small as a new instance's are read whole into a hash
  // by the generic plan of a list's statuses, 0.3-1 ms instead of 0.1 for a page's quoted posts.
  private static final String COUNTED_AND_QUOTED = " LEFT JOIN LATERAL (SELECT * FROM status_stats c"
      + " WHERE c.status_id = x.id OFFSET 0) c ON true"
      + " LEFT JOIN account_stats ac ON ac.account_id = x.account_id"
      + " LEFT JOIN LATERAL (SELECT * FROM quotes q WHERE q.status_id = x.id OFFSET 0) q ON true";

  /**
   * A status's quote: its state and the quoted post, how many accepted quotes the status has (V555
   * counts them in status_stats {@code c}), and whether the viewer follows an author who lets
   * followers quote. How the viewer sees the quoted post is read with its stamp by
   * {@link #QUOTED_STAMPS}, only for pages that have quotes: every condition in a statement costs
   * each execution, run or not (PostgreSQL sets up every node of its plan), and the few quotes
   * should not make every page dearer.
   */
  private static String quoteColumns(String viewer) {
    return "q.state, q.quoted_status_id,"
        + " coalesce(c.quotes_count, 0),"
        // The status's own row was read with the page (x.quotes_from): only its followers are looked up.
        // CASE, not AND: quotes_from is NULL for most posts, and NULL AND EXISTS (...) runs the
        // EXISTS (for a page, reading all the viewer's follows into a hash) to tell false from NULL.
        + " CASE WHEN x.quotes_from = 'followers' THEN EXISTS (SELECT 1 FROM follows f"
        + "   WHERE f.target_account_id = x.account_id AND f.account_id = " + viewer
        + "   AND f.state = 'accepted') ELSE false END";
  }

  // The ids of the array $1, kept from the planner (see IdArrays).
  private static final String IDS = IdArrays.rowsOf("$1");

  /**
   * How the viewer sees the quoted post {@code s}: 'unauthorized' when they may not see it (or it
   * is deleted), else their block or mute of its author ('blocked_domain', 'blocked_account',
   * 'muted_account'), else 'shown'. Never NULL: that marks the rows read for another reason.
   */
  private static String seen(String viewer) {
    return "CASE WHEN " + VisibilityStore.visibleTo(viewer) + " THEN coalesce("
        + SafetyFilters.quoteFilterState(viewer, "s.account_id") + ", 'shown') ELSE 'unauthorized' END";
  }

  private static final String STAMPED = "WITH page AS MATERIALIZED (%1$s),"
      + " shown AS (SELECT * FROM page UNION ALL SELECT o.id, o.reblog_of_id, o.account_id,"
      + "   o.deleted_at IS NOT NULL, o.xmin::text::int8, o.quotes_from, NULL, NULL FROM statuses o"
      + "   WHERE o.id IN (SELECT reblog_of_id FROM page)"
      + "   AND o.id NOT IN (SELECT id FROM page)),"
      + " mine AS (SELECT ARRAY(SELECT f.status_id FROM favourites f WHERE f.account_id = %2$s"
      + "   AND f.status_id = ANY(ARRAY(SELECT id FROM shown))) AS favourited,"
      + " ARRAY(SELECT b.reblog_of_id FROM statuses b WHERE b.account_id = %2$s"
      + "   AND b.reblog_of_id = ANY(ARRAY(SELECT id FROM shown)) AND b.deleted_at IS NULL) AS reblogged,"
      + " ARRAY(SELECT k.status_id FROM bookmarks k WHERE k.account_id = %2$s"
      + "   AND k.status_id = ANY(ARRAY(SELECT id FROM shown))) AS bookmarked,"
      + " ARRAY(SELECT p.status_id FROM status_pins p WHERE p.account_id = %2$s"
      + "   AND p.status_id = ANY(ARRAY(SELECT id FROM shown))) AS pinned,"
      + " EXISTS (SELECT 1 FROM filters y WHERE y.account_id = %2$s) AS filters)"
      + " SELECT x.id, x.reblog_of_id, x.account_id, x.deleted, x.version,"
      + " coalesce(c.favourites_count, 0), coalesce(c.reblogs_count, 0), coalesce(c.replies_count, 0),"
      + " a.xmin::text::int8, coalesce(ac.statuses_count, 0), coalesce(ac.followers_count, 0),"
      + " coalesce(ac.following_count, 0), ac.last_status_at, x.id = ANY(m.favourited),"
      + " x.id = ANY(m.reblogged), x.id = ANY(m.bookmarked), x.id = ANY(m.pinned), m.filters, x.position,"
      + " %3$s, x.seen"
      + " FROM mine m, shown x JOIN accounts a ON a.id = x.account_id" + COUNTED_AND_QUOTED;
  // $1 the statuses, $2 the viewer.
  /** Visible to the benchmark, which shows its plan. */
  public static final String STAMPS = stamped("SELECT " + PAGE_COLUMNS + ", u.position, " + NOT_QUOTED
      + " FROM " + IDS + " WITH ORDINALITY AS u (id, position) JOIN statuses s ON s.id = u.id", "$2");
  // The quoted posts of a page ($1), stamped, with how the viewer ($2) sees them.
  private static final String QUOTED_STAMPS = stamped("SELECT " + PAGE_COLUMNS + ", u.position, "
      + seen("$2::int8") + " AS seen FROM " + IDS + " WITH ORDINALITY AS u (id, position)"
      + " JOIN statuses s ON s.id = u.id", "$2");

  // One status, if the viewer may see it ($1 the status, $2 the viewer), and the one it shares:
  // a status by id in one query (two for a quote). STAMPED's columns, with what the viewer did
  // probed per row (one or two) rather than gathered for a page. Its visibility is written once:
  // every condition in a statement costs each execution, run or not (PostgreSQL sets up every
  // node of the plan). So the quoted post is read by a second query, not here: with how the viewer
  // sees it, this query cost PostgreSQL 50-90 µs more CPU at every call (pgbench, generic plan).
  private static final String VISIBLE_STAMPS = "WITH v AS (SELECT " + PAGE_COLUMNS + ", 0 AS position, "
      + NOT_QUOTED + " FROM statuses s WHERE s.id = $1 AND " + VisibilityStore.visibleTo("$2::int8") + "),"
      + " x AS (SELECT * FROM v UNION ALL SELECT o.id, o.reblog_of_id, o.account_id,"
      + "   o.deleted_at IS NOT NULL, o.xmin::text::int8, o.quotes_from, NULL, NULL FROM v"
      + "   JOIN statuses o ON o.id = v.reblog_of_id)"
      + " SELECT x.id, x.reblog_of_id, x.account_id, x.deleted, x.version,"
      + " coalesce(c.favourites_count, 0), coalesce(c.reblogs_count, 0), coalesce(c.replies_count, 0),"
      + " a.xmin::text::int8, coalesce(ac.statuses_count, 0), coalesce(ac.followers_count, 0),"
      + " coalesce(ac.following_count, 0), ac.last_status_at,"
      + " EXISTS (SELECT 1 FROM favourites f WHERE f.account_id = $2::int8 AND f.status_id = x.id),"
      + " EXISTS (SELECT 1 FROM statuses b WHERE b.account_id = $2::int8 AND b.reblog_of_id = x.id"
      + "   AND b.deleted_at IS NULL),"
      + " EXISTS (SELECT 1 FROM bookmarks k WHERE k.account_id = $2::int8 AND k.status_id = x.id),"
      + " EXISTS (SELECT 1 FROM status_pins p WHERE p.account_id = $2::int8 AND p.status_id = x.id),"
      + " EXISTS (SELECT 1 FROM filters y WHERE y.account_id = $2::int8), x.position, "
      + quoteColumns("$2::int8") + ", x.seen"
      + " FROM x JOIN accounts a ON a.id = x.account_id" + COUNTED_AND_QUOTED;

  private static final String CONTENTS = "SELECT " + StatusStore.COLUMNS + ", s.xmin::text::int8 AS version,"
      + " (SELECT p.account_id FROM statuses p WHERE p.id = s.in_reply_to_id) AS in_reply_to_account_id,"
      + " ARRAY(SELECT t.name FROM status_tags st JOIN tags t ON t.id = st.tag_id"
      + "   WHERE st.status_id = s.id ORDER BY t.name) AS tag_names,"
      // Mastodon's Status.mentions: the tagged ones (a silent mention is only addressed).
      + " (SELECT json_agg(json_build_object('id', m.account_id::text, 'username', a.username,"
      + "   'url', coalesce(a.url, a.uri), 'acct', CASE WHEN a.domain IS NULL THEN a.username"
      + "   ELSE a.username || '@' || a.domain END) ORDER BY m.account_id)"
      + "   FROM mentions m JOIN accounts a ON a.id = m.account_id"
      + "   WHERE m.status_id = s.id AND NOT m.silent) AS mention_list,"
      + " EXISTS (SELECT 1 FROM polls p WHERE p.status_id = s.id) AS has_poll,"
      + " " + PreviewCardStore.CARD_OF_STATUS + " AS card"
      + " FROM statuses s WHERE s.id = ANY($1)";
  private static final String ACCOUNTS = "SELECT " + AccountStore.COLUMNS + ", a.xmin::text::int8 AS version"
      + " FROM accounts a WHERE a.id = ANY($1)";

  private final SqlClient client;

  public StatusViewStore(SqlClient client) {
    this.client = client;
  }

  /**
   * The stamped query of a page: {@code page} selects PAGE_COLUMNS, position and NOT_QUOTED;
   * {@code viewer} is its parameter.
   */
  public static String stamped(String page, String viewer) {
    return String.format(STAMPED, page, viewer + "::int8", quoteColumns(viewer + "::int8"));
  }

  /** The stamps of the statuses with these ids, in this order, and of every status they share. */
  public Future<Stamps> stamps(List<Long> ids, Long viewerId) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(new Stamps(List.of(), Map.of(), false, Map.of()));
    }
    return stamps(STAMPS, Tuple.of(ids.toArray(Long[]::new), viewerId), viewerId);
  }

  /** The stamps of this status and of the one it shares; none if the viewer may not see it. */
  public Future<Stamps> visibleStamps(long id, Long viewerId) {
    return stamps(VISIBLE_STAMPS, Tuple.of(id, viewerId), viewerId);
  }

  /**
   * The stamps of the page that {@code sql}, made by {@link #stamped}, selects for {@code viewerId};
   * with a second query only when the page has quotes.
   */
  public Future<Stamps> stamps(String sql, Tuple args, Long viewerId) {
    return client.preparedQuery(sql).execute(args).map(StatusViewStore::read)
        .compose(read -> withQuoted(read, viewerId));
  }

  private static Stamps read(Iterable<Row> rows) {
    List<long[]> positions = new ArrayList<>();
    Map<Long, Stamp> stamps = new HashMap<>();
    boolean filters = false;
    for (Row row : rows) {
      Stamp stamp = new Stamp(row.getLong(0), row.getLong(1), row.getLong(2), row.getBoolean(3),
          row.getLong(4), new StatusCounts(row.getLong(5), row.getLong(6), row.getLong(7)),
          row.getLong(8), new AccountCounts(row.getLong(9), row.getLong(10), row.getLong(11),
              row.getOffsetDateTime(12), 0),
          row.getBoolean(13), row.getBoolean(14), row.getBoolean(15), row.getBoolean(16),
          new Shown(row.getString(19), row.getLong(20), false, false, row.getLong(21),
              Boolean.TRUE.equals(row.getBoolean(22)), null), row.getString(23));
      filters = row.getBoolean(17);
      stamps.put(stamp.id(), stamp);
      if (row.getValue(18) != null) {
        positions.add(new long[] {row.getLong(18), stamp.id()});
      }
    }
    positions.sort(java.util.Comparator.comparingLong(position -> position[0]));
    List<Long> pageIds = new ArrayList<>(positions.size());
    positions.forEach(position -> pageIds.add(position[1]));
    return new Stamps(pageIds, stamps, filters, Map.of());
  }

  /**
   * The stamps with their accepted quotes as the viewer sees them: the quoted posts are read by
   * {@link #QUOTED_STAMPS}, and so are those these quote, for how the viewer sees them only (a
   * quoted post shows its own quote shallow). Most pages and statuses quote nothing.
   */
  private Future<Stamps> withQuoted(Stamps read, Long viewerId) {
    return quotedStamps(read.byId().values(), Map.of(), viewerId)
        .compose(quoted -> quotedStamps(quoted.values(), quoted, viewerId)
            .map(seen -> new Stamps(read.pageIds(), seenBy(read.byId(), quoted),
                read.viewerHasFilters(), seenBy(quoted, seen))));
  }

  /** {@code known} and the stamps of the posts {@code stamps} quote (accepted) that it lacks as quoted. */
  private Future<Map<Long, Stamp>> quotedStamps(Collection<Stamp> stamps, Map<Long, Stamp> known,
      Long viewerId) {
    Set<Long> unread = new HashSet<>();
    stamps.forEach(stamp -> {
      Long quotedId = stamp.quote().quotedStatusId();
      Stamp read = quotedId == null ? null : known.get(quotedId);
      if ("accepted".equals(stamp.quote().state()) && quotedId != null
          && (read == null || read.seen() == null)) {
        unread.add(quotedId);
      }
    });
    if (unread.isEmpty()) {
      return Future.succeededFuture(known);
    }
    return client.preparedQuery(QUOTED_STAMPS).execute(Tuple.of(unread.toArray(Long[]::new), viewerId))
        .map(rows -> {
          Map<Long, Stamp> all = new HashMap<>(known);
          all.putAll(read(rows).byId());
          return all;
        });
  }

  /** The stamps with their accepted quotes as the viewer sees the {@code quoted} posts. */
  private static Map<Long, Stamp> seenBy(Map<Long, Stamp> stamps, Map<Long, Stamp> quoted) {
    Map<Long, Stamp> byId = new HashMap<>();
    stamps.forEach((id, stamp) -> {
      Shown quote = stamp.quote();
      if (!"accepted".equals(quote.state()) || quote.quotedStatusId() == null) {
        byId.put(id, stamp);
        return;
      }
      Stamp target = quoted.get(quote.quotedStatusId());
      boolean gone = target == null || target.deleted();
      boolean visible = !gone && target.seen() != null && !"unauthorized".equals(target.seen());
      String filter = visible && !"shown".equals(target.seen()) ? target.seen() : null;
      byId.put(id, stamp.withQuote(new Shown(quote.state(), quote.quotedStatusId(), visible, gone,
          quote.quotesCount(), quote.viewerFollows(), filter)));
    });
    return byId;
  }

  /** The content of the statuses with these ids, by id. */
  public Future<Map<Long, StatusContent>> contents(Collection<Long> ids) {
    Map<Long, StatusContent> contents = new HashMap<>();
    if (ids.isEmpty()) {
      return Future.succeededFuture(contents);
    }
    return client.preparedQuery(CONTENTS).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
      for (Row row : rows) {
        Status status = StatusStore.map(row);
        contents.put(status.id(), new StatusContent(status, row.getLong("version"),
            row.getLong("in_reply_to_account_id"), List.of(row.getArrayOfStrings("tag_names")),
            row.getValue("mention_list") instanceof JsonArray list ? list : new JsonArray(),
            row.getBoolean("has_poll"),
            row.getValue("card") instanceof JsonObject card ? PreviewCardStore.fromJson(card) : null));
      }
      return contents;
    });
  }

  /** The accounts with these ids, by id. */
  public Future<Map<Long, AccountContent>> accounts(Collection<Long> ids) {
    Map<Long, AccountContent> accounts = new HashMap<>();
    if (ids.isEmpty()) {
      return Future.succeededFuture(accounts);
    }
    return client.preparedQuery(ACCOUNTS).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
      for (Row row : rows) {
        Account account = AccountStore.map(row);
        accounts.put(account.id(), new AccountContent(account, row.getLong("version")));
      }
      return accounts;
    });
  }
}
