package org.plutro.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS for browser clients, as Mastodon configures it: any origin, no credentials (tokens go in
 * the Authorization header), on the API, the token endpoints, {@code /.well-known} and NodeInfo.
 * Preflights are answered here, before rate limiting and routing.
 */
public final class Cors implements Handler<RoutingContext> {
  static final String API_METHODS = "POST, PUT, DELETE, GET, PATCH, OPTIONS";
  static final String EXPOSED = "Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining,"
      + " X-Request-Id";

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    String methods = methodsFor(ctx.request().path());
    if (origin == null || methods == null) {
      ctx.next();
      return;
    }
    var response = ctx.response();
    response.putHeader("Access-Control-Allow-Origin", "*");
    response.putHeader("Vary", "Origin");
    String requestedMethod = ctx.request().getHeader("Access-Control-Request-Method");
    if (ctx.request().method() == HttpMethod.OPTIONS && requestedMethod != null) {
      response.putHeader("Access-Control-Allow-Methods", methods);
      String requestedHeaders = ctx.request().getHeader("Access-Control-Request-Headers");
      if (requestedHeaders != null) {
        response.putHeader("Access-Control-Allow-Headers", requestedHeaders);
      }
      response.putHeader("Access-Control-Max-Age", "7200");
      response.setStatusCode(200).end();
      return;
    }
    if (ctx.request().path().startsWith("/api/")) {
      response.putHeader("Access-Control-Expose-Headers", EXPOSED);
    }
    ctx.next();
  }

  /** The methods a path allows cross-origin, or null when it is not shared with other origins. */
  static String methodsFor(String path) {
    if (path.startsWith("/api/")) {
      return API_METHODS;
    }
    if (path.equals("/oauth/token") || path.equals("/oauth/revoke")) {
      return "POST";
    }
    if (path.startsWith("/.well-known/") || path.startsWith("/nodeinfo/")) {
      return "GET";
    }
    return null;
  }
}
