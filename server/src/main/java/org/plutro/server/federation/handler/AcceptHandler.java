package org.plutro.server.federation.handler;

import org.plutro.server.service.Relays;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.FollowService;
import io.vertx.core.Future;
import org.plutro.server.federation.json.Refs;
import org.plutro.server.service.QuoteService;

/**
 * Accept(Follow): the remote actor accepted our member's follow, or a relay our subscription;
 * Accept(QuoteRequest): the quoted author lets our member's post quote theirs, the stamp its
 * {@code result}.
 */
public final class AcceptHandler implements ActivityHandler {
  private final OurFollow ourFollow;
  private final FollowService followService;
  private final Relays relays;
  private final QuoteService quotes;

  public AcceptHandler(FollowStore follows, AccountStore accounts, LocalAccounts localAccounts,
      FollowService followService, Relays relays, QuoteService quotes) {
    this.quotes = quotes;
    this.ourFollow = new OurFollow(follows, accounts, localAccounts);
    this.followService = followService;
    this.relays = relays;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    String stamp = Refs.idOf(inbound.activity().extra().getValue("result"));
    return quotes.answered(inbound.actor(), inbound.objectId(), true, stamp).compose(quote -> quote
        ? Future.<Void>succeededFuture() : followOrRelay(inbound));
  }

  private Future<Void> followOrRelay(Inbound inbound) {
    return relays.answered(inbound.actor(), inbound.objectId(), true).compose(relay -> relay
        ? Future.<Void>succeededFuture()
        : ourFollow.find(inbound).compose(follower -> follower
            .map(member -> followService.receiveAccept(member, inbound.actor()).<Void>mapEmpty())
            .orElseGet(Future::succeededFuture)));
  }
}
