package org.plutro.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.plutro.server.store.TrendStore.Count;
import org.plutro.server.store.TrendStore.Scored;
import org.plutro.server.store.TrendStore.Trend;

/** Mastodon's trend score: observed against expected accounts, the best score kept and decaying. */
class TrendScoresTest {
  static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 7, 12, 0, 0, 0, ZoneOffset.UTC);

  @Test
  void risingOnlyAboveTheThresholdAndWhenUseGrows() {
    assertEquals(0, TrendScores.TAGS.raw(4, 0), "four accounts are not enough");
    assertEquals(16, TrendScores.TAGS.raw(5, 0), "(5 - 1)² / 1");
    assertEquals(0, TrendScores.TAGS.raw(6, 8), "falling use");
    assertEquals(18, TrendScores.TAGS.raw(8, 2), "(8 - 2)² / 2");
  }

  @Test
  void theBestScoreDecaysByHalfEveryHalfLifeAndIsForgottenAfterTwoDays() {
    Scored now = TrendScores.TAGS.rising(1, new Count(1, 5, 0, null), null, NOW);
    assertEquals(16, now.score());
    assertEquals(NOW, now.maxScoreAt());
    Trend held = new Trend(1, 16, 16, NOW, "approved");
    // Four hours later nobody uses it: half the best score.
    assertEquals(8, TrendScores.TAGS.rising(1, null, held, NOW.plusHours(4)).score(), 1e-9);
    // Below 1 it no longer trends, but the best score is kept for its cooldown.
    Scored faded = TrendScores.TAGS.rising(1, null, held, NOW.plusHours(20));
    assertEquals(0, faded.score());
    assertEquals(16, faded.maxScore());
    assertEquals(0, TrendScores.TAGS.rising(1, null, held, NOW.plusDays(3)).maxScore(), "forgotten");
  }

  @Test
  void aPostDecaysWithItsAge() {
    assertEquals(16, TrendScores.STATUSES.post(1, new Count(1, 5, 0, NOW), NOW).score());
    assertEquals(4, TrendScores.STATUSES.post(1, new Count(1, 5, 0, NOW.minusHours(4)), NOW).score(), 1e-9);
    assertEquals(0, TrendScores.STATUSES.post(1, new Count(1, 5, 0, NOW.minusHours(20)), NOW).score());
    assertEquals(0, TrendScores.STATUSES.post(1, new Count(1, 4, 0, NOW), NOW).score());
  }
}
