package org.plutro.server.http;

import io.vertx.ext.web.RoutingContext;

/** ActivityPub JSON or an HTML page for the same URL, by the Accept header. */
public final class ContentNegotiation {
  private ContentNegotiation() {}

  /**
   * A browser asks for text/html and not for ActivityPub; anything else (ActivityPub media types,
   * {@code *}/{@code *}, a malformed or missing Accept) gets the JSON.
   */
  public static boolean wantsHtml(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    if (accept == null) {
      return false;
    }
    String lower = accept.toLowerCase();
    return lower.contains("text/html") && !lower.contains("application/activity+json")
        && !lower.contains("application/ld+json");
  }
}
