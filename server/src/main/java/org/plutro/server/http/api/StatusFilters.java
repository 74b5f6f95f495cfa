package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.plutro.server.store.FilterStore;

/**
 * The viewer's filters (Mastodon's v2 filters) applied to a page of Status entities, as Mastodon
 * does server-side: a status matching a "hide" filter of the context is left out; one matching a
 * "warn" filter carries the results in {@code filtered} (the app shows the warning). A share is
 * judged by the post it shares.
 */
public final class StatusFilters {
  private StatusFilters() {}

  /** {@code context}: home (also lists), public, thread, account or notifications. */
  public static Future<JsonArray> apply(FilterStore filters, Long viewerId, String context, JsonArray statuses) {
    if (viewerId == null || statuses.isEmpty()) {
      return Future.succeededFuture(statuses);
    }
    return filters.owned(viewerId).map(owned -> {
      if (owned.isEmpty()) {
        return statuses;
      }
      JsonArray kept = new JsonArray();
      for (Object item : statuses) {
        JsonObject entity = (JsonObject) item;
        JsonObject judged = entity.getJsonObject("reblog") != null ? entity.getJsonObject("reblog") : entity;
        JsonArray results = FilterMatcher.filtered(owned, context, Long.parseLong(judged.getString("id")),
            judged.getString("content"), judged.getString("spoiler_text"));
        boolean hide = results.stream().anyMatch(r -> "hide".equals(((JsonObject) r).getJsonObject("filter")
            .getString("filter_action")));
        if (!hide) {
          kept.add(results.isEmpty() ? entity : entity.put("filtered", results));
        }
      }
      return kept;
    });
  }
}
