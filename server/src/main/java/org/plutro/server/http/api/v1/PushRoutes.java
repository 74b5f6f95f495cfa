package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.plutro.federation.push.WebPushCrypto;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.PushService;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.ValidationErrors;
import org.plutro.server.store.PushSubscriptionStore;
import org.plutro.server.store.PushSubscriptionStore.Subscription;

/**
 * Mastodon's Web Push subscription ({@code /api/v1/push/subscription}, scope {@code push}): one per
 * access token. POST subscribes (replacing the token's previous one), GET shows it, PUT changes
 * its alerts and policy, DELETE ends it. Keys are checked (a P-256 point, a 16-byte secret) and the
 * endpoint must be a URL federation may reach.
 */
public final class PushRoutes {
  static final List<String> ALERTS = List.of("mention", "status", "reblog", "follow", "follow_request",
      "favourite", "poll", "update", "admin.sign_up", "admin.report");
  static final Set<String> POLICIES = Set.of("all", "followed", "follower", "none");

  private final Auth auth;
  private final PushSubscriptionStore subscriptions;
  private final PushService pushService;

  public PushRoutes(Auth auth, PushSubscriptionStore subscriptions, PushService pushService) {
    this.auth = auth;
    this.subscriptions = subscriptions;
    this.pushService = pushService;
  }

  public void mount(Router router) {
    router.post("/api/v1/push/subscription").handler(this::subscribe);
    router.get("/api/v1/push/subscription").handler(this::show);
    router.put("/api/v1/push/subscription").handler(this::change);
    router.delete("/api/v1/push/subscription").handler(this::end);
  }

  private void subscribe(RoutingContext ctx) {
    Params params = Params.of(ctx);
    auth.member(ctx, "push").compose(caller -> {
      String endpoint = params.path("subscription", "endpoint");
      String p256dh = params.path("subscription", "keys", "p256dh");
      String auth = params.path("subscription", "keys", "auth");
      ValidationErrors errors = new ValidationErrors();
      if (endpoint == null || endpoint.isBlank()) {
        errors.add("endpoint", "ERR_BLANK", "can't be blank");
      }
      checkKeys(p256dh, auth, errors);
      String policy = policy(params, "all", errors);
      List<String> alerts = alerts(params, List.of());
      if (!errors.isEmpty()) {
        return Future.failedFuture(errors.toException());
      }
      URI uri;
      try {
        uri = URI.create(endpoint.strip());
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new ValidationErrors().add("endpoint", "ERR_INVALID", "is not a URL").toException());
      }
      String standard = params.path("subscription", "standard");
      return pushService.reachable(uri)
          .recover(refused -> Future.failedFuture(new ValidationErrors()
              .add("endpoint", "ERR_INVALID", "cannot be reached: " + refused.getMessage()).toException()))
          .compose(reachable -> subscriptions.subscribe(new PushSubscriptionStore.NewSubscription(
              caller.token().id(), caller.member().id(), Auth.bearer(ctx), uri.toString(), p256dh.strip(),
              auth.strip(), standard != null && Params.truthy(standard), alerts, policy)))
          .compose(this::entity);
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    auth.member(ctx, "push").compose(caller -> current(caller).compose(this::entity))
        .onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void change(RoutingContext ctx) {
    Params params = Params.of(ctx);
    auth.member(ctx, "push").compose(caller -> current(caller).compose(subscription -> {
      ValidationErrors errors = new ValidationErrors();
      String policy = policy(params, subscription.policy(), errors);
      if (!errors.isEmpty()) {
        return Future.failedFuture(errors.toException());
      }
      List<String> alerts = alerts(params, subscription.alerts());
      return subscriptions.change(caller.token().id(), alerts, policy).compose(this::entity);
    })).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void end(RoutingContext ctx) {
    auth.member(ctx, "push")
        .compose(caller -> subscriptions.end(caller.token().id()))
        .onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private Future<Subscription> current(Caller caller) {
    return subscriptions.byToken(caller.token().id()).compose(found -> found.isEmpty()
        ? Future.failedFuture(ServiceException.notFound("Record not found"))
        : Future.succeededFuture(found.get()));
  }

  private static void checkKeys(String p256dh, String auth, ValidationErrors errors) {
    try {
      WebPushCrypto.publicKey(PushService.decode(p256dh));
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
      errors.add("p256dh", "ERR_INVALID", "is not a P-256 public key");
    }
    try {
      if (PushService.decode(auth).length != 16) {
        errors.add("auth", "ERR_INVALID", "is not a 16-byte secret");
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      errors.add("auth", "ERR_INVALID", "is not a 16-byte secret");
    }
  }

  /** {@code data[policy]}, or {@code policy} as some libraries send it. */
  private static String policy(Params params, String current, ValidationErrors errors) {
    String policy = params.path("data", "policy");
    if (policy == null) {
      policy = params.string("policy");
    }
    if (policy == null) {
      return current;
    }
    policy = policy.strip().toLowerCase(Locale.ROOT);
    if (!POLICIES.contains(policy)) {
      errors.add("policy", "ERR_INCLUSION", "is not included in the list");
    }
    return policy;
  }

  /** The alerts sent in {@code data[alerts][type]}; types not sent keep their current setting. */
  private static List<String> alerts(Params params, List<String> current) {
    List<String> alerts = new ArrayList<>();
    for (String type : ALERTS) {
      Boolean wanted = params.path("data", "alerts", type) == null ? null
          : Params.truthy(params.path("data", "alerts", type));
      if (wanted == null ? current.contains(type) : wanted) {
        alerts.add(type);
      }
    }
    return alerts;
  }

  private Future<JsonObject> entity(Subscription subscription) {
    List<String> alerts = subscription.alerts();
    JsonObject flags = new JsonObject();
    for (String type : ALERTS) {
      flags.put(type, alerts.contains(type));
    }
    return pushService.vapid().map(vapid -> new JsonObject()
        .put("id", Long.toString(subscription.id()))
        .put("endpoint", subscription.endpoint())
        .put("standard", subscription.standard())
        .put("alerts", flags)
        .put("policy", subscription.policy())
        .put("server_key", vapid.publicKey()));
  }
}
