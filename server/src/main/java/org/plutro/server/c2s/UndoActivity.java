package org.plutro.server.c2s;

import org.plutro.server.store.StatusStore;
import org.plutro.server.service.InteractionService;
import org.plutro.server.service.FollowService;
import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.service.BlockService;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OwnActivityStore;

/**
 * Undo of the member's own Follow, Like, Announce or Block, named by its id (or embedded):
 * unfollow, unfavourite, unreblog or unblock, as the Mastodon API does them.
 */
final class UndoActivity implements ClientActivity {
  private final Targets targets;
  private final StatusStore statuses;
  private final FollowService followService;
  private final InteractionService interactions;
  private final OwnActivityStore own;
  private final BlockService blocks;

  UndoActivity(Targets targets, StatusStore statuses, FollowService followService,
      InteractionService interactions, OwnActivityStore own, BlockService blocks) {
    this.targets = targets;
    this.statuses = statuses;
    this.followService = followService;
    this.interactions = interactions;
    this.own = own;
    this.blocks = blocks;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:follows", "write:favourites", "write:statuses", "write:blocks"};
  }

  @Override
  public Future<String> apply(Account member, Activity activity) {
    return Targets.objectId(activity).compose(undoneId -> own.find(member.id(), undoneId)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(ServiceException.notFound("No such activity of yours"));
          }
          OwnActivityStore.Done done = found.get();
          Future<?> undone = switch (done.type()) {
            case "Follow" -> targets.actor(done.objectUri())
                .compose(target -> followService.unfollow(member, target));
            case "Block" -> targets.actor(done.objectUri())
                .compose(target -> blocks.unblock(member, target));
            case "Like" -> statuses.byUri(done.objectUri())
                .compose(status -> interactions.unfavourite(member, status.orElseThrow()));
            default -> statuses.byUri(done.objectUri())
                .compose(status -> interactions.unreblog(member, status.orElseThrow()));
          };
          return undone.map(ignored -> undoneId + "/undo");
        }));
  }
}
