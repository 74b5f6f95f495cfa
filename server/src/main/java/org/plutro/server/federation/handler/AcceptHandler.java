package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;

/** Accept(Follow): the remote actor accepted our member's follow. */
public final class AcceptHandler implements ActivityHandler {
  private final AppContext app;

  public AcceptHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return OurFollow.find(app, inbound).compose(follower -> follower
        .map(member -> app.followService().receiveAccept(member, inbound.actor()).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }
}
