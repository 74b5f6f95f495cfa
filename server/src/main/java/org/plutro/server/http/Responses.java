package org.plutro.server.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON answers, in one place so every route sets the same headers. */
public final class Responses {
  public static final String JSON = "application/json; charset=utf-8";
  public static final String ACTIVITY_JSON = "application/activity+json; charset=utf-8";

  private Responses() {}

  /** {@code body}: a JsonObject, a JsonArray, or JSON text already written (a Buffer). */
  public static Future<Void> json(RoutingContext ctx, int status, Object body) {
    return send(ctx, status, JSON, body);
  }

  public static Future<Void> json(RoutingContext ctx, Object body) {
    return send(ctx, 200, JSON, body);
  }

  /** {@code body}: a JsonObject, or JSON text already written (a Buffer). */
  public static Future<Void> activity(RoutingContext ctx, int status, Object body) {
    ctx.response().putHeader("Vary", "Accept");
    return send(ctx, status, ACTIVITY_JSON, body);
  }

  public static Future<Void> error(RoutingContext ctx, int status, String message) {
    return json(ctx, status, new JsonObject().put("error", message));
  }

  private static Future<Void> send(RoutingContext ctx, int status, String type, Object body) {
    Buffer bytes = body instanceof JsonObject o ? o.toBuffer()
        : body instanceof JsonArray a ? a.toBuffer()
        : body instanceof Buffer b ? b : Buffer.buffer(String.valueOf(body));
    return ctx.response().setStatusCode(status).putHeader("Content-Type", type).end(bytes);
  }
}
