package org.plutro.server.c2s;

import org.plutro.server.service.InteractionService;

import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Visibility;

/**
 * Announce (share) of a post: as {@code POST /api/v1/statuses/:id/reblog}; its addressing chooses
 * public, unlisted or followers-only as a Note's does (public when it names no audience).
 */
final class AnnounceNote implements ClientActivity {
  private final Targets targets;
  private final InteractionService interactions;

  AnnounceNote(Targets targets, InteractionService interactions) {
    this.targets = targets;
    this.interactions = interactions;
  }

  @Override
  public String[] scopes() {
    return new String[] {"write:statuses"};
  }

  @Override
  public Future<String> apply(Account member, Activity activity) {
    List<String> to = new ArrayList<>(activity.to());
    List<String> cc = new ArrayList<>(activity.cc());
    Visibility visibility = to.isEmpty() && cc.isEmpty() ? Visibility.PUBLIC
        : Visibility.fromAddressing(to, cc, member.followersUrl());
    Visibility share = visibility == Visibility.DIRECT ? Visibility.PUBLIC : visibility;
    return Targets.objectId(activity)
        .compose(uri -> targets.visiblePost(member, uri))
        .compose(status -> interactions.reblog(member, status, share))
        .map(reblog -> reblog.uri());
  }
}
