package org.plutro.server.c2s;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;

/** Follow of an actor, local or remote: as {@code POST /api/v1/accounts/:id/follow}. */
final class FollowActor implements ClientActivity {
  private final AppContext app;

  FollowActor(AppContext app) {
    this.app = app;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:follows"};
  }

  @Override
  public Future<String> apply(Account member, JsonObject activity) {
    return Targets.objectId(activity)
        .compose(uri -> Targets.actor(app, uri))
        .compose(target -> target.id() == member.id()
            ? Future.failedFuture(ServiceException.unprocessable("You cannot follow yourself"))
            : app.followService().follow(member, target))
        .map(follow -> follow.uri());
  }
}
