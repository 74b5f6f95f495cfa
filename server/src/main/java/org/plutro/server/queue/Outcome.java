package org.plutro.server.queue;

import java.time.Duration;

/**
 * What became of one run of a queued row; the engine decides from it what happens next.
 * {@code status} is the other side's answer where there is one (an HTTP status), else null.
 */
public record Outcome(Kind kind, Integer status, String reason, Duration retryAfter) {
  public enum Kind {
    /** Done: not run again. */
    DONE,
    /** Failed this time: run again after its back-off, or given up after its last attempt. */
    RETRY,
    /** Failed for good: given up at once. */
    FINAL,
    /** Not run, nor to be (its target refuses it): given up at once. */
    SKIPPED
  }

  public static Outcome done(Integer status) {
    return new Outcome(Kind.DONE, status, null, null);
  }

  /** A failure worth another try; {@code retryAfter} (or null) is the least wait the other side asked. */
  public static Outcome retry(Integer status, String reason, Duration retryAfter) {
    return new Outcome(Kind.RETRY, status, reason, retryAfter);
  }

  public static Outcome fail(Integer status, String reason) {
    return new Outcome(Kind.FINAL, status, reason, null);
  }

  public static Outcome skipped(String reason) {
    return new Outcome(Kind.SKIPPED, null, reason, null);
  }
}
