package org.plutro.server.federation.handler;

import org.plutro.server.federation.remote.RemotePosts;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.domain.NotificationType;
import io.vertx.core.Future;
import org.plutro.server.federation.remote.RemoteStatus;
import org.plutro.server.store.RemotePostStore.Contents;
import org.plutro.server.store.RemotePostStore.Post;

/**
 * Announce (a share): stored as the actor's share of the post. A post we do not hold yet is
 * fetched, signed, from its origin (never taken from the Announce itself, which another server
 * could have forged). Only posts anyone may read can be shared, and ours only as their interaction
 * policy allows ({@link InteractionGate}). A local author is notified.
 */
public final class AnnounceHandler implements ActivityHandler {
  private final RemoteStatuses remoteStatuses;
  private final RemotePosts remotePosts;
  private final InteractionGate gate;

  public AnnounceHandler(RemoteStatuses remoteStatuses, RemotePosts remotePosts, InteractionGate gate) {
    this.remoteStatuses = remoteStatuses;
    this.remotePosts = remotePosts;
    this.gate = gate;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    if (!inbound.sameOriginAsActor(inbound.id())) {
      return Future.succeededFuture();
    }
    return remoteStatuses.find(inbound.objectId()).compose(found -> found
        .filter(status -> !status.isDeleted() && status.visibility().isPubliclyReadable()
            && status.reblogOfId() == null)
        .map(status -> gate.admit(inbound.actor(), status, false, inbound.id()).compose(admitted -> !admitted
            ? Future.<Void>succeededFuture()
            // The share and its author's notification are stored together, once.
            : remotePosts.store(new Post(RemoteStatus.reblog(inbound.activity(), inbound.actor(), status),
                Contents.NONE.notifying(status.accountId(), NotificationType.REBLOG))).<Void>mapEmpty()))
        .orElseGet(Future::succeededFuture));
  }
}
