package org.plutro.server.federation.handler;

import org.plutro.server.store.StatusStore;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.plutro.server.federation.remote.RemotePosts;

/**
 * Update of the actor itself (profile change: our copy is refreshed at once) or of one of the
 * actor's posts (edited text: every version kept for the history, new mentions notified, and
 * local members who shared it told with an {@code update} notification).
 */
public final class UpdateHandler implements ActivityHandler {
  static final Set<String> ACTOR_TYPES = Set.of("Person", "Service", "Application", "Group", "Organization");
  private final StatusStore statuses;
  private final RemoteActors remoteActors;
  private final RemotePosts remotePosts;

  public UpdateHandler(StatusStore statuses, RemoteActors remoteActors, RemotePosts remotePosts) {
    this.statuses = statuses;
    this.remoteActors = remoteActors;
    this.remotePosts = remotePosts;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    JsonObject object = inbound.embeddedObject();
    if (object == null) {
      return Future.succeededFuture();
    }
    String type = Refs.typeOf(object);
    if (ACTOR_TYPES.contains(type)) {
      if (!inbound.actor().uri().equals(object.getString("id"))) {
        return Future.succeededFuture();
      }
      return remoteActors.store(object, inbound.actor().uri()).mapEmpty();
    }
    if (CreateHandler.POST_TYPES.contains(type)
        && inbound.actor().uri().equals(Refs.idOf(object.getValue("attributedTo")))) {
      return statuses.byUri(object.getString("id")).compose(found -> found
          .filter(status -> status.accountId() == inbound.actor().id())
          .filter(status -> !status.isDeleted())
          .map(status -> remotePosts.edit(status, object, inbound.actor()))
          .orElseGet(Future::succeededFuture));
    }
    return Future.succeededFuture();
  }
}
