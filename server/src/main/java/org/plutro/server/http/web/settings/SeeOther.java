package org.plutro.server.http.web.settings;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Post, redirect, get: after a form did its work, the page is shown again with a notice. The
 * notice is named in the address ({@code ?done=revoked}) and its words come from the page's own
 * list, so nothing a request carries is ever shown back.
 */
final class SeeOther {
  private SeeOther() {}

  static void to(RoutingContext ctx, String path, String done) {
    ctx.response().setStatusCode(303)
        .putHeader("Location", done == null ? path : path + "?done=" + done)
        .putHeader("Cache-Control", "no-store").end();
  }

  /** The notice the address names, from {@code notices}; empty when none. */
  static String notice(RoutingContext ctx, Map<String, String> notices) {
    String done = ctx.request().getParam("done");
    return done == null ? "" : notices.getOrDefault(done, "");
  }
}
