package org.plutro.server.federation.handler;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Account;

/**
 * A verified incoming activity: normalised JSON (arrays for to/cc/tag, {@code object} a bare id or
 * an embedded object) and the actor whose key signed it.
 */
public record Inbound(JsonObject activity, Account actor) {
  public String id() {
    return activity.getString("id");
  }

  public String type() {
    return typeOf(activity);
  }

  /** The object's id, whether it came embedded or as a bare id. */
  public String objectId() {
    return idOf(activity.getValue("object"));
  }

  /** The embedded object, or null when only its id was sent. */
  public JsonObject embeddedObject() {
    return activity.getValue("object") instanceof JsonObject object ? object : null;
  }

  /** Whether {@code uri} is on the same origin (scheme, host, port) as the actor. */
  public boolean sameOriginAsActor(String uri) {
    return sameOrigin(uri, actor.uri());
  }

  public static String idOf(Object value) {
    if (value instanceof String id) {
      return id;
    }
    if (value instanceof JsonObject object) {
      return object.getString("id");
    }
    if (value instanceof JsonArray array && array.size() == 1) {
      return idOf(array.getValue(0));
    }
    return null;
  }

  public static String typeOf(JsonObject object) {
    Object type = object.getValue("type");
    if (type instanceof JsonArray array && !array.isEmpty()) {
      return String.valueOf(array.getValue(0));
    }
    return type == null ? null : String.valueOf(type);
  }

  public static List<String> ids(Object value) {
    List<String> ids = new ArrayList<>();
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        String id = idOf(item);
        if (id != null) {
          ids.add(id);
        }
      }
    } else if (value != null) {
      String id = idOf(value);
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  public static boolean sameOrigin(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    try {
      URI x = URI.create(a);
      URI y = URI.create(b);
      return x.getScheme() != null && x.getScheme().equalsIgnoreCase(y.getScheme())
          && x.getRawAuthority() != null && x.getRawAuthority().equalsIgnoreCase(y.getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
