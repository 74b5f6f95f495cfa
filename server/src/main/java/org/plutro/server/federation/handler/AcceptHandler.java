package org.plutro.server.federation.handler;

import org.plutro.server.service.Relays;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.FollowService;
import io.vertx.core.Future;

/** Accept(Follow): the remote actor accepted our member's follow, or a relay our subscription. */
public final class AcceptHandler implements ActivityHandler {
  private final OurFollow ourFollow;
  private final FollowService followService;
  private final Relays relays;

  public AcceptHandler(FollowStore follows, AccountStore accounts, LocalAccounts localAccounts,
      FollowService followService, Relays relays) {
    this.ourFollow = new OurFollow(follows, accounts, localAccounts);
    this.followService = followService;
    this.relays = relays;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return relays.answered(inbound.actor(), inbound.objectId(), true).compose(relay -> relay
        ? Future.<Void>succeededFuture()
        : ourFollow.find(inbound).compose(follower -> follower
            .map(member -> followService.receiveAccept(member, inbound.actor()).<Void>mapEmpty())
            .orElseGet(Future::succeededFuture)));
  }
}
