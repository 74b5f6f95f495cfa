package org.plutro.server.service;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.MoveStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.delivery.Publisher;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.mapper.ActorActivities;
import org.plutro.server.federation.mapper.ActorDocument;
import org.plutro.server.federation.mapper.EmojiTags;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.store.JobStore;

/**
 * Tells every instance holding a copy of a member that their profile changed: one Update(Person)
 * with the whole current actor, per instance. Rapid edits are coalesced: the first change queues
 * a durable job a few seconds ahead; later changes find it waiting and add nothing; when it runs
 * it publishes the actor as it is then.
 */
public final class ProfileBroadcast {
  public static final String JOB = "actor.update";
  /** How long edits are gathered before the Update goes out. */
  public static final int DELAY_SECONDS = 3;

  private final Pool pool;
  private final Uris uris;
  private final AccountStore accounts;
  private final MoveStore moves;
  private final Publisher publisher;

  public ProfileBroadcast(Pool pool, Uris uris, AccountStore accounts, MoveStore moves, Publisher publisher) {
    this.pool = pool;
    this.uris = uris;
    this.accounts = accounts;
    this.moves = moves;
    this.publisher = publisher;
  }

  /** Queues the member's Update unless one is already waiting; in the caller's transaction. */
  public static Future<Void> schedule(SqlClient tx, long accountId) {
    // The caller has just updated the account row, which serialises concurrent edits of one member:
    // the statement (a new snapshot in READ COMMITTED) sees a job queued by an earlier edit.
    return JobStore.scheduleOnce(tx, JOB, Long.toString(accountId), DELAY_SECONDS);
  }

  /** The job: publishes the member's current actor to every holder of a copy. */
  public Future<Void> run(JsonObject payload) {
    long accountId = Long.parseLong(payload.getString("subject"));
    return accounts.byId(accountId).compose(found -> {
      Account member = found.orElse(null);
      if (member == null || !member.isLocal() || member.deletedAt() != null) {
        return Future.succeededFuture();
      }
      return ActorDocument.load(accounts, moves, member, uris)
          .compose(actor -> EmojiTags.add(pool, actor, member, uris))
          .map(actor -> ActorActivities.update(actor, System.currentTimeMillis()))
          .compose(update -> sendToCopyHolders(accountId, update));
    });
  }

  /** The Update to every server that holds a copy of the member. */
  private Future<Void> sendToCopyHolders(long accountId, Activity update) {
    return pool.withTransaction(tx -> CopyHolderStore.holders(tx, accountId)
        .compose(holders -> publisher.publish(tx, accountId, update,
            CopyHolderStore.inboxes(holders))));
  }
}
