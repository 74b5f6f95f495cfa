package org.plutro.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.plutro.server.store.HealthStore;

/** Liveness (the process answers) and readiness (the database answers too). */
public final class HealthRoutes {
  private final HealthStore health;

  public HealthRoutes(HealthStore health) {
    this.health = health;
  }

  public void mount(Router router) {
    router.get("/livez").handler(ctx -> Responses.json(ctx, new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(ctx -> health.ping()
        .onSuccess(done -> Responses.json(ctx, new JsonObject().put("status", "ok")
            .put("database", "ok")))
        .onFailure(failure -> Responses.json(ctx, 503, new JsonObject()
            .put("status", "unavailable").put("database", "unreachable"))));
  }
}
