package org.plutro.server.c2s;

import org.plutro.server.service.InteractionService;
import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.store.OwnActivityStore;

/** Like of a post the member may see: as {@code POST /api/v1/statuses/:id/favourite}. */
final class LikeNote implements ClientActivity {
  private final Targets targets;
  private final InteractionService interactions;
  private final OwnActivityStore own;

  LikeNote(Targets targets, InteractionService interactions, OwnActivityStore own) {
    this.targets = targets;
    this.interactions = interactions;
    this.own = own;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:favourites"};
  }

  @Override
  public Future<String> apply(Account member, Activity activity) {
    return Targets.objectId(activity)
        .compose(uri -> targets.visiblePost(member, uri))
        .compose(status -> interactions.favourite(member, status)
            .compose(done -> own.likeOf(member.id(), status.id())));
  }
}
