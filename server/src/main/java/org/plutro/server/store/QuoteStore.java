package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.InteractionPolicy.Who;

/**
 * Quote posts (FEP-044f): which post a post quotes, the quote's state (pending, accepted,
 * rejected, revoked, as Mastodon's), and the stamp that allowed it.
 */
public final class QuoteStore {
  /** A post's quote of another ({@code quotedStatusId} null while the quoted post is unknown). */
  public record Quote(long statusId, String quotedUri, Long quotedStatusId, String state,
      String authorizationUri, String requestUri) {
    public boolean accepted() {
      return "accepted".equals(state);
    }
  }

  /**
   * A shown post's quote as a viewer sees it (null {@code state}: it quotes nothing), whether the
   * viewer may see the quoted post, whether that is gone; how many accepted quotes the post has;
   * whether the viewer follows its author; and the viewer's block or mute of the quoted author
   * ({@code blocked_domain}, {@code blocked_account}, {@code muted_account}, or null).
   */
  public record Shown(String state, Long quotedStatusId, boolean quotedVisible, boolean quotedGone,
      long quotesCount, boolean viewerFollows, String viewerFilter) {}

  private static final String COLUMNS = "status_id, quoted_uri, quoted_status_id, state,"
      + " authorization_uri, request_uri";
  private static final String INSERT = "INSERT INTO quotes (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)"
      + " ON CONFLICT (status_id) DO NOTHING";
  // A quote its post's edit changed: judged afresh, its request (ours to answer) forgotten.
  private static final String REPLACE = "INSERT INTO quotes (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)"
      + " ON CONFLICT (status_id) DO UPDATE SET quoted_uri = EXCLUDED.quoted_uri,"
      + " quoted_status_id = EXCLUDED.quoted_status_id, state = EXCLUDED.state,"
      + " authorization_uri = EXCLUDED.authorization_uri, request_uri = EXCLUDED.request_uri";
  private static final String DELETE = "DELETE FROM quotes WHERE status_id = $1";
  private static final String BY_STATUS = "SELECT " + COLUMNS + " FROM quotes WHERE status_id = $1";
  private static final String BY_REQUEST = "SELECT " + COLUMNS + " FROM quotes WHERE request_uri = $1";
  private static final String BY_AUTHORIZATION = "SELECT " + COLUMNS + " FROM quotes WHERE authorization_uri = $1";
  // The local author of the quoted post, and the quoting post's author.
  private static final String QUOTED_AUTHOR = "SELECT d.account_id, s.account_id FROM quotes q"
      + " JOIN statuses s ON s.id = q.status_id JOIN statuses d ON d.id = q.quoted_status_id"
      + " WHERE q.status_id = $1 AND q.state = 'accepted' AND d.local";
  private static final String ACCEPT = "UPDATE quotes SET state = 'accepted', authorization_uri = $2"
      + " WHERE status_id = $1";
  // An accepted quote whose stamp is withdrawn is revoked; any other is rejected (Quote#reject!).
  private static final String REJECT = "UPDATE quotes SET state = CASE WHEN state IN ('accepted', 'revoked')"
      + " THEN 'revoked' ELSE 'rejected' END WHERE status_id = $1";
  private static final String POLICY = "UPDATE statuses SET quotes_from = $2 WHERE id = $1";
  // Accepted quotes of a post, newest first, that the viewer may see.
  private static final String QUOTES_OF = "SELECT s.id FROM quotes q JOIN statuses s ON s.id = q.status_id"
      + " WHERE q.quoted_status_id = $1 AND q.state = 'accepted' AND " + VisibilityStore.visibleTo("$2::int8")
      + " AND s.id > $3 AND s.id < $4 ORDER BY s.id DESC LIMIT $5";

  private QuoteStore() {}

  public static Future<Void> insert(SqlClient client, Quote quote) {
    return client.preparedQuery(INSERT).execute(Tuple.from(new Object[] {quote.statusId(),
        quote.quotedUri(), quote.quotedStatusId(), quote.state(), quote.authorizationUri(),
        quote.requestUri()})).mapEmpty();
  }

  /** The quote of {@code quote.statusId()}, whatever it was before. */
  public static Future<Void> replace(SqlClient client, Quote quote) {
    return client.preparedQuery(REPLACE).execute(Tuple.from(new Object[] {quote.statusId(),
        quote.quotedUri(), quote.quotedStatusId(), quote.state(), quote.authorizationUri(),
        quote.requestUri()})).mapEmpty();
  }

  /** The post {@code statusId} quotes nothing any more. */
  public static Future<Void> delete(SqlClient client, long statusId) {
    return client.preparedQuery(DELETE).execute(Tuple.of(statusId)).mapEmpty();
  }

  public static Future<Optional<Quote>> byStatus(SqlClient client, long statusId) {
    return client.preparedQuery(BY_STATUS).execute(Tuple.of(statusId)).map(QuoteStore::one);
  }

  public static Future<Optional<Quote>> byRequest(SqlClient client, String requestUri) {
    return client.preparedQuery(BY_REQUEST).execute(Tuple.of(requestUri)).map(QuoteStore::one);
  }

  public static Future<Optional<Quote>> byAuthorization(SqlClient client, String authorizationUri) {
    return client.preparedQuery(BY_AUTHORIZATION).execute(Tuple.of(authorizationUri)).map(QuoteStore::one);
  }

  /**
   * Tells the local author of the post quoted by {@code quoteStatusId} that it was quoted (not
   * twice, not by themselves, not by someone they block: {@link NotificationStore#insert}).
   */
  public static Future<Void> notifyQuoted(SqlClient client, long quoteStatusId) {
    return client.preparedQuery(QUOTED_AUTHOR).execute(Tuple.of(quoteStatusId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      Row row = rows.iterator().next();
      return NotificationStore.insert(client, row.getLong(0), "quote", row.getLong(1), quoteStatusId);
    });
  }

  /** The quote accepted, with the stamp that says so. */
  public static Future<Void> accept(SqlClient client, long statusId, String authorizationUri) {
    return client.preparedQuery(ACCEPT).execute(Tuple.of(statusId, authorizationUri)).mapEmpty();
  }

  public static Future<Void> reject(SqlClient client, long statusId) {
    return client.preparedQuery(REJECT).execute(Tuple.of(statusId)).mapEmpty();
  }

  /** Who may quote the post {@code statusId}. */
  public static Future<Void> policy(SqlClient client, long statusId, Who quotes) {
    return client.preparedQuery(POLICY).execute(Tuple.of(statusId, quotes.column())).mapEmpty();
  }

  /** The ids of the accepted quotes of {@code quotedId} that the viewer may see, newest first. */
  public static Future<List<Long>> quotesOf(SqlClient client, long quotedId, Long viewerId, Page page) {
    return client.preparedQuery(QUOTES_OF)
        .execute(Tuple.of(quotedId, viewerId, page.lower(), page.upper(), page.limit())).map(rows -> {
          List<Long> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getLong(0)));
          return ids;
        });
  }

  private static Optional<Quote> one(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(new Quote(row.getLong("status_id"), row.getString("quoted_uri"),
        row.getLong("quoted_status_id"), row.getString("state"), row.getString("authorization_uri"),
        row.getString("request_uri")));
  }
}
