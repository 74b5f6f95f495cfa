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
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.store.CountStore.StatusCounts;

/** Builds Mastodon entities for lists of accounts and statuses, loading what they need in batches. */
public final class Presenter {
  private final AppContext app;

  public Presenter(AppContext app) {
    this.app = app;
  }

  public Future<JsonObject> account(Account account) {
    return app.counts().account(account.id())
        .map(counts -> AccountEntity.of(account, counts, app.uris()));
  }

  public Future<JsonArray> accounts(List<Account> accounts) {
    List<Future<JsonObject>> entities = new ArrayList<>();
    for (Account account : accounts) {
      entities.add(account(account));
    }
    return Future.all(entities).map(all -> {
      JsonArray array = new JsonArray();
      for (int i = 0; i < entities.size(); i++) {
        array.add(all.<JsonObject>resultAt(i));
      }
      return array;
    });
  }

  public Future<JsonObject> status(Status status) {
    return statuses(List.of(status)).map(array -> array.getJsonObject(0));
  }

  public Future<JsonArray> statuses(List<Status> statuses) {
    Set<Long> ids = new LinkedHashSet<>();
    Set<Long> accountIds = new LinkedHashSet<>();
    List<Future<?>> loads = new ArrayList<>();
    Map<Long, Status> reblogged = new HashMap<>();
    for (Status status : statuses) {
      ids.add(status.id());
      accountIds.add(status.accountId());
      if (status.reblogOfId() != null) {
        ids.add(status.reblogOfId());
        loads.add(app.statuses().byId(status.reblogOfId()).onSuccess(found -> found.ifPresent(s -> {
          synchronized (reblogged) {
            reblogged.put(s.id(), s);
          }
        })));
      }
    }
    return Future.all(loads).compose(loaded -> {
      reblogged.values().forEach(s -> accountIds.add(s.accountId()));
      Map<Long, JsonObject> accounts = new HashMap<>();
      List<Future<?>> accountLoads = new ArrayList<>();
      for (long accountId : accountIds) {
        accountLoads.add(app.accounts().byId(accountId)
            .compose(found -> account(found.orElseThrow()))
            .onSuccess(entity -> {
              synchronized (accounts) {
                accounts.put(accountId, entity);
              }
            }));
      }
      List<Status> all = new ArrayList<>(statuses);
      all.addAll(reblogged.values());
      return Future.all(accountLoads).compose(done -> app.counts().statuses(ids)).compose(counts ->
          StatusExtras.load(app, ids, all).map(extras -> {
        JsonArray array = new JsonArray();
        for (Status status : statuses) {
          JsonObject reblog = null;
          if (status.reblogOfId() != null && reblogged.containsKey(status.reblogOfId())) {
            Status original = reblogged.get(status.reblogOfId());
            reblog = extras.decorate(original, StatusEntity.of(original,
                accounts.get(original.accountId()),
                counts.getOrDefault(original.id(), StatusCounts.NONE), null, null));
          }
          array.add(extras.decorate(status, StatusEntity.of(status, accounts.get(status.accountId()),
              counts.getOrDefault(status.id(), StatusCounts.NONE), null, reblog)));
        }
        return array;
      }));
    });
  }
}
