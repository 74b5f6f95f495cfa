package org.plutro.server.delivery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.store.OutboundStore;
import org.plutro.server.uri.Uris;

/**
 * Queues an activity for delivery: stored once, with its actor's integrity proof (signed once
 * for all its inboxes), one delivery per distinct remote inbox, all in the caller's transaction so
 * that nothing is sent for a change that did not commit. No delivery is queued for a server this
 * one does not federate with (suspended, or in limited federation mode not allowed).
 */
public final class Publisher {
  public static final String CHANNEL = OutboundStore.CHANNEL;

  private final Uris uris;
  private final ActorProofs proofs;
  private final Predicate<String> federatesWith;

  /** {@code federatesWith}: whether the server of an inbox URL may receive our activities. */
  public Publisher(Uris uris, ActorProofs proofs, Predicate<String> federatesWith) {
    this.uris = uris;
    this.proofs = proofs;
    this.federatesWith = federatesWith;
  }

  /** Queues {@code activity}, written as peers read it, for each remote inbox. */
  public Future<Void> publish(SqlClient tx, long signerAccountId, Activity activity,
      Collection<String> inboxes) {
    return publish(tx, signerAccountId, activity.toJson(), inboxes);
  }

  /** Queues {@code activity}, signed later by {@code signerAccountId}, for each remote inbox. */
  public Future<Void> publish(SqlClient tx, long signerAccountId, JsonObject activity,
      Collection<String> inboxes) {
    List<String> remote = new ArrayList<>();
    for (String inbox : new LinkedHashSet<>(inboxes)) {
      if (inbox != null && !uris.isLocal(inbox) && federatesWith.test(inbox)) {
        remote.add(inbox);
      }
    }
    if (remote.isEmpty()) {
      return Future.succeededFuture();
    }
    return proofs.sign(tx, signerAccountId, activity)
        .compose(signed -> OutboundStore.insertActivity(tx, activity.getString("id"), signerAccountId,
            signed.encode()))
        .compose(activityId -> {
          String[] domains = new String[remote.size()];
          for (int i = 0; i < remote.size(); i++) {
            domains[i] = domainOf(remote.get(i));
          }
          return OutboundStore.insertDeliveries(tx, activityId, remote, domains)
              // Every instance we send the member's activities to holds a copy of them.
              .compose(done -> CopyHolderStore.recordDeliveries(tx, signerAccountId, domains,
                  remote.toArray(String[]::new)));
        })
        .compose(done -> OutboundStore.notifyDeliveries(tx));
  }

  /** Inboxes of the account's remote followers, shared inboxes preferred, each once. */
  public static Future<List<String>> followerInboxes(SqlClient client, long accountId) {
    return OutboundStore.followerInboxes(client, accountId);
  }

  /** host[:port] of a URL, as stored in {@code accounts.domain} and {@code instances.domain}. */
  public static String domainOf(String url) {
    return URI.create(url).getRawAuthority().toLowerCase();
  }
}
