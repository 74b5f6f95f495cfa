package org.plutro.server.federation.handler;

import org.plutro.server.store.BlockStore;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.FollowService;
import io.vertx.core.Future;

/**
 * Follow: a remote actor asks to follow one of our members. The instance actor is not followed:
 * it refuses, as Mastodon's does.
 */
public final class FollowHandler implements ActivityHandler {
  private final LocalAccounts localAccounts;
  private final BlockStore blocks;
  private final FollowService followService;

  public FollowHandler(LocalAccounts localAccounts, BlockStore blocks, FollowService followService) {
    this.localAccounts = localAccounts;
    this.blocks = blocks;
    this.followService = followService;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return localAccounts.byUri(inbound.objectId()).compose(target -> target
        .map(member -> blocks.isBlocked(member.id(), inbound.actor().id())
            .compose(blocked -> blocked || "Application".equals(member.actorType())
                ? followService.rejectUnknown(member, inbound.actor(), inbound.id())
                : followService.receiveFollow(inbound.actor(), member, inbound.id())))
        .orElseGet(Future::succeededFuture));
  }
}
