package org.plutro.server.federation.mapper;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.plutro.server.domain.Visibility;

/** What we send about a member's actor itself: its profile changed, or the account closed. */
public final class ActorActivities {
  private ActorActivities() {}

  /**
   * Update(Person) carrying the whole current actor document (as Mastodon sends it), public so
   * every server holding a copy may take it; {@code version} makes each update's id unique.
   */
  public static JsonObject update(JsonObject actorDocument, long version) {
    JsonObject object = actorDocument.copy();
    JsonArray context = (JsonArray) object.remove("@context");
    String actor = object.getString("id");
    return new JsonObject().put("@context", context).put("id", actor + "#updates/" + version)
        .put("type", "Update").put("actor", actor)
        .put("to", new JsonArray().add(Visibility.AS_PUBLIC))
        .put("object", object);
  }

  /** Delete(Person): the actor's id as the object, addressed to the public, as Mastodon does. */
  public static JsonObject delete(String actorUri) {
    return new JsonObject().put("@context", Activities.CONTEXT.copy())
        .put("id", actorUri + "#delete").put("type", "Delete").put("actor", actorUri)
        .put("to", new JsonArray().add(Visibility.AS_PUBLIC))
        .put("object", actorUri);
  }
}
