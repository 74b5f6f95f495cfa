package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * What we send: outbound activities and their deliveries (one per remote inbox), and the inboxes
 * an activity goes to. Everything runs in the caller's transaction, so that nothing is sent for a
 * change that did not commit.
 */
public final class OutboundStore {
  /** Notified when deliveries are queued, so that workers wake at once. */
  public static final String CHANNEL = "plutro_deliveries";
  private static final String INSERT_ACTIVITY = "INSERT INTO outbound_activities (uri, account_id, body)"
      + " VALUES ($1, $2, $3) ON CONFLICT (uri) DO UPDATE SET body = EXCLUDED.body RETURNING id";
  private static final String INSERT_DELIVERY = "INSERT INTO deliveries (activity_id, inbox_url, domain)"
      + " VALUES ($1, $2, $3) ON CONFLICT (activity_id, inbox_url) DO NOTHING";
  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";
  private static final String FOLLOWER_INBOXES = "SELECT DISTINCT coalesce(a.shared_inbox_url, a.inbox_url)"
      + " FROM follows f JOIN accounts a ON a.id = f.account_id WHERE f.target_account_id = $1"
      + " AND f.state = 'accepted' AND a.domain IS NOT NULL AND a.deleted_at IS NULL";
  private static final String SHARER_INBOXES = "SELECT DISTINCT coalesce(a.shared_inbox_url, a.inbox_url)"
      + " FROM statuses r JOIN accounts a ON a.id = r.account_id WHERE r.reblog_of_id = $1"
      + " AND a.domain IS NOT NULL AND a.deleted_at IS NULL";

  private OutboundStore() {}

  /** Stores an activity (replacing the body of one with the same URI); answers its id. */
  public static Future<Long> insertActivity(SqlClient tx, String uri, long accountId, String body) {
    return tx.preparedQuery(INSERT_ACTIVITY).execute(Tuple.of(uri, accountId, body))
        .map(inserted -> inserted.iterator().next().getLong(0));
  }

  /** Queues one delivery of the activity per inbox ({@code domains[i]} is {@code inboxes[i]}'s). */
  public static Future<Void> insertDeliveries(SqlClient tx, long activityId, List<String> inboxes,
      String[] domains) {
    List<Tuple> rows = new ArrayList<>(inboxes.size());
    for (int i = 0; i < inboxes.size(); i++) {
      rows.add(Tuple.of(activityId, inboxes.get(i), domains[i]));
    }
    return tx.preparedQuery(INSERT_DELIVERY).executeBatch(rows).mapEmpty();
  }

  /** Wakes the delivery workers (PostgreSQL sends the notice when the transaction commits). */
  public static Future<Void> notifyDeliveries(SqlClient tx) {
    return tx.query(NOTIFY).execute().mapEmpty();
  }

  /** Inboxes of the account's remote followers, shared inboxes preferred, each once. */
  public static Future<List<String>> followerInboxes(SqlClient client, long accountId) {
    return client.preparedQuery(FOLLOWER_INBOXES).execute(Tuple.of(accountId)).map(rows -> {
      List<String> inboxes = new ArrayList<>(rows.size());
      rows.forEach(row -> inboxes.add(row.getString(0)));
      return inboxes;
    });
  }

  /** Inboxes of the remote accounts that shared the post, shared inboxes preferred, each once. */
  public static Future<List<String>> sharerInboxes(SqlClient client, long statusId) {
    return client.preparedQuery(SHARER_INBOXES).execute(Tuple.of(statusId)).map(rows -> {
      List<String> inboxes = new ArrayList<>(rows.size());
      rows.forEach(row -> inboxes.add(row.getString(0)));
      return inboxes;
    });
  }
}
