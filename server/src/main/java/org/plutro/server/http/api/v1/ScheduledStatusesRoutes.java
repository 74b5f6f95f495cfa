package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.http.Auth;
import org.plutro.server.store.MediaStore;
import org.plutro.server.uri.Uris;
import org.plutro.server.http.Pagination;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.ScheduledStatusEntity;
import org.plutro.server.service.ScheduledStatuses;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.Page;
import org.plutro.server.store.ScheduledStatusStore.Scheduled;

/** Mastodon's scheduled statuses: list, show, move to another time, cancel. */
public final class ScheduledStatusesRoutes {
  private static final int MAX_LIMIT = 40;
  private final Auth auth;
  private final ScheduledStatuses scheduledStatuses;
  private final ScheduledStatusEntity entities;
  private final Uris uris;

  public ScheduledStatusesRoutes(Auth auth, ScheduledStatuses scheduledStatuses, MediaStore media, Uris uris) {
    this.auth = auth;
    this.scheduledStatuses = scheduledStatuses;
    this.entities = new ScheduledStatusEntity(media, uris);
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/api/v1/scheduled_statuses").handler(this::list);
    router.get("/api/v1/scheduled_statuses/:id").handler(this::show);
    router.put("/api/v1/scheduled_statuses/:id").handler(this::reschedule);
    router.delete("/api/v1/scheduled_statuses/:id").handler(this::cancel);
  }

  private void list(RoutingContext ctx) {
    Page page = Pagination.page(ctx, MAX_LIMIT);
    auth.member(ctx, "read:statuses")
        .compose(caller -> scheduledStatuses.page(caller.member(), page))
        .compose(found -> {
          List<Long> cursors = new ArrayList<>();
          found.forEach(scheduled -> cursors.add(scheduled.id()));
          Pagination.link(ctx, uris.base(), cursors);
          return entities(found);
        })
        .onSuccess(entities -> Responses.json(ctx, entities))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "read:statuses")
        .compose(caller -> scheduledStatuses.one(caller.member(), id))
        .compose(entities::of)
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void reschedule(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    String at = Params.of(ctx).string("scheduled_at");
    auth.member(ctx, "write:statuses")
        .compose(caller -> scheduledStatuses.reschedule(caller.member(), id,
            ScheduledStatuses.time(required(at))))
        .compose(entities::of)
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:statuses")
        .compose(caller -> scheduledStatuses.cancel(caller.member(), id))
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  private static String required(String at) {
    if (at == null || at.isBlank()) {
      throw new ValidationErrors().add("scheduled_at", "ERR_BLANK", "can't be blank").toException();
    }
    return at;
  }

  private Future<JsonArray> entities(List<Scheduled> found) {
    List<Future<JsonObject>> each = new ArrayList<>();
    found.forEach(scheduled -> each.add(entities.of(scheduled)));
    return Future.all(each).map(done -> {
      JsonArray array = new JsonArray();
      each.forEach(entity -> array.add(entity.result()));
      return array;
    });
  }
}
