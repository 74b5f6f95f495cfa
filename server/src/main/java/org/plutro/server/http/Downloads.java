package org.plutro.server.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;

/** Files a member takes home: sent as attachments, never kept by a cache. */
public final class Downloads {
  private Downloads() {}

  /** A CSV file named {@code fileName} (one of our own names, never the client's). */
  public static void csv(RoutingContext ctx, String fileName, String text) {
    headers(ctx, "text/csv; charset=utf-8", fileName).end(text);
  }

  /** A temporary zip file, deleted once sent. */
  public static void zip(RoutingContext ctx, Vertx vertx, String fileName, Path file) {
    headers(ctx, "application/zip", fileName).sendFile(file.toString())
        .onComplete(sent -> vertx.fileSystem().delete(file.toString()));
  }

  private static io.vertx.core.http.HttpServerResponse headers(RoutingContext ctx, String type,
      String fileName) {
    return ctx.response().putHeader("Content-Type", type)
        .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
        .putHeader("Cache-Control", "private, no-store")
        .putHeader("X-Content-Type-Options", "nosniff");
  }
}
