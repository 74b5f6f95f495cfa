package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Status;

/**
 * Reject of a Follow (the remote actor refused our member's follow, or removed them as a
 * follower), or of our member's reply or share (the post's author does not allow it, under
 * GoToSocial's interaction policy): then we withdraw it, as Delete or Undo(Announce).
 */
public final class RejectHandler implements ActivityHandler {
  private final AppContext app;

  public RejectHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    String object = inbound.objectId();
    if (object != null && app.uris().isLocal(object)) {
      return app.statuses().byUri(object).compose(found -> found.isPresent() && found.get().local()
          ? withdraw(inbound, found.get()) : refusedFollow(inbound));
    }
    return refusedFollow(inbound);
  }

  private Future<Void> refusedFollow(Inbound inbound) {
    return OurFollow.find(app, inbound).compose(follower -> follower
        .map(member -> app.followService().receiveReject(member, inbound.actor()).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }

  /** Only the author of the post replied to or shared may refuse the interaction. */
  private Future<Void> withdraw(Inbound inbound, Status ours) {
    Long targetId = ours.reblogOfId() != null ? ours.reblogOfId() : ours.inReplyToId();
    if (ours.isDeleted() || targetId == null) {
      return Future.succeededFuture();
    }
    return app.statuses().byId(targetId).compose(target -> {
      if (target.isEmpty() || target.get().accountId() != inbound.actor().id()) {
        return Future.succeededFuture();
      }
      return app.accounts().byId(ours.accountId()).compose(member -> member.isEmpty() ? Future.succeededFuture()
          : ours.reblogOfId() != null ? app.interactions().unreblog(member.get(), target.get()).mapEmpty()
          : app.statusService().delete(member.get(), ours.id()).mapEmpty());
    });
  }
}
