package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;

/** Threads: a post's ancestors and descendants, and replies that arrived before their parent. */
public final class ThreadStore {
  /*
   * A post's thread in one statement, each post with whether the viewer ($5, NULL for nobody) may
   * see it: the post (place 0); its parents up to $2 levels (place -1 its parent, -2 the one above);
   * its replies down to $3 levels (place 1), the first $4 of them in Mastodon's order: depth-first,
   * older replies first (by the path of ids from the post). Around the post, as Mastodon's
   * StatusFilter, also not the posts of accounts the viewer blocks, mutes or whose domain they
   * block, nor of those who block the viewer; never the viewer's own.
   */
  private static final String THREAD = "WITH RECURSIVE up (id, parent, depth) AS ("
      + " SELECT id, in_reply_to_id, 0 FROM statuses WHERE id = $1"
      + " UNION ALL SELECT s.id, s.in_reply_to_id, up.depth + 1 FROM statuses s"
      + " JOIN up ON s.id = up.parent WHERE up.depth < $2),"
      + " down (id, path) AS (SELECT $1::int8, ARRAY[$1::int8]"
      + " UNION ALL SELECT s.id, down.path || s.id FROM statuses s JOIN down ON s.in_reply_to_id = down.id"
      + " WHERE cardinality(down.path) <= $3 AND s.id <> ALL (down.path)),"
      + " thread (id, place, path) AS (SELECT id, -depth, NULL::int8[] FROM up"
      + " UNION ALL (SELECT id, 1, path FROM down WHERE cardinality(path) > 1 ORDER BY path LIMIT $4))"
      + " SELECT " + StatusStore.COLUMNS + ", t.place, " + VisibilityStore.visibleTo("$5::int8")
      + " AND CASE WHEN t.place = 0 OR s.account_id = $5::int8 THEN true"
      + " ELSE NOT " + SafetyFilters.hidesGathered("$5", "s.account_id") + " END AS visible"
      + " FROM thread t JOIN statuses s ON s.id = t.id ORDER BY t.place, t.path";
  private static final String ADOPT = "UPDATE statuses SET in_reply_to_id = $1"
      + " WHERE in_reply_to_uri = $2 AND in_reply_to_id IS NULL AND id <> $1";
  /*
   * Our own replies to $1 (by author $2) after id $3 that a fetch signed by account $4 (NULL:
   * unsigned), of domain $5, may list: public and unlisted ones; followers-only and direct ones
   * that mention an account of that domain; followers-only ones whose author has an accepted
   * follower there. Never a reply by an account the parent's author blocks, nor one whose author
   * blocks the signer or its domain, nor one of a suspended or closed account.
   */
  private static final String REPLIES_FOR = "SELECT s.id, s.uri FROM statuses s"
      + " JOIN accounts a ON a.id = s.account_id"
      + " WHERE s.in_reply_to_id = $1 AND s.local AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL"
      + " AND s.id > $3 AND a.suspended_at IS NULL AND a.deleted_at IS NULL"
      + " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = $2 AND b.target_account_id = s.account_id)"
      + " AND (s.visibility IN ('public', 'unlisted') OR ($4::bigint IS NOT NULL AND ("
      + "  EXISTS (SELECT 1 FROM mentions m JOIN accounts ma ON ma.id = m.account_id"
      + "   WHERE m.status_id = s.id AND ma.domain = $5)"
      + "  OR (s.visibility = 'private' AND EXISTS (SELECT 1 FROM follows f JOIN accounts fa"
      + "   ON fa.id = f.account_id WHERE f.target_account_id = s.account_id AND f.state = 'accepted'"
      + "   AND fa.domain = $5)))))"
      + " AND ($4::bigint IS NULL OR NOT (EXISTS (SELECT 1 FROM blocks b"
      + "  WHERE b.account_id = s.account_id AND b.target_account_id = $4)"
      + "  OR EXISTS (SELECT 1 FROM account_domain_blocks d WHERE d.account_id = s.account_id"
      + "   AND d.domain = $5)))"
      + " ORDER BY s.id LIMIT $6";

  private static final String AUTHORS = "SELECT id, account_id FROM statuses WHERE id = ANY($1)";

  private final SqlClient client;

  public ThreadStore(SqlClient client) {
    this.client = client;
  }

  /** How much of a thread is read: levels of parents, levels of replies, and replies. */
  public record Limits(int ancestors, int depth, int descendants) {}

  /**
   * A post's thread as held: its parents (the thread's root first), the post (empty when it is
   * gone) and its replies (depth-first), with the ids of those the viewer may see.
   */
  public record Posts(List<Status> ancestors, Optional<Status> post, List<Status> descendants,
      Set<Long> visible) {}

  /** The thread of {@code statusId} as {@code viewerId} (null: nobody signed in) may see it, in one query. */
  public Future<Posts> thread(long statusId, Long viewerId, Limits limits) {
    return client.preparedQuery(THREAD).execute(Tuple.of(statusId, limits.ancestors(), limits.depth(),
        limits.descendants(), viewerId)).map(rows -> {
          List<Status> ancestors = new ArrayList<>();
          Status post = null;
          List<Status> descendants = new ArrayList<>();
          Set<Long> visible = new HashSet<>();
          for (Row row : rows) {
            Status status = StatusStore.map(row);
            int place = row.getInteger("place");
            if (place < 0) {
              ancestors.add(status);
            } else if (place == 0) {
              post = status;
            } else {
              descendants.add(status);
            }
            // NULL when no one is signed in and the post is neither public nor unlisted.
            if (Boolean.TRUE.equals(row.getBoolean("visible"))) {
              visible.add(status.id());
            }
          }
          return new Posts(ancestors, Optional.ofNullable(post), descendants, visible);
        });
  }

  /** The author of each of these posts (for {@code in_reply_to_account_id}). */
  public Future<java.util.Map<Long, Long>> authorsOf(java.util.Collection<Long> statusIds) {
    java.util.Map<Long, Long> authors = new java.util.HashMap<>();
    if (statusIds.isEmpty()) {
      return Future.succeededFuture(authors);
    }
    return client.preparedQuery(AUTHORS).execute(Tuple.of(statusIds.toArray(Long[]::new)))
        .map(rows -> {
          rows.forEach(row -> authors.put(row.getLong(0), row.getLong(1)));
          return authors;
        });
  }

  /** Links replies that name {@code uri} as their parent but arrived before it. */
  public Future<Void> adoptOrphans(long parentId, String uri) {
    return client.preparedQuery(ADOPT).execute(Tuple.of(parentId, uri)).mapEmpty();
  }

  /** A reply listed in a {@code replies} collection: its id (the page cursor) and its uri. */
  public record Listed(long id, String uri) {}

  /**
   * Our own replies to {@code parent} (by {@code parentAuthorId}) after {@code afterId}, oldest
   * first, that a server may list when {@code signer} (empty: an unsigned fetch) signed the GET:
   * each one its object route would serve to that signer, minus replies by accounts the parent's
   * author blocks.
   */
  public Future<List<Listed>> repliesFor(long parentId, long parentAuthorId,
      Optional<Account> signer, long afterId, int limit) {
    Long signerId = signer.map(Account::id).orElse(null);
    String domain = signer.map(a -> a.domain() == null ? "" : a.domain().toLowerCase(Locale.ROOT))
        .orElse(null);
    return client.preparedQuery(REPLIES_FOR)
        .execute(Tuple.of(parentId, parentAuthorId, afterId, signerId, domain, limit))
        .map(rows -> {
          List<Listed> replies = new ArrayList<>();
          for (Row row : rows) {
            replies.add(new Listed(row.getLong(0), row.getString(1)));
          }
          return replies;
        });
  }
}
