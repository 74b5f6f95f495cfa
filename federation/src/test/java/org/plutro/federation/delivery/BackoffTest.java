package org.plutro.federation.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void seventeenAttemptsInAll() {
    assertEquals(17, Backoff.maxAttempts());
  }

  @RepeatedTest(20)
  void eachDelayIsTheFourthPowerPlusFifteenPlusJitter() {
    for (int n = 1; n < Backoff.maxAttempts(); n++) {
      long seconds = Backoff.delay(n).toSeconds();
      long base = (long) Math.pow(n - 1, 4) + 15;
      assertTrue(seconds >= base && seconds <= base + 9L * n,
          "delay(" + n + ") = " + seconds + " s, outside " + base + ".." + (base + 9L * n));
    }
  }

  @Test
  void theFirstRetryComesAfterFifteenToTwentyFourSeconds() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      seen.add(Backoff.delay(1).toSeconds());
    }
    assertEquals(Set.of(15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L), seen);
  }

  @Test
  void theJitterGrowsWithTheAttempt() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      seen.add(Backoff.delay(3).toSeconds());
    }
    // 2^4 + 15 = 31, then steps of 3 up to 31 + 27.
    assertEquals(Set.of(31L, 34L, 37L, 40L, 43L, 46L, 49L, 52L, 55L, 58L), seen);
  }

  @RepeatedTest(20)
  void aFullScheduleLastsAboutTwoDays() {
    Duration total = Duration.ZERO;
    for (int n = 1; n < Backoff.maxAttempts(); n++) {
      total = total.plus(Backoff.delay(n));
    }
    // Without jitter: sum of k^4 for k = 0..15 (178,312 s) plus 16 × 15 s; jitter adds at most 1,224 s.
    assertTrue(total.toSeconds() >= 178_552 && total.toSeconds() <= 179_776, total.toString());
    assertTrue(total.compareTo(Duration.ofDays(2)) > 0 && total.compareTo(Duration.ofDays(2).plusHours(3)) < 0,
        total.toString());
  }
}
