package org.plutro.server.http.api.v1;

import org.plutro.server.http.Auth;
import org.plutro.server.store.AnnouncementStore;
import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.plutro.server.http.Responses;
import org.plutro.server.service.Emoji;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.AnnouncementStore.Announcement;

import static org.plutro.server.http.Params.parseId;

/**
 * Service messages from the instance's admins (policy 4.2: members cannot opt out of them, only
 * mark them read), with Unicode emoji reactions.
 */
public final class AnnouncementsRoutes {
  private final Auth auth;
  private final AnnouncementStore announcements;

  public AnnouncementsRoutes(Auth auth, AnnouncementStore announcements) {
    this.auth = auth;
    this.announcements = announcements;
  }

  public void mount(Router router) {
    router.get("/api/v1/announcements").handler(this::index);
    router.post("/api/v1/announcements/:id/dismiss").handler(this::dismiss);
    router.put("/api/v1/announcements/:id/reactions/:name").handler(ctx -> react(ctx, true));
    router.delete("/api/v1/announcements/:id/reactions/:name").handler(ctx -> react(ctx, false));
  }

  private void index(RoutingContext ctx) {
    auth.member(ctx, "read")
        .compose(caller -> announcements.published(caller.member().id()))
        .onSuccess(list -> {
          JsonArray array = new JsonArray();
          list.forEach(a -> array.add(entity(a)));
          Responses.json(ctx, array);
        }).onFailure(ctx::fail);
  }

  private void dismiss(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:accounts")
        .compose(caller -> existing(id).compose(done -> announcements.dismiss(id, caller.member().id())))
        .onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private void react(RoutingContext ctx, boolean add) {
    long id = parseId(ctx.pathParam("id"));
    String name = URLDecoder.decode(ctx.pathParam("name"), StandardCharsets.UTF_8);
    auth.member(ctx, "write:favourites").compose(caller -> existing(id).compose(done -> {
      if (!Emoji.isEmoji(name)) {
        return Future.failedFuture(new ValidationErrors()
            .add("name", "ERR_INVALID", "is not a recognized emoji").toException());
      }
      return add ? announcements.react(id, caller.member().id(), name)
          : announcements.unreact(id, caller.member().id(), name);
    })).onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private Future<Void> existing(long id) {
    return announcements.exists(id).compose(found -> found ? Future.succeededFuture()
        : Future.failedFuture(ServiceException.notFound("Record not found")));
  }

  static JsonObject entity(Announcement a) {
    return new JsonObject()
        .put("id", Long.toString(a.id()))
        .put("content", a.text())
        .put("starts_at", a.startsAt() == null ? null : Timestamps.iso(a.startsAt()))
        .put("ends_at", a.endsAt() == null ? null : Timestamps.iso(a.endsAt()))
        .put("all_day", a.allDay())
        .put("published_at", Timestamps.iso(a.publishedAt()))
        .put("updated_at", Timestamps.iso(a.updatedAt()))
        .put("read", a.read())
        .put("mentions", new JsonArray())
        .put("statuses", new JsonArray())
        .put("tags", new JsonArray())
        .put("emojis", new JsonArray())
        .put("reactions", a.reactions());
  }
}
