package org.plutro.server.http.api.v1;

import org.plutro.server.http.Auth;
import org.plutro.server.store.MemberDataStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.MemberDataStore.Marker;

/** {@code /api/v1/preferences} and {@code /api/v1/markers}: what apps restore on launch. */
public final class PreferencesRoutes {
  private static final List<String> TIMELINES = List.of("home", "notifications");

  private final Auth auth;
  private final UserStore users;
  private final MemberDataStore memberData;

  public PreferencesRoutes(Auth auth, UserStore users, MemberDataStore memberData) {
    this.auth = auth;
    this.users = users;
    this.memberData = memberData;
  }

  public void mount(Router router) {
    router.get("/api/v1/preferences").handler(this::preferences);
    router.get("/api/v1/markers").handler(this::markers);
    router.post("/api/v1/markers").handler(this::saveMarkers);
  }

  private void preferences(RoutingContext ctx) {
    auth.member(ctx, "read:accounts")
        .compose(caller -> users.byAccountId(caller.member().id()))
        .onSuccess(found -> {
          var user = found.orElseThrow();
          Responses.json(ctx, new JsonObject()
              .put("posting:default:visibility", user.defaultPrivacy())
              .put("posting:default:sensitive", user.defaultSensitive())
              .put("posting:default:language", user.defaultLanguage())
              .put("posting:default:quote_policy", user.defaultQuotePolicy())
              .put("reading:expand:media", "default")
              .put("reading:expand:spoilers", false));
        }).onFailure(ctx::fail);
  }

  /** Only the timelines asked for ({@code timeline[]}); none asked, an empty object. */
  private void markers(RoutingContext ctx) {
    List<String> asked = new ArrayList<>(Params.of(ctx).list("timeline"));
    asked.retainAll(TIMELINES);
    auth.member(ctx, "read:statuses")
        .compose(caller -> memberData.markers(caller.member().id(), asked))
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
    auth.member(ctx, "write:statuses").compose(caller -> {
      errors.throwIfAny();
      return positions.isEmpty() ? Future.succeededFuture(Map.<String, Marker>of())
          : memberData.save(caller.member().id(), positions);
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
