package org.plutro.server.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plutro.server.domain.Filter;
import org.plutro.server.domain.Filter.FilteredStatus;
import org.plutro.server.domain.Filter.Keyword;

/** Which filters match a status, in the FilterResult shape the timelines attach to statuses. */
class FilterMatcherTest {
  static Filter filter(List<String> context, OffsetDateTime expires, Keyword... keywords) {
    return new Filter(7, 1, "Spoilers", context, "warn", expires, List.of(keywords),
        List.of(new FilteredStatus(3, 7, 42)));
  }

  @Test
  void wholeWordsMatchOnlyWholeWordsAndCaseDoesNotMatter() {
    Filter f = filter(List.of("home"), null, new Keyword(1, 7, "cat", true),
        new Keyword(2, 7, "dog", false));
    assertEquals(0, FilterMatcher.filtered(List.of(f), "home", 1, "<p>concatenate</p>", "").size());
    JsonArray results = FilterMatcher.filtered(List.of(f), "home", 1, "<p>A CAT and hotdogs</p>", "");
    assertEquals(1, results.size());
    JsonObject result = results.getJsonObject(0);
    assertEquals(new JsonArray().add("cat").add("dog"), result.getJsonArray("keyword_matches"));
    assertEquals(null, result.getValue("status_matches"));
    assertEquals(java.util.Set.of("id", "title", "context", "expires_at", "filter_action"),
        result.getJsonObject("filter").fieldNames());
  }

  @Test
  void contentWarningsAndFilteredStatusesCountContextAndExpiryLimit() {
    Filter f = filter(List.of("home"), null, new Keyword(1, 7, "finale", true));
    assertEquals(1, FilterMatcher.filtered(List.of(f), "home", 1, "<p>wow</p>", "Finale!").size());
    JsonArray byStatus = FilterMatcher.filtered(List.of(f), "home", 42, "<p>wow</p>", "");
    assertEquals(new JsonArray().add("42"), byStatus.getJsonObject(0).getJsonArray("status_matches"));
    assertEquals(0, FilterMatcher.filtered(List.of(f), "public", 42, "<p>finale</p>", "").size());
    Filter expired = filter(List.of("home"), OffsetDateTime.now().minusMinutes(1),
        new Keyword(1, 7, "finale", true));
    assertEquals(0, FilterMatcher.filtered(List.of(expired), "home", 42, "<p>finale</p>", "").size());
    assertEquals(0, FilterMatcher.filtered(List.of(f), "home", 1, "<p><a href=\"/finale\">x</a></p>", "")
        .size(), "markup is not text");
  }
}
