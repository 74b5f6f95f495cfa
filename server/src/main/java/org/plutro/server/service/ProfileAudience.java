package org.plutro.server.service;

import io.vertx.core.Future;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.FieldAudience;
import org.plutro.server.store.FollowStore;

/** How close a viewer is to a local member, for the profile fields they may see. */
public final class ProfileAudience {
  private final FollowStore follows;

  public ProfileAudience(FollowStore follows) {
    this.follows = follows;
  }

  /**
   * The member themself sees every field; an accepted local follower, fields up to followers';
   * another member of this instance, up to members'; anyone else, everyone's. Remote accounts'
   * fields all came to us public.
   */
  public Future<FieldAudience> of(Optional<Account> viewer, Account account) {
    if (viewer.isEmpty() || !account.isLocal() || !viewer.get().isLocal()) {
      return Future.succeededFuture(FieldAudience.EVERYONE);
    }
    if (viewer.get().id() == account.id()) {
      return Future.succeededFuture(FieldAudience.ONLY_ME);
    }
    return follows.byPair(viewer.get().id(), account.id()).map(follow ->
        follow.isPresent() && follow.get().accepted() ? FieldAudience.FOLLOWERS : FieldAudience.MEMBERS);
  }
}
