package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers of the admin dashboard, a few aggregate queries that each read only the window
 * they count: local posts through each local member's own posts index (ids grow with time, so an
 * id bound is a time bound), sign-ins through the weekly login table, deliveries through the
 * partial indexes of pending and failed ones.
 */
public final class DashboardStore {
  // The first id made at a time: ids are milliseconds << 16.
  private static final String ID_AT = "((floor(extract(epoch FROM $1::timestamptz) * 1000))::bigint << 16)";
  private static final String TOTALS = "SELECT"
      + " (SELECT count(*) FROM users u JOIN accounts a ON a.id = u.account_id"
      + "   WHERE a.deleted_at IS NULL AND u.approved AND NOT u.disabled) AS members,"
      + " (SELECT count(*) FROM reports WHERE action_taken_at IS NULL) AS open_reports";
  // Per week since $1 (a Monday, 00:00 UTC): sign-ups, members active (signed in or used a
  // token, or posted), local posts, reports received.
  private static final String WEEKS = "WITH weeks AS (SELECT generate_series($1::timestamptz, now(),"
      + " interval '1 week') AS week),"
      + " posts AS (SELECT date_trunc('week', s.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS week,"
      + "   s.account_id FROM accounts a JOIN statuses s ON s.account_id = a.id AND s.deleted_at IS NULL"
      + "   AND s.id >= " + ID_AT + " WHERE a.domain IS NULL),"
      + " active AS (SELECT week AT TIME ZONE 'UTC' AS week, account_id FROM login_weeks"
      + "   WHERE week >= ($1::timestamptz AT TIME ZONE 'UTC')::date"
      + "   UNION SELECT week, account_id FROM posts)"
      + " SELECT (w.week AT TIME ZONE 'UTC')::date AS week,"
      + " (SELECT count(*) FROM users u WHERE u.created_at >= w.week"
      + "   AND u.created_at < w.week + interval '1 week') AS sign_ups,"
      + " (SELECT count(*) FROM active x WHERE x.week = w.week) AS active,"
      + " (SELECT count(*) FROM posts p WHERE p.week = w.week) AS posts,"
      + " (SELECT count(*) FROM reports r WHERE r.created_at >= w.week"
      + "   AND r.created_at < w.week + interval '1 week') AS reports"
      + " FROM weeks w ORDER BY w.week";
  // Per day since $1 (00:00 UTC): deliveries queued that day and still pending, and those that
  // failed for good.
  private static final String DAYS = "WITH days AS (SELECT generate_series($1::timestamptz, now(),"
      + " interval '1 day') AS day),"
      + " pending AS (SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,"
      + "   count(*) AS n FROM deliveries WHERE state = 'queued' GROUP BY 1),"
      + " failed AS (SELECT date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,"
      + "   count(*) AS n FROM deliveries WHERE state = 'failed' AND created_at >= $1::timestamptz GROUP BY 1)"
      + " SELECT (d.day AT TIME ZONE 'UTC')::date AS day, coalesce(p.n, 0) AS pending,"
      + " coalesce(f.n, 0) AS failed FROM days d"
      + " LEFT JOIN pending p ON p.day = d.day LEFT JOIN failed f ON f.day = d.day ORDER BY d.day";

  public record Totals(long members, long openReports) {}

  public record Week(LocalDate week, long signUps, long active, long posts, long reports) {}

  public record Day(LocalDate day, long pending, long failed) {}

  private final Pool pool;

  public DashboardStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Totals> totals() {
    return pool.query(TOTALS).execute().map(rows -> {
      Row row = rows.iterator().next();
      return new Totals(row.getLong("members"), row.getLong("open_reports"));
    });
  }

  /** The last {@code count} weeks, this one last (it is not over yet). */
  public Future<List<Week>> weeks(int count) {
    OffsetDateTime monday = LocalDate.now(ZoneOffset.UTC).with(DayOfWeek.MONDAY).minusWeeks(count - 1)
        .atStartOfDay().atOffset(ZoneOffset.UTC);
    return pool.preparedQuery(WEEKS).execute(Tuple.of(monday)).map(rows -> {
          List<Week> weeks = new ArrayList<>();
          for (Row row : rows) {
            weeks.add(new Week(row.getLocalDate("week"), row.getLong("sign_ups"), row.getLong("active"),
                row.getLong("posts"), row.getLong("reports")));
          }
          return weeks;
        });
  }

  /** The last {@code count} days, today last. */
  public Future<List<Day>> days(int count) {
    OffsetDateTime first = LocalDate.now(ZoneOffset.UTC).minusDays(count - 1).atStartOfDay()
        .atOffset(ZoneOffset.UTC);
    return pool.preparedQuery(DAYS).execute(Tuple.of(first)).map(rows -> {
          List<Day> days = new ArrayList<>();
          for (Row row : rows) {
            days.add(new Day(row.getLocalDate("day"), row.getLong("pending"), row.getLong("failed")));
          }
          return days;
        });
  }
}
