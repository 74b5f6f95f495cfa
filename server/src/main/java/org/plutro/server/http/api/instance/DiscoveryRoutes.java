package org.plutro.server.http.api.instance;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.BiFunction;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.EmojiEntities;
import org.plutro.server.http.api.TrendEntities;
import org.plutro.server.service.Trends;

/**
 * Endpoints apps call on launch: the instance's custom emoji (those the picker shows, open to
 * anyone as in Mastodon), and trends (open to anyone too): the hashtags, posts and links rising
 * here that a moderator approved, strongest first, with Mastodon's {@code limit} and {@code offset}.
 */
public final class DiscoveryRoutes {
  private final Auth auth;
  private final EmojiEntities emojis;
  private final Trends trends;
  private final TrendEntities entities;

  public DiscoveryRoutes(Auth auth, EmojiEntities emojis, Trends trends, TrendEntities entities) {
    this.auth = auth;
    this.emojis = emojis;
    this.trends = trends;
    this.entities = entities;
  }

  public void mount(Router router) {
    router.get("/api/v1/custom_emojis").handler(ctx -> emojis.picker()
        .onSuccess(list -> Responses.json(ctx, list))
        .onFailure(ctx::fail));
    router.get("/api/v1/trends").handler(ctx -> answer(ctx, 10, 20, this::tags));
    router.get("/api/v1/trends/tags").handler(ctx -> answer(ctx, 10, 20, this::tags));
    router.get("/api/v1/trends/statuses").handler(ctx -> answer(ctx, 20, 40,
        (caller, page) -> {
          Long viewer = caller.flatMap(Caller::account).map(account -> account.id()).orElse(null);
          return trends.statuses(viewer, page[0], page[1]).compose(found -> entities.statuses(found, viewer));
        }));
    router.get("/api/v1/trends/links").handler(ctx -> answer(ctx, 10, 20,
        (caller, page) -> trends.links(page[0], page[1]).compose(entities::links)));
  }

  private Future<JsonArray> tags(Optional<Caller> caller, int[] page) {
    return trends.tags(page[0], page[1]).compose(found -> entities.tags(found,
        caller.flatMap(Caller::account).map(account -> account.id())));
  }

  // A presented token must still be valid, as everywhere.
  private void answer(RoutingContext ctx, int fallback, int max,
      BiFunction<Optional<Caller>, int[], Future<JsonArray>> list) {
    int[] page = {bounded(ctx.request().getParam("limit"), fallback, max),
        bounded(ctx.request().getParam("offset"), 0, 10_000)};
    auth.optional(ctx).compose(caller -> list.apply(caller, page))
        .onSuccess(array -> Responses.json(ctx, array))
        .onFailure(ctx::fail);
  }

  private static int bounded(String value, int fallback, int max) {
    if (value == null) {
      return fallback;
    }
    try {
      return Math.max(0, Math.min(max, Integer.parseInt(value.strip())));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
