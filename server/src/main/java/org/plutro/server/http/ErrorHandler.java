package org.plutro.server.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.db.DatabaseUnavailable;
import org.plutro.server.domain.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure becomes {@code {"error": "..."}} with its status, or, for a browser that asked for
 * a page outside the APIs, an HTML page saying the same; a stack trace goes to the log, never to
 * the client.
 */
public final class ErrorHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
  private static final String RETRY_AFTER_SECONDS = "10";
  // Machine endpoints answer JSON whatever the Accept header says.
  private static final java.util.List<String> API_PREFIXES = java.util.List.of("/api/", "/oauth/token",
      "/oauth/revoke", "/.well-known/", "/nodeinfo/");

  private final ErrorPage pages;

  public ErrorHandler(ErrorPage pages) {
    this.pages = pages;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    JsonObject body = new JsonObject();
    if (failure instanceof ServiceException service) {
      status = service.status();
      body.put("error", service.getMessage());
      if (service.details() != null) {
        body.put("details", service.details());
      }
    } else if (DatabaseUnavailable.is(failure)) {
      // The database is down or restarting: a client should come back, not report a bug.
      status = 503;
      body.put("error", "The server is temporarily unavailable, try again shortly");
      ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
      LOG.warn("{} {}: database unavailable ({})", ctx.request().method(), ctx.request().path(),
          failure.toString());
    } else if (status == 413) {
      body.put("error", "Request body too large");
    } else if (status == 405) {
      body.put("error", "Method not allowed");
    } else if (status == 404) {
      body.put("error", "Record not found");
    } else if (status >= 400 && status < 500) {
      body.put("error", status == 400 ? "Bad request" : "Request refused");
    } else {
      status = 500;
      body.put("error", "Internal server error");
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    }
    if (ctx.response().headWritten()) {
      return;
    }
    if (wantsPage(ctx)) {
      pages.send(ctx, status, body.getString("error"));
    } else {
      ctx.response().setStatusCode(status).putHeader("Content-Type", Responses.JSON)
          .end(body.encode());
    }
  }

  private static boolean wantsPage(RoutingContext ctx) {
    String path = ctx.request().path();
    return ContentNegotiation.wantsHtml(ctx)
        && API_PREFIXES.stream().noneMatch(prefix -> path != null && path.startsWith(prefix));
  }
}
