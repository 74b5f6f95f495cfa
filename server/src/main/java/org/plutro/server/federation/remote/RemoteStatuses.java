package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import java.util.Optional;
import org.plutro.server.domain.Status;
import org.plutro.server.store.StatusStore;
import org.plutro.server.uri.Uris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts by their ActivityPub id: ours, one we hold, or fetched (signed, as the instance actor) from
 * its origin and stored. A fetched post must be what its URL says: a post type, its id on the
 * URL's origin, attributed to an actor on that same origin.
 */
public final class RemoteStatuses {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteStatuses.class);
  private final Uris uris;
  private final StatusStore statuses;
  private final RemotePosts remotePosts;

  public RemoteStatuses(Uris uris, StatusStore statuses, RemotePosts remotePosts) {
    this.uris = uris;
    this.statuses = statuses;
    this.remotePosts = remotePosts;
  }

  /** The post with this id; empty when it is not ours and cannot be fetched or trusted. */
  public Future<Optional<Status>> find(String uri) {
    if (uri == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return statuses.byUri(uri).compose(found -> {
      if (found.isPresent() || uris.isLocal(uri)) {
        return Future.succeededFuture(found);
      }
      return remotePosts.fetch(uri).otherwise(failure -> {
        LOG.debug("Cannot fetch the post {}: {}", uri, failure.toString());
        return Optional.empty();
      });
    });
  }
}
