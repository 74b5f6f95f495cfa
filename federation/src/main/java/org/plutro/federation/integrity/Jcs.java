package org.plutro.federation.integrity;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The JSON Canonicalization Scheme (RFC 8785): members sorted by their names' UTF-16 code units,
 * no whitespace, strings escaped minimally, and every number written as ECMAScript writes an IEEE
 * 754 double ({@code 1e+30}, {@code 0.002}, {@code 333333333.3333333}). The canonicalizer is the
 * one by an author of the RFC; the value goes to it as JSON text, which it parses again itself, so
 * numbers end up as doubles whatever Java type held them.
 */
public final class Jcs {
  private Jcs() {}

  /**
   * The canonical UTF-8 bytes of a JSON value (a Vert.x {@code JsonObject} or {@code JsonArray}).
   *
   * @throws IllegalArgumentException for what JSON cannot hold (NaN, infinities) or RFC 8785
   *     refuses (duplicate member names)
   */
  public static byte[] canonicalize(Object json) {
    requireFinite(json);
    try {
      return new JsonCanonicalizer(Json.encode(json)).getEncodedUTF8();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot canonicalize: " + e.getMessage(), e);
    }
  }

  /** Jackson would write a NaN as the string "NaN": refuse it rather than sign that. */
  private static void requireFinite(Object value) {
    if (value instanceof Double number && !Double.isFinite(number)
        || value instanceof Float single && !Float.isFinite(single)) {
      throw new IllegalArgumentException("cannot canonicalize: NaN and infinities are not JSON");
    } else if (value instanceof JsonObject object) {
      object.forEach(member -> requireFinite(member.getValue()));
    } else if (value instanceof JsonArray array) {
      array.forEach(Jcs::requireFinite);
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(Jcs::requireFinite);
    } else if (value instanceof List<?> list) {
      list.forEach(Jcs::requireFinite);
    }
  }

  /** {@link #canonicalize} as text. */
  public static String canonicalText(Object json) {
    return new String(canonicalize(json), java.nio.charset.StandardCharsets.UTF_8);
  }
}
