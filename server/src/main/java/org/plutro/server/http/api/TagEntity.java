package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.plutro.server.text.StatusText;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.TagStore.Day;
import org.plutro.server.store.TagStore.Tag;
import org.plutro.server.uri.Uris;

/**
 * Mastodon's {@code Tag} entity: name, url, a week of use (newest day first, numbers as strings)
 * and, for a member, whether they follow it.
 */
public final class TagEntity {
  public static final int MAX_NAME = StatusText.MAX_TAG_NAME;

  private TagEntity() {}

  public static boolean validName(String name) {
    return StatusText.validTagName(name);
  }

  /** Entities for these tags, with their history and (for a member) {@code following}. */
  public static Future<JsonArray> of(TagStore store, Uris uris, List<Tag> tags, Optional<Long> viewerId) {
    List<Long> ids = new ArrayList<>();
    tags.forEach(tag -> ids.add(tag.id()));
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Future<Set<Long>> following = viewerId.map(viewer -> store.following(viewer, ids))
        .orElse(Future.succeededFuture(Set.of()));
    return store.history(ids, today.minusDays(6)).compose(history -> following.map(followed -> {
      JsonArray array = new JsonArray();
      for (Tag tag : tags) {
        Map<LocalDate, Day> days = history.getOrDefault(tag.id(), Map.of());
        JsonArray week = new JsonArray();
        for (int back = 0; back < 7; back++) {
          LocalDate day = today.minusDays(back);
          Day used = days.get(day);
          week.add(new JsonObject()
              .put("day", Long.toString(day.atStartOfDay(ZoneOffset.UTC).toEpochSecond()))
              .put("accounts", Long.toString(used == null ? 0 : used.accounts()))
              .put("uses", Long.toString(used == null ? 0 : used.uses())));
        }
        JsonObject entity = new JsonObject()
            .put("id", Long.toString(tag.id()))
            .put("name", tag.name())
            .put("url", uris.base() + "/tags/" + URLEncoder.encode(tag.name(), StandardCharsets.UTF_8))
            .put("history", week);
        if (viewerId.isPresent()) {
          entity.put("following", followed.contains(tag.id()));
        }
        array.add(entity);
      }
      return array;
    }));
  }
}
