package org.plutro.server.c2s;

import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.service.BlockService;
import org.plutro.server.store.OwnActivityStore;

/** Block of an actor: as {@code POST /api/v1/accounts/:id/block}. */
final class BlockActor implements ClientActivity {
  private final Targets targets;
  private final BlockService blocks;
  private final OwnActivityStore own;

  BlockActor(Targets targets, BlockService blocks, OwnActivityStore own) {
    this.targets = targets;
    this.blocks = blocks;
    this.own = own;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:blocks"};
  }

  @Override
  public Future<String> apply(Account member, Activity activity) {
    return Targets.objectId(activity)
        .compose(uri -> targets.actor(uri))
        .compose(target -> blocks.block(member, target)
            .compose(done -> own.blockOf(member.id(), target.id())));
  }
}
