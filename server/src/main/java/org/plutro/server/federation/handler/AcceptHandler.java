package org.plutro.server.federation.handler;

import org.plutro.server.store.FollowStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.FollowService;
import io.vertx.core.Future;

/** Accept(Follow): the remote actor accepted our member's follow. */
public final class AcceptHandler implements ActivityHandler {
  private final OurFollow ourFollow;
  private final FollowService followService;

  public AcceptHandler(FollowStore follows, AccountStore accounts, LocalAccounts localAccounts,
      FollowService followService) {
    this.ourFollow = new OurFollow(follows, accounts, localAccounts);
    this.followService = followService;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return ourFollow.find(inbound).compose(follower -> follower
        .map(member -> followService.receiveAccept(member, inbound.actor()).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }
}
