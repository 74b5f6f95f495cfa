package org.plutro.server.http.api.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.TrendEntities;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.Trends;
import org.plutro.server.service.Trends.Rising;
import org.plutro.server.store.TrendStore.Kind;
import org.plutro.server.store.UserStore;

/**
 * Trends as Mastodon's admin API offers them ({@code /api/v1/admin/trends/tags}, {@code statuses},
 * {@code links}): what rises now, reviewed or not, each with {@code trendable} (approved) and
 * {@code requires_review} (not reviewed yet); {@code POST .../:id/approve} and {@code reject}
 * answer the item. The same {@link Trends} review as the web page.
 */
public final class AdminTrendsRoutes {
  private static final int LIMIT = 40;

  private final Auth auth;
  private final UserStore users;
  private final Trends trends;
  private final TrendEntities entities;

  public AdminTrendsRoutes(Auth auth, UserStore users, Trends trends, TrendEntities entities) {
    this.auth = auth;
    this.users = users;
    this.trends = trends;
    this.entities = entities;
  }

  public void mount(Router router) {
    String base = "/api/v1/admin/trends/";
    router.get(base + "tags").handler(ctx -> read(ctx, () -> trends.risingTags(LIMIT)
        .compose(found -> marked(found, entities.tags(items(found), Optional.empty())))));
    router.get(base + "statuses").handler(ctx -> read(ctx, () -> trends.risingStatuses(LIMIT)
        .compose(found -> marked(found, entities.statuses(items(found), null)))));
    router.get(base + "links").handler(ctx -> read(ctx, () -> trends.risingLinks(LIMIT)
        .compose(found -> marked(found, entities.links(items(found))))));
    for (Kind kind : Kind.values()) {
      String path = base + switch (kind) {
        case TAG -> "tags";
        case STATUS -> "statuses";
        case LINK -> "links";
      } + "/:id/";
      router.post(path + "approve").handler(ctx -> review(ctx, kind, true));
      router.post(path + "reject").handler(ctx -> review(ctx, kind, false));
    }
  }

  private void read(RoutingContext ctx, java.util.function.Supplier<Future<JsonArray>> list) {
    AdminReportsRoutes.admin(auth, users, ctx, "admin:read")
        .compose(admin -> list.get())
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void review(RoutingContext ctx, Kind kind, boolean approve) {
    long id = Params.parseId(ctx.pathParam("id"));
    AdminReportsRoutes.admin(auth, users, ctx, "admin:write")
        .compose(admin -> trends.review(kind, id, approve, AuditLog.By.member(admin)))
        .compose(done -> answer(kind, id))
        .onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  // The reviewed item as the list shows it (it may have stopped rising meanwhile: then bare).
  private Future<JsonObject> answer(Kind kind, long id) {
    Future<JsonArray> found = switch (kind) {
      case TAG -> trends.risingTags(LIMIT).compose(all -> marked(only(all, id), entities.tags(items(only(all, id)), Optional.empty())));
      case STATUS -> trends.risingStatuses(LIMIT).compose(all -> marked(only(all, id), entities.statuses(items(only(all, id)), null)));
      case LINK -> trends.risingLinks(LIMIT).compose(all -> marked(only(all, id), entities.links(items(only(all, id)))));
    };
    return found.map(array -> array.isEmpty() ? new JsonObject().put("id", Long.toString(id))
        : array.getJsonObject(0));
  }

  private static <T> List<Rising<T>> only(List<Rising<T>> all, long id) {
    return all.stream().filter(rising -> rising.trend().itemId() == id).toList();
  }

  private static <T> List<T> items(List<Rising<T>> found) {
    return found.stream().map(Rising::item).toList();
  }

  private static <T> Future<JsonArray> marked(List<Rising<T>> found, Future<JsonArray> rendered) {
    return rendered.map(array -> {
      for (int i = 0; i < array.size() && i < found.size(); i++) {
        Rising<T> rising = found.get(i);
        array.getJsonObject(i).put("id", Long.toString(rising.trend().itemId()))
            .put("trendable", rising.approved())
            .put("requires_review", !rising.approved() && !rising.rejected());
      }
      return array;
    });
  }
}
