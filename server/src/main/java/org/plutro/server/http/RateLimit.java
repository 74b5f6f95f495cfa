package org.plutro.server.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.plutro.server.service.Secrets;

/**
 * Mastodon's API rate limit: so many requests per period per token, or per address without a
 * token, in fixed windows aligned to the clock (as Rack::Attack counts). Every API answer carries
 * {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset}; over the limit is a 429.
 * Counts live in memory, per process: behind a load balancer each process allows its share.
 */
public final class RateLimit implements Handler<RoutingContext> {
  private static final DateTimeFormatter RESET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private record Window(long number, AtomicInteger count) {}

  private final int limit;
  private final long periodSeconds;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private volatile long currentWindow;

  public RateLimit(int limit, long periodSeconds) {
    this.limit = limit;
    this.periodSeconds = periodSeconds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!ctx.request().path().startsWith("/api/")) {
      ctx.next();
      return;
    }
    long now = Instant.now().getEpochSecond();
    long number = now / periodSeconds;
    forgetOldWindows(number);
    String key = key(ctx);
    Window window = windows.compute(key, (k, existing) ->
        existing == null || existing.number() != number ? new Window(number, new AtomicInteger()) : existing);
    int used = window.count().incrementAndGet();
    String reset = RESET.format(Instant.ofEpochSecond((number + 1) * periodSeconds));
    var response = ctx.response();
    response.putHeader("X-RateLimit-Limit", Integer.toString(limit));
    response.putHeader("X-RateLimit-Reset", reset);
    if (used > limit) {
      response.putHeader("X-RateLimit-Remaining", "0");
      Responses.json(ctx, 429, new JsonObject().put("error", "Too many requests"));
      return;
    }
    response.putHeader("X-RateLimit-Remaining", Integer.toString(limit - used));
    ctx.next();
  }

  private void forgetOldWindows(long number) {
    if (number != currentWindow) {
      currentWindow = number;
      windows.values().removeIf(window -> window.number() < number);
    }
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
