package org.plutro.server.federation.handler;

import org.plutro.server.service.Relays;
import org.plutro.server.uri.Uris;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.InteractionService;
import org.plutro.server.service.FollowService;
import io.vertx.core.Future;
import org.plutro.server.service.QuoteService;
import org.plutro.server.domain.Status;

/**
 * Reject of a Follow (the remote actor refused our member's follow, or removed them as a
 * follower), or of our member's reply or share (the post's author does not allow it, under
 * GoToSocial's interaction policy): then we withdraw it, as Delete or Undo(Announce). Reject of
 * our member's QuoteRequest: the quote is rejected.
 */
public final class RejectHandler implements ActivityHandler {
  private final Uris uris;
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final OurFollow ourFollow;
  private final FollowService followService;
  private final InteractionService interactions;
  private final StatusService statusService;
  private final Relays relays;
  private final QuoteService quotes;

  public RejectHandler(Uris uris, AccountStore accounts, StatusStore statuses, FollowStore follows,
      LocalAccounts localAccounts, FollowService followService, InteractionService interactions,
      StatusService statusService, Relays relays, QuoteService quotes) {
    this.quotes = quotes;
    this.uris = uris;
    this.accounts = accounts;
    this.statuses = statuses;
    this.ourFollow = new OurFollow(follows, accounts, localAccounts);
    this.followService = followService;
    this.interactions = interactions;
    this.statusService = statusService;
    this.relays = relays;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    return quotes.answered(inbound.actor(), inbound.objectId(), false, null)
        .compose(quote -> quote ? Future.<Boolean>succeededFuture(true)
            : relays.answered(inbound.actor(), inbound.objectId(), false))
        .compose(answered -> answered ? Future.<Void>succeededFuture() : refused(inbound));
  }

  private Future<Void> refused(Inbound inbound) {
    String object = inbound.objectId();
    if (object != null && uris.isLocal(object)) {
      return statuses.byUri(object).compose(found -> found.isPresent() && found.get().local()
          ? withdraw(inbound, found.get()) : refusedFollow(inbound));
    }
    return refusedFollow(inbound);
  }

  private Future<Void> refusedFollow(Inbound inbound) {
    return ourFollow.find(inbound).compose(follower -> follower
        .map(member -> followService.receiveReject(member, inbound.actor()).<Void>mapEmpty())
        .orElseGet(Future::succeededFuture));
  }

  /** Only the author of the post replied to or shared may refuse the interaction. */
  private Future<Void> withdraw(Inbound inbound, Status ours) {
    Long targetId = ours.reblogOfId() != null ? ours.reblogOfId() : ours.inReplyToId();
    if (ours.isDeleted() || targetId == null) {
      return Future.succeededFuture();
    }
    return statuses.byId(targetId).compose(target -> {
      if (target.isEmpty() || target.get().accountId() != inbound.actor().id()) {
        return Future.succeededFuture();
      }
      return accounts.byId(ours.accountId()).compose(member -> member.isEmpty() ? Future.succeededFuture()
          : ours.reblogOfId() != null ? interactions.unreblog(member.get(), target.get()).mapEmpty()
          : statusService.delete(member.get(), ours.id()).mapEmpty());
    });
  }
}
