package org.plutro.server.http.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The short notice a form's page shows once after it redirects ("Saved."): POST, redirect, GET.
 * It rides in a cookie that lives a minute and is cleared when shown; pages escape it like any
 * other text.
 */
public final class Notices {
  static final String COOKIE = "plutro_notice";
  private static final int MAX_LENGTH = 200;

  private final boolean secureCookies;

  /** {@code secureCookies}: whether the instance is served over https. */
  public Notices(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }

  /** Sends the browser to {@code path} (on this server), which will show {@code notice}. */
  public void redirect(RoutingContext ctx, String path, String notice) {
    ctx.response().addCookie(cookie(URLEncoder.encode(notice, StandardCharsets.UTF_8), 60));
    redirect(ctx, path);
  }

  /** A 303 to {@code path}: the browser fetches it with GET, whatever was posted. */
  public static void redirect(RoutingContext ctx, String path) {
    ctx.response().setStatusCode(303)
        .putHeader("Location", WebPaths.isLocalPath(path) ? path : WebPaths.HOME)
        .putHeader("Cache-Control", "no-store").end();
  }

  /** The notice waiting for this page, if any (null otherwise); it is shown only once. */
  public String take(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isBlank()) {
      return null;
    }
    ctx.response().addCookie(cookie("", 0));
    try {
      String notice = URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8);
      return notice.length() > MAX_LENGTH ? notice.substring(0, MAX_LENGTH) : notice;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Cookie cookie(String value, int seconds) {
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSecure(secureCookies)
        .setSameSite(CookieSameSite.LAX).setMaxAge(seconds);
  }
}
