package org.plutro.server.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.plutro.server.store.TrendStore.Count;
import org.plutro.server.store.TrendStore.Scored;
import org.plutro.server.store.TrendStore.Trend;

/**
 * How a trend is scored, as Mastodon's {@code Trends::Tags}, {@code Links} and {@code Statuses}
 * score it. Hashtags and links: distinct accounts over the last day ({@code observed}) against the
 * day before ({@code expected}, at least 1); nothing below {@code threshold} accounts or when use
 * falls; otherwise {@code (observed - expected)² / expected}. The best score is kept (forgotten
 * after two days) and decays by half every {@code halfLife}; below 1 the item no longer trends.
 * Posts: distinct accounts that liked or shared one (at least {@code threshold}), scored the same
 * against 1, decaying by half every two hours of the post's age; below 0.3 it no longer trends.
 */
public record TrendScores(int threshold, Duration halfLife) {
  static final Duration COOLDOWN = Duration.ofDays(2);
  static final Duration POST_HALF_LIFE = Duration.ofHours(2);
  static final double DECAY_THRESHOLD = 1;
  static final double POST_DECAY_THRESHOLD = 0.3;

  /** Mastodon's: five accounts; hashtags halve every four hours, links every eight. */
  public static final TrendScores TAGS = new TrendScores(5, Duration.ofHours(4));
  public static final TrendScores LINKS = new TrendScores(5, Duration.ofHours(8));
  public static final TrendScores STATUSES = new TrendScores(5, POST_HALF_LIFE);

  /** The rising score of {@code observed} accounts against {@code expected} ones. */
  double raw(long observed, long expected) {
    double want = Math.max(1, expected);
    return observed < threshold || want > observed ? 0 : Math.pow(observed - want, 2) / want;
  }

  /** A hashtag's or link's new row, from its counts (null: none now) and its row (null: none yet). */
  public Scored rising(long itemId, Count count, Trend held, OffsetDateTime now) {
    double score = count == null ? 0 : raw(count.observed(), count.expected());
    double max = held == null ? 0 : held.maxScore();
    OffsetDateTime maxAt = held == null ? null : held.maxScoreAt();
    if (maxAt == null || maxAt.isBefore(now.minus(COOLDOWN))) {
      max = 0;
      maxAt = null;
    }
    if (score > max) {
      max = score;
      maxAt = now;
    }
    double decaying = maxAt == null ? 0 : max * halving(Duration.between(maxAt, now), halfLife);
    return new Scored(itemId, decaying >= DECAY_THRESHOLD ? decaying : 0, max, maxAt);
  }

  /** A post's new row: liked or shared by {@code count.observed()} accounts, decaying with its age. */
  public Scored post(long itemId, Count count, OffsetDateTime now) {
    double score = count == null || count.createdAt() == null ? 0
        : raw(count.observed(), 1) * halving(Duration.between(count.createdAt(), now), halfLife);
    return new Scored(itemId, score >= POST_DECAY_THRESHOLD ? score : 0, 0, null);
  }

  private static double halving(Duration elapsed, Duration halfLife) {
    return Math.pow(0.5, (double) Math.max(0, elapsed.toMillis()) / halfLife.toMillis());
  }
}
