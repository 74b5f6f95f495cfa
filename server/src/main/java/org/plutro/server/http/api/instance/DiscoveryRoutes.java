package org.plutro.server.http.api.instance;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Responses;

/**
 * Endpoints apps call on launch that Plutro has nothing for yet, answered with valid empty lists:
 * custom emoji (members cannot upload any) and trends (nothing computes them).
 */
public final class DiscoveryRoutes {
  private final Auth auth;

  public DiscoveryRoutes(Auth auth) {
    this.auth = auth;
  }

  public void mount(Router router) {
    router.get("/api/v1/custom_emojis").handler(ctx -> Responses.json(ctx, new JsonArray()));
    for (String path : new String[] {"/api/v1/trends", "/api/v1/trends/tags",
        "/api/v1/trends/statuses", "/api/v1/trends/links"}) {
      // A presented token must still be valid, as everywhere.
      router.get(path).handler(ctx -> auth.optional(ctx)
          .onSuccess(caller -> Responses.json(ctx, new JsonArray()))
          .onFailure(ctx::fail));
    }
  }
}
