package org.plutro.server.http.api.instance;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.EmojiEntities;

/**
 * Endpoints apps call on launch: the instance's custom emoji (those the picker shows, open to
 * anyone as in Mastodon), and trends, answered with valid empty lists (nothing computes them).
 */
public final class DiscoveryRoutes {
  private final Auth auth;
  private final EmojiEntities emojis;

  public DiscoveryRoutes(Auth auth, EmojiEntities emojis) {
    this.auth = auth;
    this.emojis = emojis;
  }

  public void mount(Router router) {
    router.get("/api/v1/custom_emojis").handler(ctx -> emojis.picker()
        .onSuccess(list -> Responses.json(ctx, list))
        .onFailure(ctx::fail));
    for (String path : new String[] {"/api/v1/trends", "/api/v1/trends/tags",
        "/api/v1/trends/statuses", "/api/v1/trends/links"}) {
      // A presented token must still be valid, as everywhere.
      router.get(path).handler(ctx -> auth.optional(ctx)
          .onSuccess(caller -> Responses.json(ctx, new JsonArray()))
          .onFailure(ctx::fail));
    }
  }
}
