package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.http.Auth;
import org.plutro.server.uri.Uris;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.NotificationEntities;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.NotificationStore;
import org.plutro.server.store.Page;

/** Mastodon's notifications API (v1): list with filters and paging, one, dismiss, clear, count. */
public final class NotificationsRoutes {
  static final int MAX_LIMIT = 80;
  static final int DEFAULT_LIMIT = 40;
  static final int MAX_UNREAD = 1000;
  private final Auth auth;
  private final NotificationStore notifications;
  private final NotificationEntities notificationEntities;
  private final Uris uris;

  public NotificationsRoutes(Auth auth, NotificationStore notifications, NotificationEntities notificationEntities,
      Uris uris) {
    this.auth = auth;
    this.notifications = notifications;
    this.notificationEntities = notificationEntities;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v1/notifications").handler(this::list);
    // Named routes before /:id, which would take them for ids.
    router.get("/api/v1/notifications/unread_count").handler(this::unreadCount);
    router.post("/api/v1/notifications/clear").handler(this::clear);
    router.get("/api/v1/notifications/:id").handler(this::show);
    router.post("/api/v1/notifications/:id/dismiss").handler(this::dismiss);
  }

  private void list(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Page asked = Pagination.page(ctx, MAX_LIMIT);
    Page page = ctx.request().getParam("limit") == null
        ? new Page(asked.maxId(), asked.sinceId(), asked.minId(), DEFAULT_LIMIT) : asked;
    List<String> types = params.list("types");
    List<String> exclude = params.list("exclude_types");
    String accountId = params.string("account_id");
    Long from;
    try {
      from = accountId == null || accountId.isBlank() ? null : Long.parseLong(accountId.strip());
    } catch (NumberFormatException e) {
      from = -1L;  // nobody: an unreadable account id matches no notification
    }
    NotificationStore.Filter filter = new NotificationStore.Filter(types.isEmpty() ? null : types,
        exclude.isEmpty() ? null : exclude, from);
    auth.member(ctx, "read:notifications")
        .compose(caller -> notifications.page(caller.member().id(), filter, page))
        .compose(found -> {
          List<Long> cursors = new ArrayList<>();
          found.forEach(n -> cursors.add(n.id()));
          Pagination.link(ctx, uris.base(), cursors);
          return notificationEntities.of(found);
        })
        .onSuccess(entities -> Responses.json(ctx, entities))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:notifications")
        .compose(caller -> notifications.one(caller.member().id(), id))
        .compose(found -> found.isEmpty()
            ? Future.<JsonArray>failedFuture(ServiceException.notFound("Record not found"))
            : notificationEntities.of(List.of(found.get())))
        .onSuccess(entities -> Responses.json(ctx, entities.getJsonObject(0)))
        .onFailure(ctx::fail);
  }

  private void dismiss(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:notifications")
        .compose(caller -> notifications.dismiss(caller.member().id(), id))
        .compose(dismissed -> dismissed ? Future.succeededFuture()
            : Future.failedFuture(ServiceException.notFound("Record not found")))
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  private void clear(RoutingContext ctx) {
    auth.member(ctx, "write:notifications")
        .compose(caller -> notifications.clear(caller.member().id()))
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  /** How many notifications are newer than the notifications marker, up to the limit asked. */
  private void unreadCount(RoutingContext ctx) {
    int limit = 100;
    String asked = ctx.request().getParam("limit");
    if (asked != null) {
      try {
        limit = Math.max(1, Math.min(MAX_UNREAD, Integer.parseInt(asked)));
      } catch (NumberFormatException ignored) {
        // Mastodon ignores a limit it cannot read.
      }
    }
    int max = limit;
    auth.member(ctx, "read:notifications")
        .compose(caller -> notifications.count(caller.member().id(), max))
        .onSuccess(count -> Responses.json(ctx, new JsonObject().put("count", count)))
        .onFailure(ctx::fail);
  }
}
