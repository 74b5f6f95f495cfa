package org.plutro.server.http.api.instance;

import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.plutro.server.config.Settings;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.service.InstanceRules;
import org.plutro.server.service.ModeratedServers;
import org.plutro.server.service.PushService;
import org.plutro.server.store.CountStore;
import org.plutro.server.store.InstanceStore;
import org.plutro.server.store.InstanceStore.Week;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/**
 * The instance as apps read it on launch: {@code /api/v2/instance}, {@code /api/v1/instance}, and
 * {@code /api/v1/instance/peers|activity|rules|domain_blocks|extended_description}. Public.
 */
public final class InstanceRoutes {
  private final Settings settings;
  private final Uris uris;
  private final InstanceStore instance;
  private final UserStore users;
  private final OAuthStore oauth;
  private final CountStore counts;
  private final PushService push;
  private final Presenter presenter;
  private final InstanceRules rules;
  private final ModeratedServers moderatedServers;
  private final Buffer thumbnail;

  public InstanceRoutes(Settings settings, Uris uris, InstanceStore instance, UserStore users,
      OAuthStore oauth, CountStore counts, PushService push, Presenter presenter, InstanceRules rules,
      ModeratedServers moderatedServers) {
    this.settings = settings;
    this.uris = uris;
    this.instance = instance;
    this.users = users;
    this.oauth = oauth;
    this.counts = counts;
    this.push = push;
    this.presenter = presenter;
    this.rules = rules;
    this.moderatedServers = moderatedServers;
    try (InputStream in = InstanceRoutes.class.getResourceAsStream("/static/missing.png")) {
      thumbnail = Buffer.buffer(in.readAllBytes());
    } catch (IOException | NullPointerException e) {
      throw new UncheckedIOException(new IOException("static/missing.png is missing from the jar"));
    }
  }

  public void mount(Router router) {
    router.get("/api/v2/instance").handler(ctx -> instance(ctx, InstanceEntity::v2));
    router.get("/api/v1/instance").handler(ctx -> instance(ctx, InstanceEntity::v1));
    router.get("/api/v1/instance/peers").handler(this::peers);
    router.get("/api/v1/instance/activity").handler(this::activity);
    router.get("/api/v1/instance/rules").handler(ctx -> rules.rules()
        .onSuccess(list -> Responses.json(ctx, InstanceEntity.rules(list))).onFailure(ctx::fail));
    // The servers moderated here, as the about page lists them.
    router.get("/api/v1/instance/domain_blocks").handler(ctx -> moderatedServers.list()
        .onSuccess(list -> Responses.json(ctx, InstanceEntity.domainBlocks(list))).onFailure(ctx::fail));
    router.get("/api/v1/instance/extended_description").handler(this::extendedDescription);
    router.get("/api/v1/instance/translation_languages")
        .handler(ctx -> Responses.json(ctx, new JsonObject()));
    router.get("/instance/thumbnail.png").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "image/png")
        .putHeader("Cache-Control", "public, max-age=86400")
        .end(thumbnail));
  }

  private void instance(RoutingContext ctx, Function<InstanceEntity.Facts, JsonObject> shape) {
    Future<JsonObject> contact = instance.contactAccount().compose(found -> found
        .map(presenter::account).orElseGet(() -> Future.succeededFuture(null)));
    Future.all(java.util.List.of(users.countActive(), oauth.activeMembers(28),
            counts.localPosts(), instance.domainCount(), contact, rules.rules(), push.vapid()))
        .map(all -> shape.apply(new InstanceEntity.Facts(settings, uris.base(),
            uris.authority(), all.<Long>resultAt(0), all.<Long>resultAt(1),
            all.<Long>resultAt(2), all.<Long>resultAt(3), all.resultAt(4), all.resultAt(5),
            all.<org.plutro.federation.push.Vapid>resultAt(6).publicKey())))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private void peers(RoutingContext ctx) {
    // As Mastodon: a server in limited federation mode does not list its peers.
    if (settings.limitedFederation()) {
      Responses.error(ctx, 404, "Record not found");
      return;
    }
    instance.peers()
        .onSuccess(domains -> Responses.json(ctx, new JsonArray(domains)))
        .onFailure(ctx::fail);
  }

  /** Counts are strings, as Mastodon sends them. */
  private void activity(RoutingContext ctx) {
    instance.activity().onSuccess(weeks -> {
      JsonArray array = new JsonArray();
      for (Week week : weeks) {
        array.add(new JsonObject()
            .put("week", Long.toString(week.week()))
            .put("statuses", Long.toString(week.statuses()))
            .put("logins", Long.toString(week.logins()))
            .put("registrations", Long.toString(week.registrations())));
      }
      Responses.json(ctx, array);
    }).onFailure(ctx::fail);
  }

  private void extendedDescription(RoutingContext ctx) {
    String description = settings.instanceDescription();
    Responses.json(ctx, new JsonObject()
        .put("updated_at", Timestamps.iso(java.time.OffsetDateTime.now()))
        .put("content", description.isEmpty() ? ""
            : "<p>" + org.plutro.server.text.Html.escape(description) + "</p>"));
  }
}
