package org.plutro.server.federation.mapper;

import java.util.List;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.Actor;
import org.plutro.federation.vocab.Vocab;

/** What we send about a member's actor itself: its profile changed, or the account closed. */
public final class ActorActivities {
  private ActorActivities() {}

  /**
   * Update(Person) carrying the whole current actor (as Mastodon sends it), public so every
   * server holding a copy may take it; {@code version} makes each update's id unique.
   */
  public static Activity update(Actor actor, long version) {
    return Activity.builder(actor.id() + "#updates/" + version, "Update", actor.id())
        .to(List.of(Vocab.PUBLIC)).object(actor).build();
  }

  /** Delete(Person): the actor's id as the object, addressed to the public, as Mastodon does. */
  public static Activity delete(String actorUri) {
    return Activity.builder(actorUri + "#delete", "Delete", actorUri)
        .to(List.of(Vocab.PUBLIC)).object(actorUri).build();
  }
}
