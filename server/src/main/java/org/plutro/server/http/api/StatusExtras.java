package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.store.MentionStore.Mentioned;

/**
 * What a Status entity shows beyond the row, loaded for many statuses at once: {@code mentions},
 * {@code tags} and {@code in_reply_to_account_id}.
 */
final class StatusExtras {
  private final Map<Long, List<Mentioned>> mentions;
  private final Map<Long, List<String>> tags;
  private final Map<Long, Long> parentAuthors;
  private final AppContext app;

  private StatusExtras(AppContext app, Map<Long, List<Mentioned>> mentions,
      Map<Long, List<String>> tags, Map<Long, Long> parentAuthors) {
    this.app = app;
    this.mentions = mentions;
    this.tags = tags;
    this.parentAuthors = parentAuthors;
  }

  static Future<StatusExtras> load(AppContext app, Collection<Long> ids, Collection<Status> statuses) {
    Set<Long> parents = new HashSet<>();
    statuses.forEach(status -> {
      if (status.inReplyToId() != null) {
        parents.add(status.inReplyToId());
      }
    });
    return app.mentions().of(ids).compose(mentions -> app.tagStore().of(ids)
        .compose(tags -> app.threads().authorsOf(parents)
            .map(authors -> new StatusExtras(app, mentions, tags, authors))));
  }

  /** Adds this status's extras to its entity. */
  JsonObject decorate(Status status, JsonObject entity) {
    JsonArray mentionList = new JsonArray();
    for (Mentioned mention : mentions.getOrDefault(status.id(), List.of())) {
      if (mention.silent()) {
        continue;
      }
      Account account = mention.account();
      mentionList.add(new JsonObject().put("id", Long.toString(account.id()))
          .put("username", account.username())
          .put("url", account.url() != null ? account.url() : account.uri())
          .put("acct", account.acct()));
    }
    JsonArray tagList = new JsonArray();
    for (String name : tags.getOrDefault(status.id(), List.of())) {
      tagList.add(new JsonObject().put("name", name).put("url", app.uris().tag(name)));
    }
    Long parentAuthor = status.inReplyToId() == null ? null : parentAuthors.get(status.inReplyToId());
    return entity.put("mentions", mentionList).put("tags", tagList)
        .put("in_reply_to_account_id", parentAuthor == null ? null : Long.toString(parentAuthor));
  }
}
