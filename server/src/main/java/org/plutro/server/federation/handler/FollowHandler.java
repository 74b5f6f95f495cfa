package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;

/**
 * Follow: a remote actor asks to follow one of our members. The instance actor is not followed:
 * it refuses, as Mastodon's does.
 */
public final class FollowHandler implements ActivityHandler {
  private final AppContext app;

  public FollowHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return app.localAccount(inbound.objectId()).compose(target -> target
        .map(member -> app.blocks().isBlocked(member.id(), inbound.actor().id())
            .compose(blocked -> blocked || "Application".equals(member.actorType())
                ? app.followService().rejectUnknown(member, inbound.actor(), inbound.id())
                : app.followService().receiveFollow(inbound.actor(), member, inbound.id())))
        .orElseGet(Future::succeededFuture));
  }
}
