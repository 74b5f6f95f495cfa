package org.plutro.server.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * ActivityPub JSON or an HTML page for the same URL, by the Accept header. Two kinds of URL:
 * <ul>
 *   <li>a page ({@code /@name}, {@code /@name/<id>}, the {@code url} we publish): its page for
 *   everyone but a client that names JSON (ActivityPub's media types or {@code application/json})
 *   — a browser sends {@code text/html} or {@code *}/{@code *}, as does curl; Mastodon's
 *   controllers, whose {@code respond_to} lists HTML first, answer both with the page;</li>
 *   <li>an ActivityPub id ({@code /users/name}, its posts, collections) and everything else: JSON
 *   unless the client asks for {@code text/html} and not for ActivityPub; a browser is then sent
 *   on to the page.</li>
 * </ul>
 * A peer that names an ActivityPub type always gets JSON, whatever else its Accept says.
 */
public final class ContentNegotiation {
  private ContentNegotiation() {}

  /** For an id and for errors: a browser asks for text/html and not for ActivityPub. */
  public static boolean wantsHtml(RoutingContext ctx) {
    String accept = accept(ctx);
    return accept != null && accept.contains("text/html") && !namesActivityPub(accept);
  }

  /** For a page URL: the page, unless the client names JSON. */
  public static boolean wantsPage(RoutingContext ctx) {
    String accept = accept(ctx);
    return accept == null || (!namesActivityPub(accept) && !accept.contains("application/json"));
  }

  /** Whether the path is one of the pages that also answer ActivityPub ({@code /@...}). */
  public static boolean isPagePath(String path) {
    return path != null && path.startsWith("/@");
  }

  /** The right test for this request's path: a page's, or an id's. */
  public static boolean wantsHtmlHere(RoutingContext ctx) {
    return isPagePath(ctx.request().path()) ? wantsPage(ctx) : wantsHtml(ctx);
  }

  private static boolean namesActivityPub(String accept) {
    return accept.contains("application/activity+json") || accept.contains("application/ld+json");
  }

  private static String accept(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept == null ? null : accept.toLowerCase(Locale.ROOT);
  }
}
