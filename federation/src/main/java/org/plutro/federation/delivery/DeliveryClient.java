package org.plutro.federation.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.http.RequestSigner.Style;
import org.plutro.federation.net.FederationHttpClient;
import org.plutro.federation.net.HttpResult;
import org.plutro.federation.net.RefusedAddressException;

/**
 * Delivers one activity to one inbox, double-knocking like Fedify 2: signed with RFC 9421 first,
 * and on a 4xx signed again with draft-cavage; the style that worked is remembered per origin and
 * tried first next time.
 */
public final class DeliveryClient {
  public static final String CONTENT_TYPE = "application/activity+json";
  /** Origins whose style is remembered: the busiest; one forgotten is knocked twice again. */
  static final int REMEMBERED_ORIGINS = 10_000;
  private final FederationHttpClient http;
  // Every origin ever delivered to would otherwise stay (a closure reaches thousands at once).
  private final Cache<String, Style> styles = Caffeine.newBuilder()
      .maximumSize(REMEMBERED_ORIGINS).executor(Runnable::run).build();

  public DeliveryClient(FederationHttpClient http) {
    this.http = http;
  }

  public Future<DeliveryResult> deliver(URI inbox, byte[] activity, RequestSigner signer) {
    return deliver(inbox, activity, signer, () -> { });
  }

  /**
   * Delivers, calling {@code sent} once the first request is signed and goes out (from then on
   * only the peer is awaited).
   */
  public Future<DeliveryResult> deliver(URI inbox, byte[] activity, RequestSigner signer, Runnable sent) {
    String origin = origin(inbox);
    Style known = styles.getIfPresent(origin);
    Style first = known == null ? Style.RFC9421 : known;
    return http.post(inbox, activity, CONTENT_TYPE, signer, first, sent).compose(answer -> {
      if (answer.status() >= 400 && answer.status() < 500) {
        Style other = first == Style.RFC9421 ? Style.CAVAGE : Style.RFC9421;
        return http.post(inbox, activity, CONTENT_TYPE, signer, other)
            .map(second -> remember(origin, other, second));
      }
      return Future.succeededFuture(remember(origin, first, answer));
    }).recover(failure -> Future.succeededFuture(failure instanceof RefusedAddressException
        // A private or reserved address is refused on every attempt: retrying for days is noise.
        ? DeliveryResult.fail(0, String.valueOf(failure.getMessage()))
        : DeliveryResult.retry(0, String.valueOf(failure.getMessage()), null)));
  }

  /** The style that last worked with this origin, if any. */
  public Style styleFor(String origin) {
    return styles.getIfPresent(origin);
  }

  private DeliveryResult remember(String origin, Style style, HttpResult answer) {
    if (answer.status() / 100 == 2) {
      styles.put(origin, style);
    }
    return DeliveryResult.of(answer.status(), retryAfter(answer.headers().get("Retry-After")));
  }

  /** {@code Retry-After} as seconds or as an HTTP date (RFC 9110 section 10.2.3). */
  static Duration retryAfter(String value) {
    return retryAfter(value, Instant.now());
  }

  static Duration retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant when = DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim(), Instant::from);
        Duration wait = Duration.between(now, when);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  public static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
