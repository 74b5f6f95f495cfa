package org.plutro.server.c2s;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.store.OwnActivityStore;

/** Like of a post the member may see: as {@code POST /api/v1/statuses/:id/favourite}. */
final class LikeNote implements ClientActivity {
  private final AppContext app;
  private final OwnActivityStore own;

  LikeNote(AppContext app, OwnActivityStore own) {
    this.app = app;
    this.own = own;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:favourites"};
  }

  @Override
  public Future<String> apply(Account member, JsonObject activity) {
    return Targets.objectId(activity)
        .compose(uri -> Targets.visiblePost(app, member, uri))
        .compose(status -> app.interactions().favourite(member, status)
            .compose(done -> own.likeOf(member.id(), status.id())));
  }
}
