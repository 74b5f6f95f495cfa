package org.plutro.server.http.web;

import org.plutro.server.text.Html;
import io.vertx.ext.web.RoutingContext;

/** The frame of every visitor page: head, stylesheet, robots, security headers. No JavaScript. */
public final class Layout {
  static final String STYLESHEET = "/css/plutro.css";
  // Pages show pictures from anywhere (remote avatars, linked media) but run nothing.
  private static final String CSP = "default-src 'none'; img-src https: http: data:;"
      + " media-src https: http:; style-src 'self'; base-uri 'none'; form-action 'none';"
      + " frame-ancestors 'none'";

  private Layout() {}

  static StringBuilder open(String language, String title, boolean noindex) {
    StringBuilder html = new StringBuilder(8192);
    html.append("<!DOCTYPE html>\n<html lang=\"").append(Html.escape(language)).append("\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(title)).append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"").append(STYLESHEET).append("\">\n");
    if (noindex) {
      html.append("<meta name=\"robots\" content=\"noindex, noarchive\">\n");
    }
    return html;
  }

  static void meta(StringBuilder html, String property, String content) {
    html.append("<meta property=\"").append(property).append("\" content=\"")
        .append(Html.escape(content)).append("\">\n");
  }

  public static void send(RoutingContext ctx, String html) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Vary", "Accept")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(html);
  }
}
