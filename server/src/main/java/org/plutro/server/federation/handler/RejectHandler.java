package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;

/** Reject(Follow): the remote actor refused our member's follow, or removed them as a follower. */
public final class RejectHandler implements ActivityHandler {
  private final AppContext app;

  public RejectHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return OurFollow.find(app, inbound).compose(follower -> follower
        .map(member -> app.followService().receiveReject(member, inbound.actor()).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }
}
