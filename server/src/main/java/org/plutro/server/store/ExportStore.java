package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a member takes along: the lists behind Mastodon's CSV exports and the parts of the archive;
 * and what an import that overwrites compares its file with. Account addresses are written as
 * Mastodon writes them: user@host, our own members with {@code localHost}.
 */
public final class ExportStore {
  private static final String ADDRESS = "a.username || '@' || coalesce(a.domain, $2)";
  private static final String FOLLOWING = "SELECT " + ADDRESS + " FROM follows f JOIN accounts a"
      + " ON a.id = f.target_account_id WHERE f.account_id = $1 AND f.state = 'accepted' ORDER BY f.id";
  private static final String FOLLOWERS = "SELECT " + ADDRESS + " FROM follows f JOIN accounts a"
      + " ON a.id = f.account_id WHERE f.target_account_id = $1 AND f.state = 'accepted' ORDER BY f.id";
  private static final String BLOCKS = "SELECT " + ADDRESS + " FROM blocks b JOIN accounts a"
      + " ON a.id = b.target_account_id WHERE b.account_id = $1 ORDER BY b.id";
  private static final String MUTES = "SELECT " + ADDRESS + ", m.hide_notifications FROM mutes m"
      + " JOIN accounts a ON a.id = m.target_account_id WHERE m.account_id = $1 ORDER BY m.id";
  private static final String DOMAIN_BLOCKS = "SELECT domain FROM account_domain_blocks"
      + " WHERE account_id = $1 ORDER BY id";
  private static final String LISTS = "SELECT l.title, " + ADDRESS + " FROM lists l"
      + " JOIN list_accounts la ON la.list_id = l.id JOIN accounts a ON a.id = la.account_id"
      + " WHERE l.account_id = $1 ORDER BY l.id, la.id";
  private static final String OWN_POSTS = "SELECT id FROM statuses WHERE account_id = $1"
      + " AND deleted_at IS NULL AND reblog_of_id IS NULL ORDER BY id";
  private static final String LIKED = "SELECT s.uri FROM favourites f JOIN statuses s ON s.id = f.status_id"
      + " WHERE f.account_id = $1 AND s.deleted_at IS NULL ORDER BY f.id";
  private static final String BOOKMARKED = "SELECT s.uri FROM bookmarks b JOIN statuses s"
      + " ON s.id = b.status_id WHERE b.account_id = $1 AND s.deleted_at IS NULL ORDER BY b.id";
  private static final String OWN_MEDIA = "SELECT file_name FROM media_attachments WHERE account_id = $1"
      + " AND file_name IS NOT NULL AND status_id IS NOT NULL ORDER BY id";

  // What an overwriting import compares with: every follow (pending too), block and mute, lower case.
  private static final String LOWER_ADDRESS = "lower(a.username || '@' || coalesce(a.domain, $2))";
  private static final String CURRENT_FOLLOWING = "SELECT " + LOWER_ADDRESS + " FROM follows f"
      + " JOIN accounts a ON a.id = f.target_account_id WHERE f.account_id = $1";
  private static final String CURRENT_BLOCKS = "SELECT " + LOWER_ADDRESS + " FROM blocks b"
      + " JOIN accounts a ON a.id = b.target_account_id WHERE b.account_id = $1";
  private static final String CURRENT_MUTES = "SELECT " + LOWER_ADDRESS + " FROM mutes m"
      + " JOIN accounts a ON a.id = m.target_account_id WHERE m.account_id = $1";

  /** A muted account's address and whether its notifications are hidden too. */
  public record Mute(String address, boolean hideNotifications) {}

  /** One member of one of the member's lists. */
  public record ListMember(String listTitle, String address) {}

  private final Pool pool;

  public ExportStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<String>> following(long accountId, String localHost) {
    return strings(FOLLOWING, Tuple.of(accountId, localHost));
  }

  public Future<List<String>> followers(long accountId, String localHost) {
    return strings(FOLLOWERS, Tuple.of(accountId, localHost));
  }

  public Future<List<String>> blocks(long accountId, String localHost) {
    return strings(BLOCKS, Tuple.of(accountId, localHost));
  }

  public Future<List<Mute>> mutes(long accountId, String localHost) {
    return list(MUTES, Tuple.of(accountId, localHost), row -> new Mute(row.getString(0), row.getBoolean(1)));
  }

  public Future<List<String>> domainBlocks(long accountId) {
    return strings(DOMAIN_BLOCKS, Tuple.of(accountId));
  }

  /** The URIs of the posts the member bookmarked (and that still exist), oldest bookmark first. */
  public Future<List<String>> bookmarkedUris(long accountId) {
    return strings(BOOKMARKED, Tuple.of(accountId));
  }

  public Future<List<ListMember>> listMembers(long accountId, String localHost) {
    return list(LISTS, Tuple.of(accountId, localHost), row -> new ListMember(row.getString(0), row.getString(1)));
  }

  /** The ids of the member's own posts (not boosts), oldest first. */
  public Future<List<Long>> ownPostIds(long accountId) {
    return list(OWN_POSTS, Tuple.of(accountId), row -> row.getLong(0));
  }

  /** The URIs of the posts the member liked (and that still exist), oldest like first. */
  public Future<List<String>> likedUris(long accountId) {
    return strings(LIKED, Tuple.of(accountId));
  }

  /** The file names of the media attached to the member's posts. */
  public Future<List<String>> ownMediaFiles(long accountId) {
    return strings(OWN_MEDIA, Tuple.of(accountId));
  }

  /**
   * The lower-case addresses of every account the member follows or asked to follow
   * ({@code following}), blocks ({@code blocks}) or mutes (anything else).
   */
  public Future<List<String>> currentAddresses(String type, long accountId, String localHost) {
    String sql = switch (type) {
      case "following" -> CURRENT_FOLLOWING;
      case "blocks" -> CURRENT_BLOCKS;
      default -> CURRENT_MUTES;
    };
    return strings(sql, Tuple.of(accountId, localHost));
  }

  private Future<List<String>> strings(String sql, Tuple params) {
    return list(sql, params, row -> row.getString(0));
  }

  private <T> Future<List<T>> list(String sql, Tuple params, Function<Row, T> mapper) {
    return pool.preparedQuery(sql).execute(params).map((RowSet<Row> rows) -> {
      List<T> values = new ArrayList<>();
      rows.forEach(row -> values.add(mapper.apply(row)));
      return values;
    });
  }
}
