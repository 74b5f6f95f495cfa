package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.service.MoveService;

/**
 * Move: an account moved to another (Mastodon's account migration). Only the account itself may
 * move itself (object = actor); the target is fetched fresh and must name the origin in
 * {@code alsoKnownAs}; then local followers follow the target (see {@link MoveService#receive}).
 */
public final class MoveHandler implements ActivityHandler {
  private final MoveService moves;

  public MoveHandler(MoveService moves) {
    this.moves = moves;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    if (!inbound.actor().uri().equals(inbound.objectId())) {
      return Future.succeededFuture();
    }
    return moves.receive(inbound.actor(), inbound.activity().targetId().orElse(null));
  }
}
