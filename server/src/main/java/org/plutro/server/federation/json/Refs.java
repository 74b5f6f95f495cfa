package org.plutro.server.federation.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading references in normalised ActivityStreams JSON, where a value may be a bare id, an
 * embedded object, or a one-element array of either.
 */
public final class Refs {
  private Refs() {}

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
