package org.plutro.server.c2s;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.service.BlockService;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OwnActivityStore;

/**
 * Undo of the member's own Follow, Like, Announce or Block, named by its id (or embedded):
 * unfollow, unfavourite, unreblog or unblock, as the Mastodon API does them.
 */
final class UndoActivity implements ClientActivity {
  private final AppContext app;
  private final OwnActivityStore own;
  private final BlockService blocks;

  UndoActivity(AppContext app, OwnActivityStore own, BlockService blocks) {
    this.app = app;
    this.own = own;
    this.blocks = blocks;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:follows", "write:favourites", "write:statuses", "write:blocks"};
  }

  @Override
  public Future<String> apply(Account member, JsonObject activity) {
    return Targets.objectId(activity).compose(undoneId -> own.find(member.id(), undoneId)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(ServiceException.notFound("No such activity of yours"));
          }
          OwnActivityStore.Done done = found.get();
          Future<?> undone = switch (done.type()) {
            case "Follow" -> Targets.actor(app, done.objectUri())
                .compose(target -> app.followService().unfollow(member, target));
            case "Block" -> Targets.actor(app, done.objectUri())
                .compose(target -> blocks.unblock(member, target));
            case "Like" -> app.statuses().byUri(done.objectUri())
                .compose(status -> app.interactions().unfavourite(member, status.orElseThrow()));
            default -> app.statuses().byUri(done.objectUri())
                .compose(status -> app.interactions().unreblog(member, status.orElseThrow()));
          };
          return undone.map(ignored -> undoneId + "/undo");
        }));
  }
}
