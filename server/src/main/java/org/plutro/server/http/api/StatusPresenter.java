package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.MentionStore;
import org.plutro.server.store.MentionStore.Mentioned;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.StatusViewStore;
import org.plutro.server.store.StatusViewStore.AccountView;
import org.plutro.server.store.StatusViewStore.StatusView;
import org.plutro.server.uri.Uris;

/**
 * Mastodon {@code Status} entities for a page of statuses in two queries, however long the page:
 * counters, mentions, hashtags, attachments, the viewer's favourited / reblogged / bookmarked / pinned, the shared status nested
 * in {@code reblog}, and each author once.
 */
public final class StatusPresenter {
  private final StatusViewStore views;
  private final MentionStore mentions;
  private final TagStore tags;
  private final MediaStore media;
  private final Uris uris;

  public StatusPresenter(StatusViewStore views, MentionStore mentions, TagStore tags,
      MediaStore media, Uris uris) {
    this.views = views;
    this.mentions = mentions;
    this.tags = tags;
    this.media = media;
    this.uris = uris;
  }

  public Future<JsonArray> statuses(List<Status> statuses, Long viewerId) {
    List<Long> ids = new ArrayList<>(statuses.size());
    statuses.forEach(status -> ids.add(status.id()));
    return byIds(ids, viewerId);
  }

  /** Entities in the order of {@code ids}; ids that name nothing (deleted meanwhile) are left out. */
  public Future<JsonArray> byIds(List<Long> ids, Long viewerId) {
    return views.statuses(ids, viewerId).compose(found -> {
      Set<Long> accountIds = new LinkedHashSet<>();
      found.values().forEach(view -> accountIds.add(view.status().accountId()));
      // The lookups go out together (the pool pipelines them).
      Set<Long> shown = found.keySet();
      Future<Map<Long, AccountView>> authors = views.accounts(accountIds);
      Future<Map<Long, List<Mentioned>>> mentionsOf = mentions.of(shown);
      Future<Map<Long, List<String>>> tagsOf = tags.of(shown);
      Future<List<MediaAttachment>> mediaOf = media.byStatuses(shown);
      return Future.all(authors, mentionsOf, tagsOf, mediaOf).map(loaded -> {
        Map<Long, List<MediaAttachment>> attached = new HashMap<>();
        mediaOf.result().forEach(m -> attached.computeIfAbsent(m.statusId(), k -> new ArrayList<>()).add(m));
        Map<Long, AccountView> accounts = authors.result();
        Map<Long, List<Mentioned>> mentioned = mentionsOf.result();
        Map<Long, List<String>> tagged = tagsOf.result();
        JsonArray array = new JsonArray();
        for (long id : ids) {
          StatusView view = found.get(id);
          if (view == null) {
            continue;
          }
          JsonObject reblog = null;
          Long originalId = view.status().reblogOfId();
          if (originalId != null) {
            StatusView original = found.get(originalId);
            // A share of a post deleted since shows nothing, as in Mastodon.
            if (original == null || original.status().isDeleted()) {
              continue;
            }
            reblog = entity(original, accounts, mentioned, tagged, attached, null);
          }
          array.add(entity(view, accounts, mentioned, tagged, attached, reblog));
        }
        return array;
      });
    });
  }

  public Future<JsonObject> status(Status status, Long viewerId) {
    return byIds(List.of(status.id()), viewerId).map(array -> array.getJsonObject(0));
  }

  private JsonObject entity(StatusView view, Map<Long, AccountView> accounts,
      Map<Long, List<Mentioned>> mentioned, Map<Long, List<String>> tagged,
      Map<Long, List<MediaAttachment>> attached, JsonObject reblog) {
    AccountView author = accounts.get(view.status().accountId());
    JsonObject account = AccountEntity.of(author.account(), author.counts(), uris);
    long id = view.status().id();
    return StatusEntity.of(view.status(), account, view.counts(), view.inReplyToAccountId(), reblog)
        .put("mentions", mentions(mentioned.getOrDefault(id, List.of())))
        .put("tags", tags(tagged.getOrDefault(id, List.of())))
        .put("media_attachments", MediaEntity.of(attached.getOrDefault(id, List.of()), uris))
        .put("favourited", view.favourited())
        .put("reblogged", view.reblogged())
        .put("bookmarked", view.bookmarked())
        .put("pinned", view.pinned());
  }

  /** Mastodon's {@code Status.mentions}: the visible ones (a silent mention is only addressed). */
  private static JsonArray mentions(List<Mentioned> mentioned) {
    JsonArray list = new JsonArray();
    for (Mentioned mention : mentioned) {
      if (mention.silent()) {
        continue;
      }
      Account account = mention.account();
      list.add(new JsonObject().put("id", Long.toString(account.id()))
          .put("username", account.username())
          .put("url", account.url() != null ? account.url() : account.uri())
          .put("acct", account.acct()));
    }
    return list;
  }

  private JsonArray tags(List<String> names) {
    JsonArray list = new JsonArray();
    names.forEach(name -> list.add(new JsonObject().put("name", name).put("url", uris.tag(name))));
    return list;
  }
}
