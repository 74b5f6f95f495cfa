package org.plutro.server.http.web;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.plutro.server.http.ClientAddress;
import org.plutro.server.service.Secrets;
import org.plutro.server.store.WebSessionStore;
import org.plutro.server.store.WebSessionStore.Current;
import org.plutro.server.store.WebSessionStore.WebSession;

/**
 * The browser session of the sign-in and consent pages: a random id in an {@code HttpOnly},
 * {@code SameSite=Lax} cookie ({@code Secure} when the instance is served over https), and a CSRF
 * token bound to it. Signing in replaces the session, so an id planted before sign-in is useless.
 */
public final class WebSessions {
  public static final String COOKIE = "plutro_session";
  private static final int ANONYMOUS_SECONDS = 60 * 60;
  private static final int SIGNED_IN_SECONDS = 14 * 24 * 60 * 60;

  private final WebSessionStore webSessions;
  private final boolean secureCookies;

  /** {@code secureCookies}: whether the instance is served over https (the cookie is then Secure). */
  public WebSessions(WebSessionStore webSessions, boolean secureCookies) {
    this.webSessions = webSessions;
    this.secureCookies = secureCookies;
  }

  /** The session named by the request's cookie, if it is live, with its member. */
  public Future<Optional<Current>> current(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isBlank()) {
      return Future.succeededFuture(Optional.empty());
    }
    return webSessions.byHash(Secrets.sha256(cookie.getValue()));
  }

  /** The current session, or a new anonymous one (a form needs a CSRF token bound to something). */
  public Future<Current> currentOrNew(RoutingContext ctx) {
    return current(ctx).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> start(ctx, null, ANONYMOUS_SECONDS)));
  }

  /** Replaces the session with a signed-in one. */
  public Future<Current> signIn(RoutingContext ctx, Optional<WebSession> previous, long accountId) {
    Future<Void> ended = previous.map(s -> webSessions.delete(s.id()))
        .orElse(Future.succeededFuture());
    return ended.compose(done -> start(ctx, accountId, SIGNED_IN_SECONDS))
        .onSuccess(started -> webSessions.purgeExpired());
  }

  /** Ends the session (if any) and tells the browser to forget its cookie. */
  public Future<Void> signOut(RoutingContext ctx, Optional<WebSession> session) {
    ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true)
        .setSecure(secureCookies).setSameSite(CookieSameSite.LAX).setMaxAge(0));
    return session.map(s -> webSessions.delete(s.id())).orElse(Future.succeededFuture());
  }

  /** Whether the form's CSRF token is the session's. */
  public static boolean csrfMatches(WebSession session, String presented) {
    return presented != null && MessageDigest.isEqual(
        session.csrfToken().getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  private Future<Current> start(RoutingContext ctx, Long accountId, int seconds) {
    String id = Secrets.token();
    String csrf = Secrets.token();
    byte[] hash = Secrets.sha256(id);
    // A signed-in session remembers where and with what it was signed in: its member sees that.
    String address = accountId == null ? null : ClientAddress.of(ctx);
    String userAgent = accountId == null ? null : ctx.request().getHeader("User-Agent");
    return webSessions.insert(hash, accountId, csrf, seconds, address, userAgent).compose(done -> {
      ctx.response().addCookie(Cookie.cookie(COOKIE, id)
          .setPath("/")
          .setHttpOnly(true)
          .setSecure(secureCookies)
          .setSameSite(CookieSameSite.LAX)
          .setMaxAge(seconds));
      return webSessions.byHash(hash).map(Optional::orElseThrow);
    });
  }
}
