package org.plutro.server.http.api;

import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.plutro.server.store.NotificationStore.Notification;
import org.plutro.server.domain.Status;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.StatusStore;

/** Mastodon's {@code Notification} entities (for the API and the streaming API). */
public final class NotificationEntities {
  private final AccountStore accounts;
  private final StatusStore statuses;
  private final Presenter presenter;

  public NotificationEntities(AccountStore accounts, StatusStore statuses, Presenter presenter) {
    this.accounts = accounts;
    this.statuses = statuses;
    this.presenter = presenter;
  }

  /** Mastodon's {@code Notification} entities, accounts and statuses loaded once each. */
  public Future<JsonArray> of(List<Notification> notifications) {
    Set<Long> accountIds = new LinkedHashSet<>();
    Set<Long> statusIds = new LinkedHashSet<>();
    notifications.forEach(n -> {
      accountIds.add(n.fromAccountId());
      if (n.statusId() != null) {
        statusIds.add(n.statusId());
      }
    });
    Map<Long, JsonObject> accountEntities = new HashMap<>();
    Map<Long, JsonObject> statusEntities = new HashMap<>();
    List<Future<?>> loads = new ArrayList<>();
    for (long id : accountIds) {
      loads.add(accounts.byId(id).compose(found -> presenter.account(found.orElseThrow()))
          .onSuccess(entity -> {
            synchronized (accountEntities) {
              accountEntities.put(id, entity);
            }
          }));
    }
    List<Status> found = new ArrayList<>();
    for (long id : statusIds) {
      loads.add(statuses.byId(id).onSuccess(status -> status.ifPresent(s -> {
        synchronized (found) {
          found.add(s);
        }
      })));
    }
    return Future.all(loads)
        .compose(done -> presenter.statuses(found))
        .map(entities -> {
          for (int i = 0; i < found.size(); i++) {
            statusEntities.put(found.get(i).id(), entities.getJsonObject(i));
          }
          JsonArray array = new JsonArray();
          for (Notification n : notifications) {
            JsonObject entity = new JsonObject()
                .put("id", Long.toString(n.id()))
                .put("type", n.type())
                .put("group_key", "ungrouped-" + n.id())
                .put("created_at", Timestamps.iso(n.createdAt()))
                .put("account", accountEntities.get(n.fromAccountId()));
            if (n.statusId() != null) {
              entity.put("status", statusEntities.get(n.statusId()));
            }
            array.add(entity);
          }
          return array;
        });
  }
}
