package org.plutro.server.c2s;

import org.plutro.server.service.FollowService;
import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;

/** Follow of an actor, local or remote: as {@code POST /api/v1/accounts/:id/follow}. */
final class FollowActor implements ClientActivity {
  private final Targets targets;
  private final FollowService followService;

  FollowActor(Targets targets, FollowService followService) {
    this.targets = targets;
    this.followService = followService;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:follows"};
  }

  @Override
  public Future<String> apply(Account member, Activity activity) {
    return Targets.objectId(activity)
        .compose(uri -> targets.actor(uri))
        .compose(target -> target.id() == member.id()
            ? Future.failedFuture(ServiceException.unprocessable("You cannot follow yourself"))
            : followService.follow(member, target))
        .map(follow -> follow.uri());
  }
}
