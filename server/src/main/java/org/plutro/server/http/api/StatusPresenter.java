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
import org.plutro.server.domain.MediaAttachment;
import org.plutro.server.domain.Status;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.PollStore.Poll;
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
  private final MediaStore media;
  private final PollStore polls;
  private final Uris uris;

  public StatusPresenter(StatusViewStore views, MediaStore media, PollStore polls, Uris uris) {
    this.views = views;
    this.media = media;
    this.polls = polls;
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
      // Both lookups go out together (the client pipelines them).
      Future<Map<Long, AccountView>> authors = views.accounts(accountIds);
      Future<List<MediaAttachment>> mediaOf = media.byStatuses(found.keySet());
      Future<Map<Long, Poll>> pollsOf = polls.byStatuses(found.keySet());
      Future<Map<Long, List<Integer>>> votesOf = viewerId == null ? Future.succeededFuture(Map.of())
          : pollsOf.compose(byStatus -> polls.ownVotes(viewerId,
              byStatus.values().stream().map(Poll::id).toList()));
      return Future.all(authors, mediaOf, pollsOf, votesOf).map(loaded -> {
        Map<Long, Poll> pollOf = pollsOf.result();
        Map<Long, List<Integer>> voted = votesOf.result();
        Map<Long, List<MediaAttachment>> attached = new HashMap<>();
        mediaOf.result().forEach(m -> attached.computeIfAbsent(m.statusId(), k -> new ArrayList<>()).add(m));
        Map<Long, AccountView> accounts = authors.result();
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
            reblog = withPoll(entity(original, accounts, attached, null, viewerId), pollOf.get(originalId), voted, viewerId);
          }
          array.add(withPoll(entity(view, accounts, attached, reblog, viewerId), pollOf.get(id), voted, viewerId));
        }
        return array;
      });
    });
  }

  public Future<JsonObject> status(Status status, Long viewerId) {
    return byIds(List.of(status.id()), viewerId).map(array -> array.getJsonObject(0));
  }

  private static JsonObject withPoll(JsonObject entity, Poll poll, Map<Long, List<Integer>> voted,
      Long viewerId) {
    return poll == null ? entity : entity.put("poll", PollEntity.of(poll,
        viewerId == null ? null : voted.getOrDefault(poll.id(), List.of()),
        viewerId != null && poll.accountId() == viewerId));
  }

  private JsonObject entity(StatusView view, Map<Long, AccountView> accounts,
      Map<Long, List<MediaAttachment>> attached, JsonObject reblog, Long viewerId) {
    AccountView author = accounts.get(view.status().accountId());
    JsonObject account = AccountEntity.of(author.account(), author.counts(), uris);
    long id = view.status().id();
    // As Mastodon: a sensitized account's posts, even older ones, show as sensitive to everyone but itself.
    boolean sensitized = author.account().sensitizedAt() != null && !Long.valueOf(author.account().id()).equals(viewerId);
    return StatusEntity.of(view.status(), account, view.counts(), view.inReplyToAccountId(), reblog)
        .put("sensitive", view.status().sensitive() || sensitized)
        .put("mentions", view.mentions())
        .put("tags", tags(view.tags()))
        .put("media_attachments", MediaEntity.of(attached.getOrDefault(id, List.of()), uris))
        .put("favourited", view.favourited())
        .put("reblogged", view.reblogged())
        .put("bookmarked", view.bookmarked())
        .put("pinned", view.pinned());
  }

  private JsonArray tags(List<String> names) {
    JsonArray list = new JsonArray();
    names.forEach(name -> list.add(new JsonObject().put("name", name).put("url", uris.tag(name))));
    return list;
  }
}
