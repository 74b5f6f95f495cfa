package org.plutro.server.federation.handler;

import org.plutro.server.store.StatusStore;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.FavouriteStore;
import org.plutro.server.store.BlockStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.service.NotificationService;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.FollowService;
import org.plutro.server.domain.NotificationType;

import io.vertx.core.Future;
import java.util.Optional;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.AsObject;

/**
 * Undo of a Follow, Like, Announce or Block. Only the actor who did something may undo it: the
 * undone activity is found by its id among the signer's own, or by its embedded actor and object.
 */
public final class UndoHandler implements ActivityHandler {
  private final AccountStore accounts;
  private final LocalAccounts localAccounts;
  private final FollowStore follows;
  private final FavouriteStore favourites;
  private final StatusStore statuses;
  private final BlockStore blocks;
  private final FollowService followService;
  private final NotificationService notifications;

  public UndoHandler(AccountStore accounts, LocalAccounts localAccounts, FollowStore follows,
      FavouriteStore favourites, StatusStore statuses, BlockStore blocks, FollowService followService,
      NotificationService notifications) {
    this.accounts = accounts;
    this.localAccounts = localAccounts;
    this.follows = follows;
    this.favourites = favourites;
    this.statuses = statuses;
    this.blocks = blocks;
    this.followService = followService;
    this.notifications = notifications;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    Optional<AsObject> embedded = inbound.activity().embeddedObject();
    String undoneId = inbound.objectId();
    // Only what the actor did may be undone (an embedded object that is no activity has no actor).
    Activity undone = embedded.filter(Activity.class::isInstance).map(Activity.class::cast).orElse(null);
    if (embedded.isPresent() && (undone == null || !inbound.actor().uri().equals(undone.actorId()))) {
      return Future.succeededFuture();
    }
    String type = undone == null ? null : undone.type();
    String objectId = undone == null ? null : undone.objectId();
    long actorId = inbound.actor().id();
    if (type == null) {
      // Only an id: try each kind of thing this actor could have done with that id.
      return follows.byUri(undoneId).compose(follow -> follow
              .filter(f -> f.accountId() == actorId)
              .map(f -> accounts.byId(f.targetAccountId()).compose(target ->
                  followService.receiveUndoFollow(inbound.actor(), target.orElseThrow())))
              .orElseGet(() -> Future.succeededFuture(false)))
          .compose(done -> favourites.deleteByUri(undoneId, actorId))
          .compose(done -> statuses.deleteReblogByUri(undoneId, actorId))
          .compose(done -> blocks.deleteByUri(undoneId, actorId));
    }
    return switch (type) {
      case "Follow" -> localAccounts.byUri(objectId).compose(target -> target
          .map(member -> followService.receiveUndoFollow(inbound.actor(), member).<Void>mapEmpty())
          .orElseGet(Future::succeededFuture));
      case "Like" -> statuses.byUri(objectId).compose(status -> status
          .map(s -> favourites.delete(actorId, s.id())
              .compose(done -> notifications.withdraw(NotificationType.FAVOURITE, actorId, s.id())))
          .orElseGet(Future::succeededFuture));
      case "Announce" -> statuses.byUri(objectId).compose(status -> status
          .map(s -> statuses.deleteReblog(actorId, s.id())
              .compose(done -> notifications.withdraw(NotificationType.REBLOG, actorId, s.id())))
          .orElseGet(Future::succeededFuture));
      case "Block" -> localAccounts.byUri(objectId).compose(target -> target
          .map(member -> blocks.delete(actorId, member.id()))
          .orElseGet(Future::succeededFuture));
      default -> Future.succeededFuture();
    };
  }
}
