package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Filter;
import org.plutro.server.domain.Filter.FilteredStatus;
import org.plutro.server.domain.Filter.Keyword;

/** Filters (v2) with their keywords and statuses; every lookup is scoped to the owner. */
public final class FilterStore {
  private static final String COLUMNS = "f.id, f.account_id, f.title, f.context, f.action, f.expires_at";
  private static final String OWNED = "SELECT " + COLUMNS + " FROM filters f WHERE f.account_id = $1"
      + " ORDER BY f.id";
  private static final String ONE = "SELECT " + COLUMNS + " FROM filters f WHERE f.id = $1"
      + " AND f.account_id = $2";
  private static final String KEYWORDS = "SELECT id, filter_id, keyword, whole_word"
      + " FROM filter_keywords WHERE filter_id = ANY($1) ORDER BY id";
  private static final String STATUSES = "SELECT id, filter_id, status_id FROM filter_statuses"
      + " WHERE filter_id = ANY($1) ORDER BY id";
  private static final String INSERT = "INSERT INTO filters (account_id, title, context, action,"
      + " expires_at) VALUES ($1, $2, $3, $4, CASE WHEN $5::int IS NULL THEN NULL"
      + " ELSE now() + make_interval(secs => $5::int) END) RETURNING id";
  private static final String UPDATE = "UPDATE filters SET title = $3, context = $4, action = $5,"
      + " expires_at = CASE WHEN $6::boolean THEN (CASE WHEN $7::int IS NULL THEN NULL"
      + " ELSE now() + make_interval(secs => $7::int) END) ELSE expires_at END, updated_at = now()"
      + " WHERE id = $1 AND account_id = $2";
  private static final String DELETE = "DELETE FROM filters WHERE id = $1 AND account_id = $2";
  private static final String INSERT_KEYWORD = "INSERT INTO filter_keywords (filter_id, keyword,"
      + " whole_word) VALUES ($1, $2, $3) RETURNING id";
  private static final String UPDATE_KEYWORD = "UPDATE filter_keywords SET keyword = $3,"
      + " whole_word = $4 WHERE id = $1 AND filter_id = $2";
  private static final String DELETE_KEYWORD = "DELETE FROM filter_keywords WHERE id = $1"
      + " AND filter_id = $2";
  // A keyword changed among a filter's others: what is not sent stays as it is.
  private static final String CHANGE_KEYWORD = "UPDATE filter_keywords SET keyword = coalesce($3, keyword),"
      + " whole_word = coalesce($4, whole_word) WHERE id = $1 AND filter_id = $2";
  private static final String KEYWORD_OWNER = "SELECT k.filter_id FROM filter_keywords k"
      + " JOIN filters f ON f.id = k.filter_id WHERE k.id = $1 AND f.account_id = $2";
  private static final String STATUS_OWNER = "SELECT s.filter_id FROM filter_statuses s"
      + " JOIN filters f ON f.id = s.filter_id WHERE s.id = $1 AND f.account_id = $2";
  private static final String INSERT_STATUS = "INSERT INTO filter_statuses (filter_id, status_id)"
      + " VALUES ($1, $2) ON CONFLICT (filter_id, status_id) DO NOTHING RETURNING id";
  private static final String DELETE_STATUS = "DELETE FROM filter_statuses WHERE id = $1";
  private static final String EMPTY = "DELETE FROM filters f WHERE f.id = $1"
      + " AND NOT EXISTS (SELECT 1 FROM filter_keywords k WHERE k.filter_id = f.id)"
      + " AND NOT EXISTS (SELECT 1 FROM filter_statuses s WHERE s.filter_id = f.id)";

  /** What a create or an update sets; {@code expiresIn} applies only when {@code setExpiry}. */
  public record Changes(String title, List<String> context, String action, boolean setExpiry,
      Integer expiresInSeconds) {}

  /** A keyword to add ({@code id} null), change, or remove ({@code destroy}). */
  public record KeywordChange(Long id, String keyword, Boolean wholeWord, boolean destroy) {}

  private final Pool pool;

  public FilterStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Filter>> owned(long accountId) {
    return load(pool, OWNED, Tuple.of(accountId));
  }

  public Future<Optional<Filter>> one(long filterId, long accountId) {
    return load(pool, ONE, Tuple.of(filterId, accountId)).map(list -> list.stream().findFirst());
  }

  /** The filter a keyword belongs to, if the member owns it. */
  public Future<Optional<Long>> keywordFilter(long keywordId, long accountId) {
    return id(KEYWORD_OWNER, Tuple.of(keywordId, accountId));
  }

  public Future<Optional<Long>> statusFilter(long filterStatusId, long accountId) {
    return id(STATUS_OWNER, Tuple.of(filterStatusId, accountId));
  }

  public Future<Long> insert(long accountId, Changes changes, List<KeywordChange> keywords) {
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT)
        .execute(Tuple.of(accountId, changes.title(), changes.context().toArray(String[]::new),
            changes.action(), changes.expiresInSeconds()))
        .compose(rows -> {
          long id = rows.iterator().next().getLong(0);
          return changeKeywords(tx, id, keywords).map(done -> id);
        }));
  }

  /** Updates a filter and its keywords together; false when the member has no such filter. */
  public Future<Boolean> update(long filterId, long accountId, Changes changes,
      List<KeywordChange> keywords) {
    return pool.withTransaction(tx -> tx.preparedQuery(UPDATE)
        .execute(Tuple.from(new Object[] {filterId, accountId, changes.title(),
            changes.context().toArray(String[]::new), changes.action(), changes.setExpiry(),
            changes.expiresInSeconds()}))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : changeKeywords(tx, filterId, keywords).map(done -> true)));
  }

  public Future<Boolean> delete(long filterId, long accountId) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(filterId, accountId))
        .map(rows -> rows.rowCount() > 0);
  }

  public Future<Long> insertKeyword(long filterId, String keyword, boolean wholeWord) {
    return pool.preparedQuery(INSERT_KEYWORD).execute(Tuple.of(filterId, keyword, wholeWord))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Void> updateKeyword(long keywordId, long filterId, String keyword, boolean wholeWord) {
    return pool.preparedQuery(UPDATE_KEYWORD).execute(Tuple.of(keywordId, filterId, keyword, wholeWord))
        .mapEmpty();
  }

  public Future<Void> deleteKeyword(long keywordId, long filterId) {
    return pool.preparedQuery(DELETE_KEYWORD).execute(Tuple.of(keywordId, filterId)).mapEmpty();
  }

  /** Removes a filter left with neither keywords nor statuses (the v1 API's one-keyword filters). */
  public Future<Void> deleteIfEmpty(long filterId) {
    return pool.preparedQuery(EMPTY).execute(Tuple.of(filterId)).mapEmpty();
  }

  /** Empty when the status is already in the filter. */
  public Future<Optional<Long>> insertStatus(long filterId, long statusId) {
    return id(INSERT_STATUS, Tuple.of(filterId, statusId));
  }

  public Future<Void> deleteStatus(long filterStatusId) {
    return pool.preparedQuery(DELETE_STATUS).execute(Tuple.of(filterStatusId)).mapEmpty();
  }

  private static Future<Void> changeKeywords(SqlClient tx, long filterId, List<KeywordChange> changes) {
    Future<Void> chain = Future.succeededFuture();
    for (KeywordChange change : changes) {
      chain = chain.compose(done -> {
        if (change.id() == null) {
          return change.destroy() ? Future.succeededFuture()
              : tx.preparedQuery(INSERT_KEYWORD).execute(Tuple.of(filterId, change.keyword(),
                  change.wholeWord() == null || change.wholeWord())).mapEmpty();
        }
        if (change.destroy()) {
          return tx.preparedQuery(DELETE_KEYWORD).execute(Tuple.of(change.id(), filterId)).mapEmpty();
        }
        return tx.preparedQuery(CHANGE_KEYWORD)
            .execute(Tuple.of(change.id(), filterId, change.keyword(), change.wholeWord()))
            .compose(rows -> rows.rowCount() == 0
                ? Future.failedFuture(org.plutro.server.domain.ServiceException.notFound("Record not found"))
                : Future.succeededFuture());
      });
    }
    return chain;
  }

  private Future<Optional<Long>> id(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(rows -> rows.size() == 0
        ? Optional.<Long>empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  private static Future<List<Filter>> load(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args).compose(rows -> {
      List<Row> filterRows = new ArrayList<>();
      rows.forEach(filterRows::add);
      Long[] ids = filterRows.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
      if (ids.length == 0) {
        return Future.succeededFuture(List.<Filter>of());
      }
      Future<List<Keyword>> keywords = client.preparedQuery(KEYWORDS).execute(Tuple.of((Object) ids))
          .map(found -> {
            List<Keyword> list = new ArrayList<>();
            found.forEach(r -> list.add(new Keyword(r.getLong("id"), r.getLong("filter_id"),
                r.getString("keyword"), r.getBoolean("whole_word"))));
            return list;
          });
      Future<List<FilteredStatus>> statuses = client.preparedQuery(STATUSES).execute(Tuple.of((Object) ids))
          .map(found -> {
            List<FilteredStatus> list = new ArrayList<>();
            found.forEach(r -> list.add(new FilteredStatus(r.getLong("id"), r.getLong("filter_id"),
                r.getLong("status_id"))));
            return list;
          });
      return Future.all(keywords, statuses).map(done -> {
        List<Filter> filters = new ArrayList<>();
        for (Row row : filterRows) {
          long id = row.getLong("id");
          filters.add(new Filter(id, row.getLong("account_id"), row.getString("title"),
              Arrays.asList(row.getArrayOfStrings("context")), row.getString("action"),
              row.getOffsetDateTime("expires_at"),
              keywords.result().stream().filter(k -> k.filterId() == id).toList(),
              statuses.result().stream().filter(s -> s.filterId() == id).toList()));
        }
        return filters;
      });
    });
  }
}
