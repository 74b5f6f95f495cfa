package org.plutro.server.federation.handler;

import org.plutro.server.store.StatusStore;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.plutro.federation.vocab.Note;
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
    Note note = inbound.embeddedNote().filter(RemotePosts::isPost).orElse(null);
    if (note != null) {
      return inbound.actor().uri().equals(RemotePosts.authorOf(note)) ? edit(inbound, note)
          : Future.succeededFuture();
    }
    // The actor's own document goes to RemoteActors as JSON, which reads and checks it itself.
    JsonObject object = inbound.embeddedObject();
    if (object == null || !ACTOR_TYPES.contains(Refs.typeOf(object))
        || !inbound.actor().uri().equals(object.getString("id"))) {
      return Future.succeededFuture();
    }
    return remoteActors.store(object, inbound.actor().uri()).mapEmpty();
  }

  /** An edit of a post we hold by the actor (not deleted meanwhile). */
  private Future<Void> edit(Inbound inbound, Note note) {
    return statuses.byUri(note.id()).compose(found -> found
        .filter(status -> status.accountId() == inbound.actor().id())
        .filter(status -> !status.isDeleted())
        .map(status -> remotePosts.edit(status, note, inbound.actor()))
        .orElseGet(Future::succeededFuture));
  }
}
