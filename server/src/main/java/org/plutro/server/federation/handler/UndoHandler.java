package org.plutro.server.federation.handler;

import org.plutro.server.domain.NotificationType;
import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.plutro.server.AppContext;

/**
 * Undo of a Follow, Like, Announce or Block. Only the actor who did something may undo it: the
 * undone activity is found by its id among the signer's own, or by its embedded actor and object.
 */
public final class UndoHandler implements ActivityHandler {
  private final AppContext app;

  public UndoHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    JsonObject undone = inbound.embeddedObject();
    String undoneId = inbound.objectId();
    if (undone != null && !inbound.actor().uri().equals(Refs.idOf(undone.getValue("actor")))) {
      return Future.succeededFuture();
    }
    String type = undone == null ? null : Refs.typeOf(undone);
    String objectId = undone == null ? null : Refs.idOf(undone.getValue("object"));
    long actorId = inbound.actor().id();
    if (type == null) {
      // Only an id: try each kind of thing this actor could have done with that id.
      return app.follows().byUri(undoneId).compose(follow -> follow
              .filter(f -> f.accountId() == actorId)
              .map(f -> app.accounts().byId(f.targetAccountId()).compose(target ->
                  app.followService().receiveUndoFollow(inbound.actor(), target.orElseThrow())))
              .orElseGet(() -> Future.succeededFuture(false)))
          .compose(done -> app.favourites().deleteByUri(undoneId, actorId))
          .compose(done -> app.statuses().deleteReblogByUri(undoneId, actorId))
          .compose(done -> app.blocks().deleteByUri(undoneId, actorId));
    }
    return switch (type) {
      case "Follow" -> app.localAccount(objectId).compose(target -> target
          .map(member -> app.followService().receiveUndoFollow(inbound.actor(), member).<Void>mapEmpty())
          .orElseGet(Future::succeededFuture));
      case "Like" -> app.statuses().byUri(objectId).compose(status -> status
          .map(s -> app.favourites().delete(actorId, s.id())
              .compose(done -> app.notifications().withdraw(NotificationType.FAVOURITE, actorId, s.id())))
          .orElseGet(Future::succeededFuture));
      case "Announce" -> app.statuses().byUri(objectId).compose(status -> status
          .map(s -> app.statuses().deleteReblog(actorId, s.id())
              .compose(done -> app.notifications().withdraw(NotificationType.REBLOG, actorId, s.id())))
          .orElseGet(Future::succeededFuture));
      case "Block" -> app.localAccount(objectId).compose(target -> target
          .map(member -> app.blocks().delete(actorId, member.id()))
          .orElseGet(Future::succeededFuture));
      default -> Future.succeededFuture();
    };
  }
}
