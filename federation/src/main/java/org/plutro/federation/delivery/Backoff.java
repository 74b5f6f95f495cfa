package org.plutro.federation.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed delivery again: Sidekiq's schedule, which Mastodon uses —
 * {@code n^4 + 15 + random(0..9) * (n + 1)} seconds after the n-th retry — over 16 retries, about
 * two to three days in all. GoToSocial gives up after minutes; we are at least as patient as Mastodon.
 */
public final class Backoff {
  private static final int RETRIES = 16;

  private Backoff() {}

  /** Attempts in all: the first one and 16 retries. */
  public static int maxAttempts() {
    return RETRIES + 1;
  }

  /** The wait after the {@code attempts}-th failed attempt (1-based). */
  public static Duration delay(int attempts) {
    long n = Math.max(0, attempts - 1);
    long seconds = n * n * n * n + 15 + ThreadLocalRandom.current().nextInt(10) * (n + 1);
    return Duration.ofSeconds(seconds);
  }
}
