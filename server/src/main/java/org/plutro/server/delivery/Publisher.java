package org.plutro.server.delivery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.uri.Uris;

/**
 * Queues an activity for delivery: stored once, with its actor's integrity proof (signed once
 * for all its inboxes), one delivery per distinct remote inbox, all in the caller's transaction so
 * that nothing is sent for a change that did not commit.
 */
public final class Publisher {
  public static final String CHANNEL = "plutro_deliveries";
  private static final String INSERT_ACTIVITY = "INSERT INTO outbound_activities (uri, account_id, body)"
      + " VALUES ($1, $2, $3) ON CONFLICT (uri) DO UPDATE SET body = EXCLUDED.body RETURNING id";
  private static final String INSERT_DELIVERY = "INSERT INTO deliveries (activity_id, inbox_url, domain)"
      + " VALUES ($1, $2, $3) ON CONFLICT (activity_id, inbox_url) DO NOTHING";
  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";
  private static final String FOLLOWER_INBOXES = "SELECT DISTINCT coalesce(a.shared_inbox_url, a.inbox_url)"
      + " FROM follows f JOIN accounts a ON a.id = f.account_id WHERE f.target_account_id = $1"
      + " AND f.state = 'accepted' AND a.domain IS NOT NULL AND a.deleted_at IS NULL";

  private final Uris uris;
  private final ActorProofs proofs;

  public Publisher(Uris uris, ActorProofs proofs) {
    this.uris = uris;
    this.proofs = proofs;
  }

  /** Queues {@code activity}, signed later by {@code signerAccountId}, for each remote inbox. */
  public Future<Void> publish(SqlClient tx, long signerAccountId, JsonObject activity,
      Collection<String> inboxes) {
    List<String> remote = new ArrayList<>();
    for (String inbox : new LinkedHashSet<>(inboxes)) {
      if (inbox != null && !uris.isLocal(inbox)) {
        remote.add(inbox);
      }
    }
    if (remote.isEmpty()) {
      return Future.succeededFuture();
    }
    return proofs.sign(tx, signerAccountId, activity)
        .compose(signed -> tx.preparedQuery(INSERT_ACTIVITY)
            .execute(Tuple.of(activity.getString("id"), signerAccountId, signed.encode())))
        .compose(inserted -> {
          long activityId = inserted.iterator().next().getLong(0);
          List<Tuple> rows = new ArrayList<>(remote.size());
          String[] domains = new String[remote.size()];
          for (int i = 0; i < remote.size(); i++) {
            domains[i] = domainOf(remote.get(i));
            rows.add(Tuple.of(activityId, remote.get(i), domains[i]));
          }
          return tx.preparedQuery(INSERT_DELIVERY).executeBatch(rows)
              // Every instance we send the member's activities to holds a copy of them.
              .compose(done -> CopyHolderStore.recordDeliveries(tx, signerAccountId, domains,
                  remote.toArray(String[]::new)));
        })
        .compose(done -> tx.query(NOTIFY).execute())
        .mapEmpty();
  }

  /** Inboxes of the account's remote followers, shared inboxes preferred, each once. */
  public static Future<List<String>> followerInboxes(SqlClient client, long accountId) {
    return client.preparedQuery(FOLLOWER_INBOXES).execute(Tuple.of(accountId)).map(rows -> {
      List<String> inboxes = new ArrayList<>(rows.size());
      rows.forEach(row -> inboxes.add(row.getString(0)));
      return inboxes;
    });
  }

  /** host[:port] of a URL, as stored in {@code accounts.domain} and {@code instances.domain}. */
  public static String domainOf(String url) {
    return URI.create(url).getRawAuthority().toLowerCase();
  }
}
