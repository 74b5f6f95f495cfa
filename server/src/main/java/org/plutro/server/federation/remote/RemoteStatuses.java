package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.handler.CreateHandler;
import org.plutro.server.federation.handler.Inbound;
import org.plutro.server.federation.mapper.RemoteStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts by their ActivityPub id: ours, one we hold, or fetched (signed, as the instance actor) from
 * its origin and stored. A fetched post must be what its URL says: a post type, its id on the
 * URL's origin, attributed to an actor on that same origin.
 */
public final class RemoteStatuses {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteStatuses.class);
  private final AppContext app;
  private final DocumentFetcher fetcher;

  public RemoteStatuses(AppContext app, DocumentFetcher fetcher) {
    this.app = app;
    this.fetcher = fetcher;
  }

  /** The post with this id; empty when it is not ours and cannot be fetched or trusted. */
  public Future<Optional<Status>> find(String uri) {
    if (uri == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return app.statuses().byUri(uri).compose(found -> {
      if (found.isPresent() || app.uris().isLocal(uri)) {
        return Future.succeededFuture(found);
      }
      return fetch(uri).otherwise(failure -> {
        LOG.debug("Cannot fetch the post {}: {}", uri, failure.toString());
        return Optional.empty();
      });
    });
  }

  private Future<Optional<Status>> fetch(String uri) {
    return fetcher.fetch(uri).compose(note -> {
      String id = note.getString("id");
      String author = Inbound.idOf(note.getValue("attributedTo"));
      if (!CreateHandler.POST_TYPES.contains(Inbound.typeOf(note)) || !Inbound.sameOrigin(id, uri)
          || !Inbound.sameOrigin(author, id)) {
        return Future.succeededFuture(Optional.empty());
      }
      return app.statuses().byUri(id).compose(known -> known.isPresent()
          ? Future.succeededFuture(known) : store(note, author, id));
    });
  }

  private Future<Optional<Status>> store(JsonObject note, String authorUri, String id) {
    return app.remoteActors().byUri(authorUri)
        .compose(author -> RemoteStatus.from(app, note, author))
        .compose(status -> app.statuses().insertRemote(status))
        .compose(inserted -> app.statuses().byUri(id));
  }
}
