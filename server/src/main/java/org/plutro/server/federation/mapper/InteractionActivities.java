package org.plutro.server.federation.mapper;

import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;

/** Like, Announce, Add and Remove (pins), shaped as Mastodon sends them. */
public final class InteractionActivities {
  private InteractionActivities() {}

  /** Like: no addressing; it goes to the liked post's author only. */
  public static Activity like(String likeUri, Account actor, Status liked) {
    return Activity.builder(likeUri, "Like", actor.uri()).object(liked.uri()).build();
  }

  /** Announce of {@code original}: the share's own id and addressing, the shared post by id. */
  public static Activity announce(Status reblog, Account actor, Status original) {
    return Activity.builder(reblog.uri(), "Announce", actor.uri())
        .published(reblog.createdAt().toInstant())
        .to(reblog.to())
        .cc(reblog.cc())
        .object(original.uri())
        .build();
  }

  /** Undo of a share keeps the share's addressing, so it reaches everyone the share reached. */
  public static Activity undoAnnounce(Status reblog, Account actor, Status original) {
    return Activities.undo(actor, announce(reblog, actor, original)).toBuilder()
        .to(reblog.to()).cc(reblog.cc()).build();
  }

  /** Add (pin) or Remove (unpin) of a post in the member's featured collection. */
  public static Activity featured(String id, String type, Account actor, Status status) {
    return Activity.builder(id, type, actor.uri()).object(status.uri()).target(actor.featuredUrl()).build();
  }
}
