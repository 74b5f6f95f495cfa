package org.plutro.server.http;

import io.vertx.ext.web.RoutingContext;

/** How a failure is shown to a person whose browser asked for a page (not to an API client). */
public interface ErrorPage {
  void send(RoutingContext ctx, int status, String message);
}
