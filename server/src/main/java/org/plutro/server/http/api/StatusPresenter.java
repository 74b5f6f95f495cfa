package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.plutro.server.domain.Status;
import org.plutro.server.store.StatusViewStore;
import org.plutro.server.store.StatusViewStore.AccountView;
import org.plutro.server.store.StatusViewStore.StatusView;
import org.plutro.server.uri.Uris;

/**
 * Mastodon {@code Status} entities for a page of statuses in two queries, however long the page:
 * counters, the viewer's favourited / reblogged / bookmarked / pinned, the shared status nested
 * in {@code reblog}, and each author once.
 */
public final class StatusPresenter {
  private final StatusViewStore views;
  private final Uris uris;

  public StatusPresenter(StatusViewStore views, Uris uris) {
    this.views = views;
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
      return views.accounts(accountIds).map(accounts -> {
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
            reblog = entity(original, accounts, null);
          }
          array.add(entity(view, accounts, reblog));
        }
        return array;
      });
    });
  }

  public Future<JsonObject> status(Status status, Long viewerId) {
    return byIds(List.of(status.id()), viewerId).map(array -> array.getJsonObject(0));
  }

  private JsonObject entity(StatusView view, Map<Long, AccountView> accounts, JsonObject reblog) {
    AccountView author = accounts.get(view.status().accountId());
    JsonObject account = AccountEntity.of(author.account(), author.counts(), uris);
    return StatusEntity.of(view.status(), account, view.counts(), view.inReplyToAccountId(), reblog)
        .put("favourited", view.favourited())
        .put("reblogged", view.reblogged())
        .put("bookmarked", view.bookmarked())
        .put("pinned", view.pinned());
  }
}
