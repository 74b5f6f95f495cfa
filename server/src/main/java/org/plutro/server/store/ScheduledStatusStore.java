package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Posts waiting for their time, each with the job that publishes it. A new time gets a new job;
 * the old one finds the row not yet due and does nothing.
 */
public final class ScheduledStatusStore {
  public static final String JOB = "scheduled_status";

  /** One waiting post: what it will be ({@code params}, as the API took them) and when. */
  public record Scheduled(long id, long accountId, OffsetDateTime scheduledAt, JsonObject params,
      List<Long> mediaIds) {}

  private static final String COLUMNS = "id, account_id, scheduled_at, params, media_ids";
  private static final String INSERT = "WITH s AS (INSERT INTO scheduled_statuses"
      + " (account_id, scheduled_at, params, media_ids) VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS
      + "), j AS (INSERT INTO jobs (kind, payload, run_at) SELECT '" + JOB + "',"
      + " jsonb_build_object('id', s.id::text), s.scheduled_at FROM s) SELECT " + COLUMNS + " FROM s";
  private static final String RESCHEDULE = "WITH s AS (UPDATE scheduled_statuses SET scheduled_at = $3"
      + " WHERE id = $1 AND account_id = $2 RETURNING " + COLUMNS + "), j AS (INSERT INTO jobs"
      + " (kind, payload, run_at) SELECT '" + JOB + "', jsonb_build_object('id', s.id::text),"
      + " s.scheduled_at FROM s) SELECT " + COLUMNS + " FROM s";
  private static final String ONE = "SELECT " + COLUMNS + " FROM scheduled_statuses"
      + " WHERE id = $1 AND account_id = $2";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM scheduled_statuses WHERE id = $1";
  private static final String PAGE = "SELECT " + COLUMNS + " FROM scheduled_statuses"
      + " WHERE account_id = $1 AND id > $2 AND id < $3 ORDER BY id ";
  private static final String DELETE = "DELETE FROM scheduled_statuses WHERE id = $1 AND account_id = $2"
      + " RETURNING id";
  // Mastodon's limits: so many waiting in all, and so many for any one day.
  private static final String COUNTS = "SELECT count(*),"
      + " count(*) FILTER (WHERE scheduled_at::date = $2::timestamptz::date)"
      + " FROM scheduled_statuses WHERE account_id = $1";
  // Uploads another waiting post will carry.
  private static final String RESERVED = "SELECT DISTINCT m FROM scheduled_statuses,"
      + " unnest(media_ids) m WHERE account_id = $1 AND media_ids && $2";

  private final SqlClient client;

  public ScheduledStatusStore(SqlClient client) {
    this.client = client;
  }

  public Future<Scheduled> insert(long accountId, OffsetDateTime at, JsonObject params,
      List<Long> mediaIds) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(accountId, at, params, mediaIds.toArray(Long[]::new)))
        .map(rows -> all(rows).get(0));
  }

  public Future<Optional<Scheduled>> reschedule(long accountId, long id, OffsetDateTime at) {
    return client.preparedQuery(RESCHEDULE).execute(Tuple.of(id, accountId, at)).map(ScheduledStatusStore::first);
  }

  public Future<Optional<Scheduled>> one(long accountId, long id) {
    return client.preparedQuery(ONE).execute(Tuple.of(id, accountId)).map(ScheduledStatusStore::first);
  }

  public Future<Optional<Scheduled>> byId(long id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(ScheduledStatusStore::first);
  }

  public Future<List<Scheduled>> page(long accountId, Page page) {
    return client.preparedQuery(PAGE + (page.ascending() ? "ASC" : "DESC") + " LIMIT $4")
        .execute(Tuple.of(accountId, page.lower(), page.upper(), page.limit()))
        .map(rows -> {
          List<Scheduled> found = all(rows);
          if (page.ascending()) {
            Collections.reverse(found);
          }
          return found;
        });
  }

  public Future<Boolean> delete(long accountId, long id) {
    return client.preparedQuery(DELETE).execute(Tuple.of(id, accountId)).map(rows -> rows.size() > 0);
  }

  /** How many the member has waiting: in all, and on the day of {@code at}. */
  public Future<long[]> counts(long accountId, OffsetDateTime at) {
    return client.preparedQuery(COUNTS).execute(Tuple.of(accountId, at)).map(rows -> {
      Row row = rows.iterator().next();
      return new long[] {row.getLong(0), row.getLong(1)};
    });
  }

  public Future<List<Long>> reserved(long accountId, List<Long> mediaIds) {
    return client.preparedQuery(RESERVED).execute(Tuple.of(accountId, mediaIds.toArray(Long[]::new)))
        .map(rows -> {
          List<Long> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getLong(0)));
          return ids;
        });
  }

  private static Optional<Scheduled> first(RowSet<Row> rows) {
    List<Scheduled> found = all(rows);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private static List<Scheduled> all(RowSet<Row> rows) {
    List<Scheduled> found = new ArrayList<>();
    for (Row row : rows) {
      List<Long> media = new ArrayList<>();
      Long[] ids = row.getArrayOfLongs("media_ids");
      if (ids != null) {
        Collections.addAll(media, ids);
      }
      found.add(new Scheduled(row.getLong("id"), row.getLong("account_id"),
          row.getOffsetDateTime("scheduled_at"), row.getJsonObject("params"), media));
    }
    return found;
  }
}
