package org.plutro.server.federation.handler;

import io.vertx.core.json.JsonObject;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.json.Refs;

/**
 * A verified incoming activity: normalised JSON (arrays for to/cc/tag, {@code object} a bare id or
 * an embedded object) and the actor whose key signed it.
 */
public record Inbound(JsonObject activity, Account actor) {
  public String id() {
    return activity.getString("id");
  }

  public String type() {
    return Refs.typeOf(activity);
  }

  /** The object's id, whether it came embedded or as a bare id. */
  public String objectId() {
    return Refs.idOf(activity.getValue("object"));
  }

  /** The embedded object, or null when only its id was sent. */
  public JsonObject embeddedObject() {
    return activity.getValue("object") instanceof JsonObject object ? object : null;
  }

  /** Whether {@code uri} is on the same origin (scheme, host, port) as the actor. */
  public boolean sameOriginAsActor(String uri) {
    return Refs.sameOrigin(uri, actor.uri());
  }
}
