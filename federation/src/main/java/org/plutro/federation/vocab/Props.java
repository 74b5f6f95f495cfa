package org.plutro.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the properties of one (normalised) JSON object, each once, with the JSON types it may
 * have; remembers which it read, so that the rest becomes {@code extra}. A property of the wrong
 * JSON type, a string with a NUL character, an id that is no absolute URI or a list past
 * {@link #MAX_ITEMS} is a {@link VocabException} naming the property's path.
 *
 * <p>Single-valued properties take the first value of an array (JSON-LD allows several); list
 * properties take a single value as a list of one.
 */
final class Props {
  /** More values than any property of a real document has (Mastodon caps a page at 80 items). */
  static final int MAX_ITEMS = 5_000;
  /** Embedded objects within embedded objects; the normaliser already caps JSON nesting at 64. */
  static final int MAX_DEPTH = 16;
  static final int MAX_ID = 4_096;

  /** Reads one kind of object from its properties. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Props props);
  }

  private final JsonObject json;
  private final String path;
  private final int depth;
  private final boolean draft;
  private final Set<String> read = new HashSet<>();

  private Props(JsonObject json, String path, int depth, boolean draft) {
    if (depth > MAX_DEPTH) {
      throw new VocabException(path, "objects are embedded too deeply");
    }
    this.json = json;
    this.path = path;
    this.depth = depth;
    this.draft = draft;
  }

  static Props of(JsonObject json) {
    return new Props(json, "", 0, false);
  }

  /** A client's document (client-to-server): the ids are the server's to give. */
  static Props draft(JsonObject json) {
    return new Props(json, "", 0, true);
  }

  /** Whether this object is embedded in another (a document's own object is not). */
  boolean isEmbedded() {
    return depth > 0;
  }

  /** Whether this is (part of) a client's document, whose new objects have no id yet. */
  boolean isDraft() {
    return draft;
  }

  String path() {
    return path;
  }

  String where(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String where(String base, int index) {
    return base + "[" + index + "]";
  }

  /** Where the {@code index}th value of a list property is: {@code tag[2]}, or {@code tag} when it was sent alone. */
  String item(String key, int index) {
    return json.getValue(key) instanceof JsonArray ? where(where(key), index) : where(key);
  }

  boolean has(String key) {
    return json.getValue(key) != null;
  }

  /** Whether the object has no properties at all. */
  boolean isEmpty() {
    return json.isEmpty();
  }

  /** Marks a property as read without reading it (e.g. one only looked at). */
  void consume(String key) {
    read.add(key);
  }

  /** The value, typed literals unwrapped; null when absent. */
  Object raw(String key) {
    read.add(key);
    return peek(key);
  }

  /** The value without marking it read: unless {@link #consume}d, it stays in {@code extra}. */
  Object peek(String key) {
    return literal(json.getValue(key));
  }

  private static Object literal(Object value) {
    if (value instanceof JsonObject object && object.containsKey("@value")) {
      Object inner = object.getValue("@value");
      return inner instanceof JsonObject || inner instanceof JsonArray ? value : inner;
    }
    return value;
  }

  /** The first value of an array, or the value itself. */
  private static Object single(Object value) {
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (item != null) {
          return literal(item);
        }
      }
      return null;
    }
    return value;
  }

  // ---- scalars

  String string(String key) {
    return text(where(key), single(raw(key)));
  }

  String requiredString(String key) {
    String value = string(key);
    if (value == null) {
      throw new VocabException(where(key), "missing");
    }
    return value;
  }

  static String text(String where, Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new VocabException(where, "expected text, got " + kind(value));
    }
    if (text.indexOf('\0') >= 0) {
      throw new VocabException(where, "contains a NUL character");
    }
    return text;
  }

  /** An id-valued property that must be a URI (an object with an id is taken as its id). */
  String uri(String key) {
    return uriOf(where(key), single(raw(key)));
  }

  static String uriOf(String where, Object value) {
    if (value instanceof JsonObject object) {
      return uriOf(where + ".id", literal(object.getValue("id")));
    }
    String text = text(where, value);
    if (text == null) {
      return null;
    }
    checkUri(where, text);
    return text;
  }

  static void checkUri(String where, String text) {
    if (text.isEmpty() || text.length() > MAX_ID) {
      throw new VocabException(where, text.isEmpty() ? "empty" : "longer than " + MAX_ID + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new VocabException(where, "not a URI (contains whitespace or a control character)");
      }
    }
    try {
      if (!URI.create(text).isAbsolute()) {
        throw new VocabException(where, "not an absolute URI");
      }
    } catch (IllegalArgumentException e) {
      throw new VocabException(where, "not a URI");
    }
  }

  Boolean bool(String key) {
    Object value = single(raw(key));
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.valueOf(s);
    }
    throw new VocabException(where(key), "expected true or false, got " + kind(value));
  }

  /** A flag that must be a JSON boolean: {@code "true"} as text is refused, unlike {@link #bool}. */
  Boolean strictBool(String key) {
    Object value = single(raw(key));
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw new VocabException(where(key), "expected true or false, got " + kind(value));
  }

  Long integer(String key) {
    Object value = single(raw(key));
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (value instanceof String s && s.matches("-?[0-9]{1,18}")) {
      return Long.parseLong(s);
    }
    throw new VocabException(where(key), "expected a whole number, got " + kind(value));
  }

  Integer smallInteger(String key) {
    Long value = integer(key);
    if (value == null) {
      return null;
    }
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw new VocabException(where(key), "out of range");
    }
    return value.intValue();
  }

  /**
   * A date-time (ISO 8601 with an offset, or without one as UTC). An unreadable one is left
   * unread, so that it stays in {@code extra} as sent: peers' dates are informative, and a
   * peculiar one is no reason to refuse a post.
   */
  Instant instant(String key) {
    Object value = single(literal(json.getValue(key)));
    if (value == null) {
      read.add(key);
      return null;
    }
    if (!(value instanceof String text)) {
      read.add(key);
      throw new VocabException(where(key), "expected a date-time, got " + kind(value));
    }
    Instant parsed = parseInstant(text);
    if (parsed != null) {
      read.add(key);
    }
    return parsed;
  }

  static Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /** A language map ({@code contentMap}): language tag → text, in the sender's order. */
  Map<String, String> languageMap(String key) {
    Object value = single(raw(key));
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject map)) {
      throw new VocabException(where(key), "expected a language map, got " + kind(value));
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : map) {
      String language = text(where(key), entry.getKey());
      Object text = single(literal(entry.getValue()));
      if (text != null) {
        result.put(language, text(where(key) + "." + language, text));
      }
      if (result.size() > MAX_ITEMS) {
        throw new VocabException(where(key), "more than " + MAX_ITEMS + " values");
      }
    }
    return result;
  }

  // ---- lists

  /** The values of a property as a list: absent is empty, one value is a list of one. */
  List<Object> values(String key) {
    return valuesOf(where(key), raw(key));
  }

  static List<Object> valuesOf(String where, Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof JsonArray array) {
      if (array.size() > MAX_ITEMS) {
        throw new VocabException(where, "more than " + MAX_ITEMS + " values");
      }
      List<Object> list = new ArrayList<>(array.size());
      for (Object item : array) {
        if (item != null) {
          list.add(literal(item));
        }
      }
      return list;
    }
    return List.of(value);
  }

  /** Ids of an id-valued list ({@code to}, {@code alsoKnownAs}): strings, or objects' ids. */
  List<String> uris(String key) {
    List<Object> values = values(key);
    List<String> ids = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value instanceof String s && s.isBlank()) {
        continue;
      }
      if (value instanceof JsonObject object && object.getValue("id") == null) {
        continue;
      }
      ids.add(uriOf(item(key, i), value));
    }
    return List.copyOf(ids);
  }

  /** The embedded objects of a list property, each read by {@code reader}; other values skipped. */
  <T> List<T> objects(String key, Reader<T> reader) {
    List<Object> values = values(key);
    List<T> result = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value instanceof JsonObject object) {
        result.add(reader.read(new Props(object, item(key, i), depth + 1, draft)));
      } else if (!(value instanceof String)) {
        throw new VocabException(item(key, i), "expected an object or an id, got " + kind(value));
      }
    }
    return List.copyOf(result);
  }

  /** The first embedded object of a property, read by {@code reader}. */
  <T> Optional<T> object(String key, Reader<T> reader) {
    Object value = single(raw(key));
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof JsonObject object)) {
      throw new VocabException(where(key), "expected an object, got " + kind(value));
    }
    return Optional.ofNullable(reader.read(new Props(object, where(key), depth + 1, draft)));
  }

  /** The properties of an object embedded in this one, at {@code where}. */
  Props child(JsonObject object, String where) {
    return new Props(object, where, depth + 1, draft);
  }

  // ---- references

  <T extends AsObject> Ref<T> ref(String key, Reader<T> reader) {
    return refOf(where(key), single(raw(key)), reader);
  }

  <T extends AsObject> Ref<T> requiredRef(String key, Reader<T> reader) {
    Ref<T> ref = ref(key, reader);
    if (ref == null) {
      throw new VocabException(where(key), "missing");
    }
    if (ref.id() == null) {
      throw new VocabException(where(key) + ".id", "missing");
    }
    return ref;
  }

  <T extends AsObject> List<Ref<T>> refs(String key, Reader<T> reader) {
    List<Object> values = values(key);
    List<Ref<T>> refs = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      refs.add(refOf(item(key, i), values.get(i), reader));
    }
    return List.copyOf(refs);
  }

  private <T extends AsObject> Ref<T> refOf(String where, Object value, Reader<T> reader) {
    if (value == null) {
      return null;
    }
    if (value instanceof JsonObject object) {
      if (object.size() == 1 && object.getValue("id") != null) {
        // A node reference ({"id": ...}, what compaction gives for an id-typed term we do not define).
        return Ref.to(uriOf(where + ".id", literal(object.getValue("id"))));
      }
      return Ref.of(reader.read(new Props(object, where, depth + 1, draft)));
    }
    if (value instanceof String) {
      return Ref.to(uriOf(where, value));
    }
    throw new VocabException(where, "expected an id or an object, got " + kind(value));
  }

  // ---- what is left

  /** The object's types; {@code type} is required on every object we model. */
  List<String> types() {
    List<Object> values = values("type");
    List<String> types = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      types.add(text(item("type", i), values.get(i)));
    }
    return List.copyOf(types);
  }

  /** The properties not read, as sent (a deep copy), checked for NUL characters. */
  JsonObject extra() {
    JsonObject extra = new JsonObject();
    for (Map.Entry<String, Object> entry : json) {
      if (!read.contains(entry.getKey()) && entry.getValue() != null) {
        checkText(where(entry.getKey()), entry.getKey());
        checkText(where(entry.getKey()), entry.getValue());
        extra.put(entry.getKey(), copy(entry.getValue()));
      }
    }
    return extra;
  }

  private static void checkText(String where, Object value) {
    if (value instanceof String s) {
      if (s.indexOf('\0') >= 0) {
        throw new VocabException(where, "contains a NUL character");
      }
    } else if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        checkText(where + "." + entry.getKey(), entry.getKey());
        checkText(where + "." + entry.getKey(), entry.getValue());
      }
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        checkText(where(where, i), array.getValue(i));
      }
    }
  }

  static Object copy(Object value) {
    if (value instanceof JsonObject object) {
      return object.copy();
    }
    if (value instanceof JsonArray array) {
      return array.copy();
    }
    return value;
  }

  static String kind(Object value) {
    if (value instanceof String) {
      return "text";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof JsonArray) {
      return "a list";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    return "an unexpected value";
  }

  /** An attachment of an actor, read loosely: profile fields are PropertyValues, the rest is skipped. */
  record Field(List<String> types, String name, String value) {
    static Field read(Props props) {
      List<String> types = props.types();
      if (!types.contains("PropertyValue")) {
        return new Field(types, null, null);
      }
      return new Field(types, props.string("name"), props.string("value"));
    }
  }
}
