package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;

/** Block of one of our members: recorded, and follows between the two removed both ways. */
public final class BlockHandler implements ActivityHandler {
  private final AppContext app;

  public BlockHandler(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return app.localAccount(inbound.objectId()).compose(target -> target
        .map(member -> app.blocks().insert(inbound.actor().id(), member.id(), inbound.id()))
        .orElseGet(Future::succeededFuture));
  }
}
