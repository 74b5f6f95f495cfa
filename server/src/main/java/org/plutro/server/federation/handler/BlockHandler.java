package org.plutro.server.federation.handler;

import org.plutro.server.store.BlockStore;
import org.plutro.server.service.LocalAccounts;
import io.vertx.core.Future;

/** Block of one of our members: recorded, and follows between the two removed both ways. */
public final class BlockHandler implements ActivityHandler {
  private final LocalAccounts localAccounts;
  private final BlockStore blocks;

  public BlockHandler(LocalAccounts localAccounts, BlockStore blocks) {
    this.localAccounts = localAccounts;
    this.blocks = blocks;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return localAccounts.byUri(inbound.objectId()).compose(target -> target
        .map(member -> blocks.insert(inbound.actor().id(), member.id(), inbound.id()))
        .orElseGet(Future::succeededFuture));
  }
}
