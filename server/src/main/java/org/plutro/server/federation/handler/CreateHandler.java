package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.plutro.server.AppContext;
import org.plutro.server.federation.mapper.RemoteMedia;
import org.plutro.server.federation.mapper.RemoteStatus;

/**
 * Create of a Note (or Article, Page, Question): stored as the actor's post. The object must be
 * embedded, attributed to the actor and on the actor's origin; anything else is not trusted.
 */
public final class CreateHandler implements ActivityHandler {
  public static final Set<String> POST_TYPES = Set.of("Note", "Article", "Page", "Question");
  private final AppContext app;

  public CreateHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    JsonObject object = inbound.embeddedObject();
    if (object == null || !POST_TYPES.contains(Inbound.typeOf(object))) {
      return Future.succeededFuture();
    }
    String id = object.getString("id");
    if (!inbound.sameOriginAsActor(id)
        || !inbound.actor().uri().equals(Inbound.idOf(object.getValue("attributedTo")))) {
      return Future.succeededFuture();
    }
    return RemoteStatus.from(app, object, inbound.actor())
        .compose(status -> app.statuses().insertRemote(status))
        // Attachments are linked, not copied; a repeated delivery stores none twice.
        .compose(stored -> stored.isEmpty() ? Future.succeededFuture()
            : RemoteMedia.store(app.pool(), inbound.actor().id(), stored.get(), object))
        .mapEmpty();
  }
}
