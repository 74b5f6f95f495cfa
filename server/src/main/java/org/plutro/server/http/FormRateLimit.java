package org.plutro.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.Secrets;
import org.plutro.server.store.RateLimitStore;

/**
 * Limits on the site's sensitive forms, as Mastodon's Rack::Attack throttles its sign-in, sign-up,
 * password and confirmation forms: so many tries per period, each kind of form counted apart, per
 * address; the password typed again before a step that cannot be undone, per browser session (a
 * stolen cookie cannot guess on from many addresses). Looking up a handle to follow from another
 * server counts too: it makes us ask that server. Every try counts, right or wrong (the sign-in
 * service also counts failures alone, per login). Over the limit, the person gets a 429 page that
 * says when to try again, with {@code Retry-After}. The counts are shared by every process on the
 * database (see {@link SharedCounts}).
 */
public final class FormRateLimit implements Handler<RoutingContext> {
  private static final long FLUSH_MILLIS = 1000;
  /** The browser session's cookie (see {@code WebSessions}). */
  private static final String SESSION_COOKIE = "plutro_session";

  /** A kind of form: the paths it is posted to (the pages' own), and what the 429 page calls its tries. */
  enum Form {
    SIGN_IN("sign-in attempts", false, "/auth/sign_in", "/auth/sign_in/two_factor", "/oauth/authorize"),
    SIGN_UP("sign-up attempts", false, "/auth/sign_up"),
    PASSWORD_RESET("password reset requests", false, "/auth/password", "/auth/password/edit"),
    CONFIRMATION("requests for a confirmation mail", false, "/auth/confirmation", "/auth/setup"),
    REMOTE_LOOKUP("handle look-ups", false, "/remote_interaction"),
    PASSWORD_CHECK("password checks", true, "/settings/delete", "/settings/migration/move",
        "/settings/email", "/settings/two_factor/enable", "/settings/two_factor/disable",
        "/settings/two_factor/recovery_codes");

    private final String tries;
    private final boolean perSession;
    private final Set<String> paths;

    Form(String tries, boolean perSession, String... paths) {
      this.tries = tries;
      this.perSession = perSession;
      this.paths = Set.of(paths);
    }

    static Form posted(String path) {
      for (Form form : values()) {
        if (form.paths.contains(path)) {
          return form;
        }
      }
      return null;
    }
  }

  private final int limit;
  private final Map<Form, SharedCounts> counts = new EnumMap<>(Form.class);

  public FormRateLimit(Vertx vertx, RateLimitStore store, int limit, long periodSeconds) {
    this.limit = limit;
    for (Form form : Form.values()) {
      counts.put(form, new SharedCounts("form_" + form.name().toLowerCase(java.util.Locale.ROOT),
          periodSeconds, store));
    }
    vertx.setPeriodic(FLUSH_MILLIS, id -> counts.values().forEach(SharedCounts::flush));
  }

  @Override
  public void handle(RoutingContext ctx) {
    Form form = ctx.request().method() == HttpMethod.POST ? Form.posted(ctx.request().path()) : null;
    if (form == null) {
      ctx.next();
      return;
    }
    SharedCounts tries = counts.get(form);
    long now = Instant.now().getEpochSecond();
    if (tries.add(key(ctx, form), now) <= limit) {
      ctx.next();
      return;
    }
    long wait = tries.periodSeconds() - now % tries.periodSeconds();
    ctx.response().putHeader("Retry-After", Long.toString(wait));
    ctx.fail(new ServiceException(429, "Too many " + form.tries + (form.perSession ? "" : " from your address")
        + ". Try again " + inAWhile(wait) + "."));
  }

  /** "in a minute", "in 4 minutes", "in 2 hours": when a limited person may try again. */
  static String inAWhile(long seconds) {
    if (seconds <= 60) {
      return "in a minute";
    }
    long minutes = (seconds + 59) / 60;
    if (minutes < 120) {
      return "in " + minutes + " minutes";
    }
    return "in " + (minutes + 59) / 60 + " hours";
  }

  /** Per session (hashed: cookies are not kept in memory) where the form asks for it, else per address. */
  private static String key(RoutingContext ctx, Form form) {
    Cookie session = ctx.request().getCookie(SESSION_COOKIE);
    if (form.perSession && session != null && !session.getValue().isBlank()) {
      return "session:" + Base64.getEncoder().encodeToString(Secrets.sha256(session.getValue()));
    }
    return "address:" + ClientAddress.throttleKey(ClientAddress.of(ctx));
  }
}
