package org.plutro.server.http.web;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.plutro.server.http.ErrorPage;

/**
 * Failures as pages: what went wrong in a sentence and where to go next. A page that needs a
 * signed-in member sends a visitor to sign in, and back afterwards.
 */
public final class ErrorPages implements ErrorPage {
  private final Pages pages;
  private final Visits visits;

  public ErrorPages(Pages pages, Visits visits) {
    this.pages = pages;
    this.visits = visits;
  }

  @Override
  public void send(RoutingContext ctx, int status, String message) {
    if (status == 401 && "GET".equals(ctx.request().method().name())) {
      ctx.response().setStatusCode(303)
          .putHeader("Location", WebPaths.signIn(ctx.request().uri()))
          .putHeader("Cache-Control", "no-store").end();
      return;
    }
    visits.of(ctx)
        .otherwise(failure -> null)
        .onComplete(done -> {
          if (ctx.response().ended()) {
            return;
          }
          Visit visit = done.result();
          Frame frame = visit != null ? visit.frame(title(status))
              : new Frame(visits.site(), title(status), null, null, true, "en", false);
          pages.send(ctx, status, "error.jte", frame.hiddenFromSearch(),
              Map.of("status", status, "message", plain(status, message)));
        });
  }

  // The API's terse messages, said for a person.
  private static String plain(int status, String message) {
    return switch (status) {
      case 404 -> "There is nothing at this address. It may have been deleted, or the link may be"
          + " mistyped.";
      case 405 -> "This address does not take that kind of request.";
      case 500 -> "Something went wrong on our side. Please try again in a moment.";
      default -> message;
    };
  }

  static String title(int status) {
    return switch (status) {
      case 401 -> "Sign in first";
      case 403 -> "Not allowed";
      case 404 -> "Not found";
      case 410 -> "Gone";
      case 413 -> "Too large";
      case 422 -> "Please check the form";
      case 429 -> "Too many requests";
      case 503 -> "Temporarily unavailable";
      default -> status >= 500 ? "Something went wrong" : "Something is not right";
    };
  }
}
