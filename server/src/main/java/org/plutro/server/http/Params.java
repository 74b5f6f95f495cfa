package org.plutro.server.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.ServiceException;

/**
 * Request parameters as Mastodon accepts them: a JSON body, a form (urlencoded or multipart) or the
 * query string, in that order of precedence. Arrays come as JSON arrays or repeated {@code name[]}.
 */
public final class Params {
  private final JsonObject json;
  private final MultiMap form;
  private final MultiMap query;
  // The raw urlencoded body and query, for nested attributes whose order matters.
  private final String rawForm;
  private final String rawQuery;

  /** A numeric id from a path; anything else is a record that does not exist. */
  public static long parseId(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ServiceException.notFound("Record not found");
    }
  }

  private Params(JsonObject json, MultiMap form, MultiMap query, String rawForm, String rawQuery) {
    this.json = json;
    this.form = form;
    this.query = query;
    this.rawForm = rawForm;
    this.rawQuery = rawQuery;
  }

  public static Params of(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    JsonObject json = null;
    if (type != null && type.toLowerCase().startsWith("application/json")
        && ctx.body() != null && ctx.body().length() > 0) {
      try {
        json = new JsonObject(ctx.body().buffer());
      } catch (DecodeException | ClassCastException e) {
        throw new ServiceException(400, "The request body must be a JSON object");
      }
    }
    String rawForm = type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded")
        && ctx.body() != null && ctx.body().length() > 0 ? ctx.body().asString() : null;
    return new Params(json, ctx.request().formAttributes(), ctx.queryParams(), rawForm,
        ctx.request().query());
  }

  public String string(String name) {
    if (json != null && json.containsKey(name)) {
      Object value = json.getValue(name);
      return value == null ? null : String.valueOf(value);
    }
    String value = form.get(name);
    return value != null ? value : query.get(name);
  }

  /**
   * A nested parameter, {@code a[b][c]} in a form or query, {@code {"a": {"b": {"c": ...}}}} in
   * JSON (where a flat {@code "a[b][c]"} key is read too).
   */
  public String path(String... keys) {
    StringBuilder flat = new StringBuilder(keys[0]);
    for (int i = 1; i < keys.length; i++) {
      flat.append('[').append(keys[i]).append(']');
    }
    if (json != null) {
      Object value = json;
      for (String key : keys) {
        value = value instanceof JsonObject object ? object.getValue(key) : null;
      }
      if (value != null && !(value instanceof JsonObject) && !(value instanceof JsonArray)) {
        return String.valueOf(value);
      }
    }
    return string(flat.toString());
  }

  public String required(String name) {
    String value = string(name);
    if (value == null || value.isBlank()) {
      throw new ServiceException(422, "Missing parameter: " + name);
    }
    return value;
  }

  /** Rails-style booleans, as Mastodon reads them: "true", "1", "on" and JSON true. */
  public Boolean bool(String name) {
    String value = string(name);
    if (value == null) {
      return null;
    }
    return truthy(value);
  }

  public static boolean truthy(String value) {
    return switch (value.trim().toLowerCase()) {
      case "true", "1", "on", "t", "yes" -> true;
      default -> false;
    };
  }

  /**
   * Rails-style nested attributes, {@code name[][field]} repeated (a field seen again starts a new
   * item) or {@code name[0][field]}; in JSON an array of objects or an object keyed by index.
   */
  public List<java.util.Map<String, String>> nested(String name) {
    List<java.util.Map<String, String>> items = new ArrayList<>();
    if (json != null && json.containsKey(name)) {
      Object value = json.getValue(name);
      Iterable<?> elements = value instanceof JsonArray array ? array
          : value instanceof JsonObject object ? object.getMap().values() : List.of();
      for (Object element : elements) {
        Object map = element instanceof java.util.Map<?, ?> m ? new JsonObject((java.util.Map<String, Object>) m) : element;
        if (map instanceof JsonObject object) {
          java.util.Map<String, String> item = new java.util.LinkedHashMap<>();
          object.forEach(e -> item.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue())));
          items.add(item);
        }
      }
      return items;
    }
    java.util.Map<String, java.util.Map<String, String>> indexed = new java.util.LinkedHashMap<>();
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(
        java.util.regex.Pattern.quote(name) + "\\[(\\w*)\\]\\[(\\w+)\\]");
    for (String raw : new String[] {rawForm, rawQuery}) {
      if (raw == null || raw.isEmpty()) {
        continue;
      }
      java.util.Map<String, String> current = null;
      // In the order sent: "name[][field]" seen again starts the next item, as Rails reads it.
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
            java.nio.charset.StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1),
            java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = pattern.matcher(key);
        if (!m.matches()) {
          continue;
        }
        if (m.group(1).isEmpty()) {
          if (current == null || current.containsKey(m.group(2))) {
            current = new java.util.LinkedHashMap<>();
            items.add(current);
          }
          current.put(m.group(2), value);
        } else {
          indexed.computeIfAbsent(m.group(1), k -> new java.util.LinkedHashMap<>())
              .put(m.group(2), value);
        }
      }
      if (!items.isEmpty() || !indexed.isEmpty()) {
        break;
      }
    }
    items.addAll(indexed.values());
    return items;
  }

  public List<String> list(String name) {
    List<String> values = new ArrayList<>();
    if (json != null && json.containsKey(name)) {
      Object value = json.getValue(name);
      if (value instanceof JsonArray array) {
        array.forEach(item -> values.add(String.valueOf(item)));
      } else if (value != null) {
        values.add(String.valueOf(value));
      }
      return values;
    }
    for (MultiMap source : List.of(form, query)) {
      values.addAll(source.getAll(name + "[]"));
      values.addAll(source.getAll(name));
      if (!values.isEmpty()) {
        return values;
      }
    }
    return values;
  }
}
