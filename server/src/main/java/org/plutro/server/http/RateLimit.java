package org.plutro.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.Secrets;
import org.plutro.server.store.RateLimitStore;

/**
 * Mastodon's API rate limits, in fixed windows aligned to the clock (as Rack::Attack counts): so
 * many requests per period per token, or per address without a token; and, per address, so many
 * sign-ups (Mastodon's 5 per 30 minutes: every {@code POST /api/v1/accounts}, and each account the
 * sign-up page's form creates, its mistakes aside). Every API answer carries
 * {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset}; over a limit is a 429. The
 * counts are shared by every process on the database (see {@link SharedCounts}).
 */
public final class RateLimit implements Handler<RoutingContext> {
  private static final DateTimeFormatter RESET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final long FLUSH_MILLIS = 1000;
  /** Where accounts are made: the API, and the sign-up page's form. */
  private static final String API_SIGN_UP = "/api/v1/accounts";
  private static final String PAGE_SIGN_UP = "/auth/sign_up";

  private final int limit;
  private final SharedCounts requests;
  private final int signUpLimit;
  private final SharedCounts signUps;

  public RateLimit(Vertx vertx, RateLimitStore store, int limit, long periodSeconds,
      int signUpLimit, long signUpPeriodSeconds) {
    this.limit = limit;
    this.requests = new SharedCounts("api", periodSeconds, store);
    this.signUpLimit = signUpLimit;
    this.signUps = new SharedCounts("sign_up", signUpPeriodSeconds, store);
    vertx.setPeriodic(FLUSH_MILLIS, id -> {
      requests.flush();
      signUps.flush();
    });
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    long now = Instant.now().getEpochSecond();
    if (ctx.request().method() == HttpMethod.POST && path.equals(API_SIGN_UP)) {
      String address = ClientAddress.throttleKey(ClientAddress.of(ctx));
      if (signUps.add(address, now) > signUpLimit) {
        refuse(ctx, signUpLimit, signUps, now, "Too many sign-ups from your address, try again later");
        return;
      }
    }
    if (ctx.request().method() == HttpMethod.POST && path.equals(PAGE_SIGN_UP)) {
      String address = ClientAddress.throttleKey(ClientAddress.of(ctx));
      if (signUps.total(address, now) >= signUpLimit) {
        refuse(ctx, signUpLimit, signUps, now, "Too many sign-ups from your address, try again later");
        return;
      }
      // A person's typing mistakes are not sign-ups: the page answers a new account with 303.
      ctx.addHeadersEndHandler(done -> {
        if (ctx.response().getStatusCode() == 303) {
          signUps.add(address, now);
        }
      });
    }
    if (!path.startsWith("/api/")) {
      ctx.next();
      return;
    }
    int used = requests.add(key(ctx), now);
    String reset = reset(requests, now);
    var response = ctx.response();
    response.putHeader("X-RateLimit-Limit", Integer.toString(limit));
    response.putHeader("X-RateLimit-Reset", reset);
    if (used > limit) {
      refuse(ctx, limit, requests, now, "Too many requests");
      return;
    }
    response.putHeader("X-RateLimit-Remaining", Integer.toString(limit - used));
    ctx.next();
  }

  private static void refuse(RoutingContext ctx, int limit, SharedCounts counts, long now,
      String message) {
    long wait = counts.periodSeconds() - now % counts.periodSeconds();
    ctx.response().putHeader("X-RateLimit-Limit", Integer.toString(limit))
        .putHeader("X-RateLimit-Reset", reset(counts, now))
        .putHeader("X-RateLimit-Remaining", "0")
        .putHeader("Retry-After", Long.toString(wait));
    if (ctx.request().path().startsWith("/api/")) {
      Responses.json(ctx, 429, new JsonObject().put("error", message));
    } else {
      // A page's form: the error handler answers a person with a page.
      ctx.fail(new ServiceException(429, "Too many sign-ups from your address. Try again "
          + FormRateLimit.inAWhile(wait) + "."));
    }
  }

  private static String reset(SharedCounts counts, long now) {
    long period = counts.periodSeconds();
    return RESET.format(Instant.ofEpochSecond((now / period + 1) * period));
  }

  /** The token (hashed: tokens are not kept in memory), or the client's address without one. */
  private static String key(RoutingContext ctx) {
    String token = Auth.bearer(ctx);
    if (token != null) {
      return "token:" + Base64.getEncoder().encodeToString(Secrets.sha256(token));
    }
    return "address:" + ClientAddress.throttleKey(ClientAddress.of(ctx));
  }
}
