package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.plutro.server.domain.Status;
import org.plutro.server.media.CardImages;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TagStore.Day;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.store.TrendStore;
import org.plutro.server.store.TrendStore.Card;
import org.plutro.server.uri.Uris;

/**
 * Trends in Mastodon's shapes: hashtags as {@code Tag} entities with a week of history, posts as
 * {@code Status} entities, links as {@code Trends::Link} ({@code PreviewCard} with a week of
 * history).
 */
public final class TrendEntities {
  private final TagStore tags;
  private final TrendStore trends;
  private final StatusPresenter statuses;
  private final CardImages cardImages;
  private final Uris uris;

  public TrendEntities(TagStore tags, TrendStore trends, StatusPresenter statuses, CardImages cardImages,
      Uris uris) {
    this.tags = tags;
    this.trends = trends;
    this.statuses = statuses;
    this.cardImages = cardImages;
    this.uris = uris;
  }

  public Future<JsonArray> tags(List<Tag> found, Optional<Long> viewerId) {
    return TagEntity.of(tags, uris, found, viewerId);
  }

  public Future<JsonArray> statuses(List<Status> found, Long viewerId) {
    return statuses.statuses(found, viewerId);
  }

  public Future<JsonArray> links(List<Card> cards) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    long since = today.minusDays(6).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() << 16;
    return trends.linkHistory(cards.stream().map(Card::id).toList(), since).map(history -> {
      JsonArray array = new JsonArray();
      for (Card card : cards) {
        Map<LocalDate, Day> days = history.getOrDefault(card.id(), Map.of());
        array.add(PreviewCardEntity.of(card.card(), cardImages).put("history", week(today, days)));
      }
      return array;
    });
  }

  /** Seven days, newest first, numbers as strings (as Mastodon writes them). */
  static JsonArray week(LocalDate today, Map<LocalDate, Day> days) {
    JsonArray week = new JsonArray();
    for (int back = 0; back < 7; back++) {
      LocalDate day = today.minusDays(back);
      Day used = days.get(day);
      week.add(new JsonObject()
          .put("day", Long.toString(day.atStartOfDay(ZoneOffset.UTC).toEpochSecond()))
          .put("accounts", Long.toString(used == null ? 0 : used.accounts()))
          .put("uses", Long.toString(used == null ? 0 : used.uses())));
    }
    return week;
  }
}
