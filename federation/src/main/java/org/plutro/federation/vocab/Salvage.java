package org.plutro.federation.vocab;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/**
 * Reading a peer's document as Mastodon reads one: a property that cannot be read is left out, as
 * if it had not been sent, rather than costing the whole document (a profile with one odd field
 * or a bad avatar is still a profile). Each malformed property is removed where the
 * {@link VocabException} says it is, as deep as it goes (one bad attachment, not all of them), and
 * the document read again; a property the caller cannot do without ({@code vital}) is not
 * salvaged, and neither is a document with more than {@link #MOST} malformed properties.
 */
public final class Salvage {
  /** More malformed properties than a document worth reading has. */
  static final int MOST = 32;

  private Salvage() {}

  /**
   * The normalised document as its record, its malformed properties left out (the argument is not
   * changed).
   *
   * @param vital whether the property at this path ({@link VocabException#property()}) may not be
   *     left out
   * @throws VocabException when a vital property is malformed or missing, or too many are malformed
   */
  public static AsObject parse(JsonObject normalised, Predicate<String> vital) {
    JsonObject json = normalised;
    for (int dropped = 0; ; dropped++) {
      try {
        return Vocab.parse(json);
      } catch (VocabException e) {
        if (json == null || dropped == MOST || vital.test(e.property())) {
          throw e;
        }
        JsonObject without = json == normalised ? normalised.copy() : json;
        if (!remove(without, e.property())) {
          throw e;
        }
        json = without;
      }
    }
  }

  /**
   * Removes what {@code path} names ({@code icon.url}, {@code attachment[2].value}), or the deepest
   * part of it that is there (the object a missing property is missing from); false when nothing
   * of it is.
   */
  static boolean remove(JsonObject object, String path) {
    String key = keyAt(object, path);
    if (key == null) {
      return false;
    }
    String rest = path.substring(key.length());
    if (rest.isEmpty() || !removeWithin(object.getValue(key), rest)) {
      object.remove(key);
    }
    return true;
  }

  /** The key {@code path} starts with, the longest if several do (keys may hold dots: IRIs). */
  private static String keyAt(JsonObject object, String path) {
    String found = null;
    for (String key : object.fieldNames()) {
      boolean names = path.startsWith(key) && (path.length() == key.length()
          || path.charAt(key.length()) == '.' || path.charAt(key.length()) == '[');
      if (names && (found == null || key.length() > found.length())) {
        found = key;
      }
    }
    return found;
  }

  /** {@code rest} is {@code [i]...} (the i-th value of a list) or {@code .key...}. */
  private static boolean removeWithin(Object value, String rest) {
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      int at = close < 0 || !(value instanceof JsonArray array) ? -1 : position(array, rest.substring(1, close));
      if (at < 0) {
        return false;
      }
      JsonArray array = (JsonArray) value;
      String after = rest.substring(close + 1);
      if (after.isEmpty() || !removeWithin(array.getValue(at), after)) {
        array.remove(at);
      }
      return true;
    }
    // A property of an object, or of a list's first value (a single-valued property sent as a list).
    Object target = value;
    if (value instanceof JsonArray array) {
      int first = position(array, "0");
      target = first < 0 ? null : array.getValue(first);
    }
    return target instanceof JsonObject object && remove(object, rest.substring(1));
  }

  /** Where the {@code index}th value is in the array: the vocabulary counts no nulls. */
  private static int position(JsonArray array, String index) {
    int wanted;
    try {
      wanted = Integer.parseInt(index);
    } catch (NumberFormatException e) {
      return -1;
    }
    for (int i = 0, seen = 0; i < array.size(); i++) {
      if (array.getValue(i) != null && seen++ == wanted) {
        return i;
      }
    }
    return -1;
  }
}
