package org.plutro.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes an object's properties in the shapes Mastodon writes them: one type as a string,
 * references as an id or the embedded object, dates as ISO instants; the unmodelled properties
 * ({@code extra}) after the modelled ones, never over them.
 */
final class Out {
  private final JsonObject json = new JsonObject();

  JsonObject done(JsonObject extra) {
    for (Map.Entry<String, Object> entry : extra) {
      if (!json.containsKey(entry.getKey())) {
        json.put(entry.getKey(), Props.copy(entry.getValue()));
      }
    }
    return json;
  }

  /** Puts a value unless it is null. */
  Out put(String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
    return this;
  }

  /** Puts a value even when it is null (as Mastodon writes {@code "summary": null}). */
  Out putNull(String key, Object value) {
    json.put(key, value);
    return this;
  }

  Out types(List<String> types) {
    if (types.size() == 1) {
      json.put("type", types.get(0));
    } else if (!types.isEmpty()) {
      json.put("type", new JsonArray(List.copyOf(types)));
    }
    return this;
  }

  Out instant(String key, Instant value) {
    return put(key, value == null ? null : value.toString());
  }

  /** A list as an array, written even when empty. */
  Out array(String key, List<?> values) {
    json.put(key, new JsonArray(List.copyOf(values)));
    return this;
  }

  /** A list as an array, left out when empty. */
  Out arrayIfAny(String key, List<?> values) {
    return values.isEmpty() ? this : array(key, values);
  }

  <T> Out array(String key, List<T> values, Function<T, Object> writer) {
    JsonArray array = new JsonArray();
    values.forEach(value -> array.add(writer.apply(value)));
    json.put(key, array);
    return this;
  }

  /** One value as itself, several as an array, none left out. */
  <T> Out oneOrMany(String key, List<T> values, Function<T, Object> writer) {
    if (values.size() == 1) {
      json.put(key, writer.apply(values.get(0)));
    } else if (!values.isEmpty()) {
      array(key, values, writer);
    }
    return this;
  }

  Out ref(String key, Ref<?> ref) {
    return put(key, ref(ref));
  }

  Out languageMap(String key, Map<String, String> map) {
    if (!map.isEmpty()) {
      JsonObject object = new JsonObject();
      map.forEach(object::put);
      json.put(key, object);
    }
    return this;
  }

  static Object ref(Ref<?> ref) {
    if (ref == null) {
      return null;
    }
    return ref.embedded().<Object>map(AsObject::toJsonEmbedded).orElse(ref.id());
  }
}
