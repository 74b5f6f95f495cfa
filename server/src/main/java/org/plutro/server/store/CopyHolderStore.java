package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Which remote instances hold a copy of each local member, one row per (member, instance), with
 * the inbox that reaches it (shared preferred) and the last contact. Writes are cheap: a row is
 * rewritten only when its inbox gets better or its last contact is over a minute old.
 */
public final class CopyHolderStore {
  /** An instance holding a copy, and the inbox that reaches it. */
  public record Holder(String domain, String inbox, OffsetDateTime lastContactAt) {}

  private static final String UPSERT_TAIL = " ON CONFLICT (account_id, domain) DO UPDATE SET"
      + " inbox_url = CASE WHEN EXCLUDED.shared_inbox OR NOT h.shared_inbox THEN EXCLUDED.inbox_url"
      + " ELSE h.inbox_url END,"
      + " shared_inbox = h.shared_inbox OR EXCLUDED.shared_inbox, last_contact_at = now()"
      + " WHERE h.last_contact_at < now() - interval '1 minute'"
      + " OR (h.inbox_url <> EXCLUDED.inbox_url AND (EXCLUDED.shared_inbox OR NOT h.shared_inbox))";
  // Inboxes we deliver to: shared when some actor of that domain names it as its shared inbox.
  // Rows go in domain order (DISTINCT ON sorts), so two transactions never deadlock on them.
  private static final String RECORD_INBOXES = "INSERT INTO copy_holders AS h (account_id, domain,"
      + " inbox_url, shared_inbox) SELECT * FROM (SELECT DISTINCT ON (t.domain) $1::bigint, t.domain,"
      + " t.inbox, EXISTS (SELECT 1 FROM accounts a WHERE a.domain = t.domain"
      + " AND a.shared_inbox_url = t.inbox) AS shared FROM unnest($2::text[], $3::text[]) AS t (domain, inbox)"
      + " ORDER BY t.domain, shared DESC) AS r (account_id, domain, inbox_url, shared_inbox)"
      + UPSERT_TAIL;
  private static final String RECORD_ONE = "INSERT INTO copy_holders AS h (account_id, domain,"
      + " inbox_url, shared_inbox) SELECT $1, $2, $3, $4" + UPSERT_TAIL;
  // Recorded holders, and the servers of everyone the member follows or is followed by (asked
  // for, too): one inbox per instance, a shared one first.
  private static final String HOLDERS = "SELECT DISTINCT ON (domain) domain, inbox, last_contact_at"
      + " FROM (SELECT domain, inbox_url AS inbox, shared_inbox AS shared, last_contact_at"
      + " FROM copy_holders WHERE account_id = $1"
      + " UNION ALL SELECT r.domain, coalesce(r.shared_inbox_url, r.inbox_url),"
      + " r.shared_inbox_url IS NOT NULL, coalesce(f.accepted_at, f.created_at)"
      + " FROM follows f JOIN accounts r ON r.id = CASE WHEN f.account_id = $1"
      + " THEN f.target_account_id ELSE f.account_id END"
      + " WHERE (f.account_id = $1 OR f.target_account_id = $1) AND r.domain IS NOT NULL"
      + " AND r.inbox_url IS NOT NULL) h"
      + " ORDER BY domain, shared DESC, last_contact_at DESC";

  private final SqlClient client;

  public CopyHolderStore(SqlClient client) {
    this.client = client;
  }

  /** Records deliveries of the member's activities to {@code inboxes} (on {@code domains}). */
  public static Future<Void> recordDeliveries(SqlClient tx, long accountId, String[] domains,
      String[] inboxes) {
    if (domains.length == 0) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(RECORD_INBOXES).execute(Tuple.of(accountId, domains, inboxes)).mapEmpty();
  }

  /** Records one instance that holds a copy (it fetched the member, or follows them). */
  public Future<Void> record(long accountId, String domain, String inbox, boolean shared) {
    return client.preparedQuery(RECORD_ONE).execute(Tuple.of(accountId, domain, inbox, shared))
        .mapEmpty();
  }

  /** Every instance holding a copy of the member, one inbox each, by domain. */
  public Future<List<Holder>> holders(long accountId) {
    return holders(client, accountId);
  }

  public static Future<List<Holder>> holders(SqlClient client, long accountId) {
    return client.preparedQuery(HOLDERS).execute(Tuple.of(accountId)).map(rows -> {
      List<Holder> holders = new ArrayList<>(rows.size());
      for (Row row : rows) {
        holders.add(new Holder(row.getString("domain"), row.getString("inbox"),
            row.getOffsetDateTime("last_contact_at")));
      }
      return holders;
    });
  }

  public static List<String> inboxes(List<Holder> holders) {
    List<String> inboxes = new ArrayList<>(holders.size());
    holders.forEach(holder -> inboxes.add(holder.inbox()));
    return inboxes;
  }
}
