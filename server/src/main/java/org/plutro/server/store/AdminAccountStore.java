package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Account;

/** What moderators search accounts by (Mastodon's admin account filters). */
public final class AdminAccountStore {
  private static final String LIST = "SELECT " + AccountStore.COLUMNS + " FROM accounts a"
      + " LEFT JOIN users u ON u.account_id = a.id WHERE a.deleted_at IS NULL AND a.actor_type <> 'Application'"
      + " AND a.id > $1 AND a.id < $2"
      + " AND ($3::bool IS NULL OR (a.domain IS NULL) = $3)"
      + " AND (NOT $4 OR u.disabled) AND (NOT $5 OR a.silenced_at IS NOT NULL)"
      + " AND (NOT $6 OR a.suspended_at IS NOT NULL) AND (NOT $7 OR a.sensitized_at IS NOT NULL)"
      + " AND (NOT $8 OR u.role = 'admin') AND (NOT $9 OR (a.suspended_at IS NULL AND NOT coalesce(u.disabled, false)))"
      + " AND ($10::text IS NULL OR lower(a.username) LIKE '%' || lower($10) || '%')"
      + " AND ($11::text IS NULL OR lower(a.display_name) LIKE '%' || lower($11) || '%')"
      + " AND ($12::text IS NULL OR lower(a.domain) LIKE '%' || lower($12) || '%')"
      + " AND ($13::text IS NULL OR lower(u.email) LIKE '%' || lower($13) || '%')"
      // Sign-ups waiting for a moderator (registrations = approval).
      + " AND (NOT $15 OR NOT coalesce(u.approved, true))"
      // A member who signed in from an address within $16 (an address or a CIDR range).
      + " AND ($16::text IS NULL OR EXISTS (SELECT 1 FROM sign_ins si WHERE si.account_id = a.id"
      + " AND CASE WHEN si.address ~ '^[0-9A-Fa-f:.]+$' THEN si.address::inet <<= $16::text::inet ELSE false END))"
      + " ORDER BY a.id {order} LIMIT $14";
  private static final String LIST_ASCENDING = LIST.replace("{order}", "ASC");
  private static final String LIST_DESCENDING = LIST.replace("{order}", "DESC");
  private static final String VALID_INET = "SELECT $1::text::inet";

  /**
   * The filters: {@code local} null for both origins; the booleans narrow when true; the texts
   * (substrings, any case) and {@code ip} (an address or CIDR range) narrow when not null.
   */
  public record Filter(Boolean local, boolean disabled, boolean silenced, boolean suspended,
      boolean sensitized, boolean staff, boolean active, String username, String displayName,
      String domain, String email, boolean pending, String ip) {}

  private final Pool pool;

  public AdminAccountStore(Pool pool) {
    this.pool = pool;
  }

  /** Accounts between the page's bounds, by id in the page's order (ascending pages: oldest first). */
  public Future<List<Account>> list(Filter f, Page page) {
    Object[] args = {page.lower(), page.upper(), f.local(), f.disabled(), f.silenced(), f.suspended(),
        f.sensitized(), f.staff(), f.active(), f.username(), f.displayName(), f.domain(), f.email(),
        page.limit(), f.pending(), f.ip()};
    return pool.preparedQuery(page.ascending() ? LIST_ASCENDING : LIST_DESCENDING).execute(Tuple.from(args))
        .map(rows -> {
          List<Account> found = new ArrayList<>();
          rows.forEach(row -> found.add(AccountStore.map(row)));
          return found;
        });
  }

  /** Whether PostgreSQL reads {@code ip} as an address or a range. */
  public Future<Boolean> isAddressOrRange(String ip) {
    return pool.preparedQuery(VALID_INET).execute(Tuple.of(ip)).map(rows -> true).otherwise(false);
  }
}
