package org.plutro.server.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.service.ServiceException;

/**
 * Request parameters as Mastodon accepts them: a JSON body, a form (urlencoded or multipart) or the
 * query string, in that order of precedence. Arrays come as JSON arrays or repeated {@code name[]}.
 */
public final class Params {
  private final JsonObject json;
  private final MultiMap form;
  private final MultiMap query;

  private Params(JsonObject json, MultiMap form, MultiMap query) {
    this.json = json;
    this.form = form;
    this.query = query;
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
    return new Params(json, ctx.request().formAttributes(), ctx.queryParams());
  }

  public String string(String name) {
    if (json != null && json.containsKey(name)) {
      Object value = json.getValue(name);
      return value == null ? null : String.valueOf(value);
    }
    String value = form.get(name);
    return value != null ? value : query.get(name);
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
    return switch (value.trim().toLowerCase()) {
      case "true", "1", "on", "t", "yes" -> Boolean.TRUE;
      default -> Boolean.FALSE;
    };
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
