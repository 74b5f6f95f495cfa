package org.plutro.server.http.api;

import org.plutro.server.text.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.server.domain.Filter;
import org.plutro.server.domain.Filter.FilteredStatus;
import org.plutro.server.domain.Filter.Keyword;

/** Mastodon's {@code Filter}, {@code FilterKeyword}, {@code FilterStatus}, {@code FilterResult} and {@code V1::Filter}. */
public final class FilterEntity {
  private FilterEntity() {}

  /** The v2 filter; {@code withChildren} false gives the short form used inside FilterResult. */
  public static JsonObject of(Filter filter, boolean withChildren) {
    JsonObject entity = new JsonObject()
        .put("id", Long.toString(filter.id()))
        .put("title", filter.title())
        .put("context", new JsonArray(List.copyOf(filter.context())))
        .put("expires_at", filter.expiresAt() == null ? null : Timestamps.iso(filter.expiresAt()))
        .put("filter_action", filter.action());
    if (withChildren) {
      JsonArray keywords = new JsonArray();
      filter.keywords().forEach(k -> keywords.add(keyword(k)));
      JsonArray statuses = new JsonArray();
      filter.statuses().forEach(s -> statuses.add(status(s)));
      entity.put("keywords", keywords).put("statuses", statuses);
    }
    return entity;
  }

  public static JsonObject keyword(Keyword keyword) {
    return new JsonObject().put("id", Long.toString(keyword.id()))
        .put("keyword", keyword.keyword()).put("whole_word", keyword.wholeWord());
  }

  public static JsonObject status(FilteredStatus status) {
    return new JsonObject().put("id", Long.toString(status.id()))
        .put("status_id", Long.toString(status.statusId()));
  }

  /** A v2 keyword seen through the v1 API: one keyword is one v1 filter. */
  public static JsonObject v1(Filter filter, Keyword keyword) {
    return new JsonObject()
        .put("id", Long.toString(keyword.id()))
        .put("phrase", keyword.keyword())
        .put("context", new JsonArray(List.copyOf(filter.context())))
        .put("whole_word", keyword.wholeWord())
        .put("expires_at", filter.expiresAt() == null ? null : Timestamps.iso(filter.expiresAt()))
        .put("irreversible", "hide".equals(filter.action()));
  }

  /** {@code FilterResult}: which filter matched a status, by which keywords and status ids. */
  public static JsonObject result(Filter filter, List<String> keywordMatches, List<String> statusMatches) {
    return new JsonObject()
        .put("filter", of(filter, false))
        .put("keyword_matches", keywordMatches.isEmpty() ? null : new JsonArray(List.copyOf(keywordMatches)))
        .put("status_matches", statusMatches.isEmpty() ? null : new JsonArray(List.copyOf(statusMatches)));
  }
}
