package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;

/** Figures about the instance for the Mastodon instance API: peers, weekly activity, contact. */
public final class InstanceStore {
  // Every domain we know: from actors we hold and instances we delivered to or heard from.
  private static final String PEERS = "SELECT domain FROM accounts WHERE domain IS NOT NULL"
      + " UNION SELECT domain FROM instances ORDER BY 1";
  private static final String DOMAIN_COUNT = "SELECT count(*) FROM (" + PEERS + ") p";
  // Twelve weeks (Monday 00:00 UTC), this one first, as Mastodon's /api/v1/instance/activity.
  private static final String ACTIVITY = "WITH weeks AS (SELECT generate_series("
      + " date_trunc('week', now() AT TIME ZONE 'UTC') - interval '11 weeks',"
      + " date_trunc('week', now() AT TIME ZONE 'UTC'), interval '1 week') AS week)"
      + " SELECT extract(epoch FROM w.week)::bigint AS week,"
      + " (SELECT count(*) FROM statuses s WHERE s.local AND s.reblog_of_id IS NULL"
      + "   AND (s.created_at AT TIME ZONE 'UTC') >= w.week"
      + "   AND (s.created_at AT TIME ZONE 'UTC') < w.week + interval '1 week') AS statuses,"
      + " (SELECT count(*) FROM login_weeks l WHERE l.week = w.week::date) AS logins,"
      + " (SELECT count(*) FROM users u WHERE (u.created_at AT TIME ZONE 'UTC') >= w.week"
      + "   AND (u.created_at AT TIME ZONE 'UTC') < w.week + interval '1 week') AS registrations"
      + " FROM weeks w ORDER BY w.week DESC";
  private static final String FIRST_ADMIN = "SELECT " + AccountStore.COLUMNS + " FROM users u"
      + " JOIN accounts a ON a.id = u.account_id WHERE u.role = 'admin' AND a.deleted_at IS NULL"
      + " ORDER BY u.created_at, a.id LIMIT 1";

  /** One week of activity; {@code week} is the Unix time of its Monday, 00:00 UTC. */
  public record Week(long week, long statuses, long logins, long registrations) {}

  private final Pool pool;

  public InstanceStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<String>> peers() {
    return pool.query(PEERS).execute().map(rows -> {
      List<String> domains = new ArrayList<>();
      rows.forEach(row -> domains.add(row.getString(0)));
      return domains;
    });
  }

  public Future<Long> domainCount() {
    return pool.query(DOMAIN_COUNT).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<List<Week>> activity() {
    return pool.query(ACTIVITY).execute().map(rows -> {
      List<Week> weeks = new ArrayList<>();
      for (Row row : rows) {
        weeks.add(new Week(row.getLong("week"), row.getLong("statuses"), row.getLong("logins"),
            row.getLong("registrations")));
      }
      return weeks;
    });
  }

  /** The contact account: the first admin, as no setting names one. */
  public Future<Optional<Account>> contactAccount() {
    return pool.query(FIRST_ADMIN).execute().map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? Optional.of(AccountStore.map(it.next())) : Optional.<Account>empty();
    });
  }
}
