package org.plutro.server.http.activitypub;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.plutro.server.store.AccountStore.LocalActor;

/**
 * Local actors' documents as JSON text, each kept with the version of the rows it was written
 * from ({@link LocalActor#version}). Every request reads the version with the actor (one query),
 * so a document changed by this process or any other sharing the database is written again at
 * once, never served stale; an unchanged one is not written again (keys, JSON).
 */
public final class RenderedActors {
  /** About 2 KB each: the actors that peers fetch at once. */
  static final int KEPT = 5_000;

  private record Kept(long version, Buffer full, Buffer minimal) {}

  private final Cache<Long, Kept> kept = Caffeine.newBuilder().maximumSize(KEPT)
      .executor(Runnable::run).build();

  /** The actor's document, full or minimal (secure mode's), written by {@code render} if not kept. */
  Buffer document(LocalActor actor, boolean minimal, Supplier<JsonObject> render) {
    long id = actor.account().id();
    Kept found = kept.getIfPresent(id);
    if (found == null || found.version() != actor.version()) {
      JsonObject document = render.get();
      found = new Kept(actor.version(), document.toBuffer(), ActorRoutes.minimal(document).toBuffer());
      kept.put(id, found);
    }
    return minimal ? found.minimal() : found.full();
  }
}
