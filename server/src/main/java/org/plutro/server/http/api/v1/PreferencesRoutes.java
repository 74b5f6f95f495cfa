package org.plutro.server.http.api.v1;

import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.AppContext;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.MemberDataStore.Marker;

/** {@code /api/v1/preferences} and {@code /api/v1/markers}: what apps restore on launch. */
public final class PreferencesRoutes {
  private static final List<String> TIMELINES = List.of("home", "notifications");

  private final AppContext app;

  public PreferencesRoutes(AppContext app) {
    this.app = app;
  }

  public void mount(Router router) {
    router.get("/api/v1/preferences").handler(this::preferences);
    router.get("/api/v1/markers").handler(this::markers);
    router.post("/api/v1/markers").handler(this::saveMarkers);
  }

  private void preferences(RoutingContext ctx) {
    app.auth().member(ctx, "read:accounts")
        .compose(caller -> app.users().byAccountId(caller.member().id()))
        .onSuccess(found -> {
          var user = found.orElseThrow();
          Responses.json(ctx, new JsonObject()
              .put("posting:default:visibility", user.defaultPrivacy())
              .put("posting:default:sensitive", user.defaultSensitive())
              .put("posting:default:language", user.defaultLanguage())
              .put("reading:expand:media", "default")
              .put("reading:expand:spoilers", false));
        }).onFailure(ctx::fail);
  }

  /** Only the timelines asked for ({@code timeline[]}); none asked, an empty object. */
  private void markers(RoutingContext ctx) {
    List<String> asked = new ArrayList<>(Params.of(ctx).list("timeline"));
    asked.retainAll(TIMELINES);
    app.auth().member(ctx, "read:statuses")
        .compose(caller -> app.memberData().markers(caller.member().id(), asked))
        .onSuccess(markers -> Responses.json(ctx, entity(markers))).onFailure(ctx::fail);
  }

  /** {@code home[last_read_id]} and {@code notifications[last_read_id]}, or the same in JSON. */
  private void saveMarkers(RoutingContext ctx) {
    Params params = Params.of(ctx);
    Map<String, Long> positions = new LinkedHashMap<>();
    ValidationErrors errors = new ValidationErrors();
    for (String timeline : TIMELINES) {
      String value = lastReadId(ctx, params, timeline);
      if (value == null) {
        continue;
      }
      try {
        positions.put(timeline, Long.parseLong(value.trim()));
      } catch (NumberFormatException e) {
        errors.add("last_read_id", "ERR_INVALID", "is invalid");
      }
    }
    app.auth().member(ctx, "write:statuses").compose(caller -> {
      errors.throwIfAny();
      return positions.isEmpty() ? Future.succeededFuture(Map.<String, Marker>of())
          : app.memberData().save(caller.member().id(), positions);
    }).onSuccess(saved -> Responses.json(ctx, entity(saved))).onFailure(ctx::fail);
  }

  private static String lastReadId(RoutingContext ctx, Params params, String timeline) {
    String form = params.string(timeline + "[last_read_id]");
    if (form != null) {
      return form;
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.startsWith("application/json") && ctx.body().length() > 0) {
      Object nested = ctx.body().asJsonObject().getValue(timeline);
      Object value = nested instanceof JsonObject object ? object.getValue("last_read_id") : null;
      return value == null ? null : String.valueOf(value);
    }
    return null;
  }

  private static JsonObject entity(Map<String, Marker> markers) {
    JsonObject body = new JsonObject();
    markers.forEach((timeline, marker) -> body.put(timeline, new JsonObject()
        .put("last_read_id", Long.toString(marker.lastReadId()))
        .put("version", marker.version())
        .put("updated_at", Timestamps.iso(marker.updatedAt()))));
    return body;
  }
}
