package org.plutro.federation.delivery;

import java.time.Duration;

/**
 * What became of one delivery: delivered, worth retrying later, or refused for good (Mastodon's
 * rule: a 4xx other than 401, 408 and 429 will not change by retrying).
 */
public record DeliveryResult(Outcome outcome, int status, String reason, Duration retryAfter) {
  public enum Outcome { DELIVERED, RETRY, FINAL }

  public static DeliveryResult delivered(int status) {
    return new DeliveryResult(Outcome.DELIVERED, status, null, null);
  }

  public static DeliveryResult retry(int status, String reason, Duration retryAfter) {
    return new DeliveryResult(Outcome.RETRY, status, reason, retryAfter);
  }

  public static DeliveryResult fail(int status, String reason) {
    return new DeliveryResult(Outcome.FINAL, status, reason, null);
  }

  /** The outcome an HTTP status means. */
  public static DeliveryResult of(int status, Duration retryAfter) {
    if (status >= 200 && status < 300) {
      return delivered(status);
    }
    if (status == 401 || status == 408 || status == 429 || status >= 500) {
      return retry(status, "HTTP " + status, retryAfter);
    }
    return fail(status, "HTTP " + status);
  }
}
