package org.plutro.server.http.api;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.store.FollowStore;

/** What a viewer (a member, or nobody) may see of an author's posts. */
public final class Viewer {
  private Viewer() {}

  public static Future<List<Visibility>> visibleOf(FollowStore follows, Optional<Account> viewer, long authorId) {
    if (viewer.isEmpty()) {
      return Future.succeededFuture(List.of(Visibility.PUBLIC, Visibility.UNLISTED));
    }
    if (viewer.get().id() == authorId) {
      return Future.succeededFuture(List.of(Visibility.values()));
    }
    return follows.byPair(viewer.get().id(), authorId).map(follow -> follow.isPresent()
        && follow.get().accepted()
        ? List.of(Visibility.PUBLIC, Visibility.UNLISTED, Visibility.PRIVATE)
        : List.of(Visibility.PUBLIC, Visibility.UNLISTED));
  }

  /** Whether the viewer may see this post: its author, followers as allowed, and the mentioned. */
  public static Future<Boolean> maySee(StatusVisibility visibility, Optional<Account> viewer, Status status) {
    return visibility.maySee(viewer, status);
  }
}
