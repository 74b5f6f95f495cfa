package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.plutro.server.http.Auth;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.RelationshipStore;
import org.plutro.server.federation.remote.DocumentFetcher;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.RelationshipEntity;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.PersonalSuggestions;
import org.plutro.server.service.PersonalSuggestions.Suggested;
import org.plutro.server.store.AccountDiscoveryStore;

/**
 * Finding people, as Mastodon's API offers it (policy 4: suggest connections): account search,
 * familiar followers, suggestions (only for a member who turned them on: accounts drawn from their
 * own likes, shares and followed hashtags, friends of friends, then active members here; only accounts
 * that are discoverable, never blocked or muted ones, and never again once dismissed), a
 * member's endorsed accounts, and the directory of discoverable accounts.
 */
public final class AccountDiscoveryRoutes {
  private final Auth auth;
  private final AccountDiscoveryStore discovery;
  private final AccountStore accounts;
  private final RelationshipStore relationships;
  private final DocumentFetcher fetcher;
  private final RemoteActors remoteActors;
  private final Presenter presenter;
  private final PersonalSuggestions suggestions;

  public AccountDiscoveryRoutes(Auth auth, AccountDiscoveryStore discovery, AccountStore accounts,
      RelationshipStore relationships, DocumentFetcher fetcher, RemoteActors remoteActors, Presenter presenter,
      PersonalSuggestions suggestions) {
    this.auth = auth;
    this.discovery = discovery;
    this.accounts = accounts;
    this.relationships = relationships;
    this.fetcher = fetcher;
    this.remoteActors = remoteActors;
    this.presenter = presenter;
    this.suggestions = suggestions;
  }

  public void mount(Router router) {
    router.get("/api/v1/accounts/search").handler(this::search);
    router.get("/api/v1/accounts/familiar_followers").handler(this::familiar);
    router.get("/api/v1/suggestions").handler(ctx -> suggestions(ctx, false));
    router.get("/api/v2/suggestions").handler(ctx -> suggestions(ctx, true));
    router.delete("/api/v1/suggestions/:id").handler(this::dismiss);
    router.post("/api/v1/accounts/:id/pin").handler(ctx -> endorse(ctx, true));
    router.post("/api/v1/accounts/:id/unpin").handler(ctx -> endorse(ctx, false));
    router.get("/api/v1/endorsements").handler(this::endorsements);
    router.get("/api/v1/directory").handler(this::directory);
  }

  private void search(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String q = params.string("q") == null ? "" : params.string("q").strip().replaceFirst("^@", "");
    int limit = bounded(params.string("limit"), 40, 80);
    int offset = bounded(params.string("offset"), 0, 10_000);
    boolean following = Boolean.TRUE.equals(params.bool("following"));
    auth.member(ctx, "read:accounts").compose(caller -> {
      if (q.isEmpty()) {
        return Future.succeededFuture(new JsonArray());
      }
      String lower = q.toLowerCase(Locale.ROOT);
      String username = lower.contains("@") ? lower.substring(0, lower.indexOf('@')) : lower;
      String escaped = username.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
      Future<Void> resolved = Boolean.TRUE.equals(params.bool("resolve")) && lower.contains("@")
          ? fetcher.webfinger(lower).compose(uri -> remoteActors.byUri(uri)).<Void>mapEmpty()
              .otherwise((Void) null)
          : Future.succeededFuture();
      return resolved.compose(done -> discovery.search(escaped + "%", "%" + lower.replace("%", "\\%") + "%",
              following, caller.member().id(), username, limit, offset))
          .compose(presenter::accounts);
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void familiar(RoutingContext ctx) {
    List<String> ids = Params.of(ctx).list("id");
    auth.member(ctx, "read:follows").compose(caller -> {
      List<Future<JsonObject>> entries = new ArrayList<>();
      for (String id : ids) {
        long other;
        try {
          other = Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
          continue;
        }
        entries.add(discovery.familiarFollowers(caller.member().id(), other)
            .compose(presenter::accounts)
            .map(accounts -> new JsonObject().put("id", Long.toString(other)).put("accounts", accounts)));
      }
      return Future.all(entries).map(done -> {
        JsonArray array = new JsonArray();
        entries.forEach(e -> array.add(e.result()));
        return array;
      });
    }).onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  /** Only for a member who turned suggestions on ({@link PersonalSuggestions}); none otherwise. */
  private void suggestions(RoutingContext ctx, boolean v2) {
    int limit = bounded(ctx.request().getParam("limit"), 40, 80);
    auth.member(ctx, "read").compose(caller -> suggestions.accounts(caller.member().id(), limit)
        .compose(suggested -> presenter.accounts(suggested.stream().map(Suggested::account).toList())
            .map(entities -> {
              if (!v2) {
                return entities;
              }
              JsonArray array = new JsonArray();
              for (int i = 0; i < entities.size(); i++) {
                Suggested one = suggested.get(i);
                array.add(new JsonObject()
                    .put("source", one.source())
                    .put("sources", new JsonArray(one.sources()))
                    // Ours: why, in plain words, as Explore shows it.
                    .put("reason", one.reason())
                    .put("account", entities.getJsonObject(i)));
              }
              return array;
            })))
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void dismiss(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "read").compose(caller -> accounts.byId(id).compose(found -> found.isEmpty()
            ? Future.failedFuture(ServiceException.notFound("Record not found"))
            : suggestions.dismiss(caller.member().id(), id)))
        .onSuccess(done -> Responses.json(ctx, new JsonObject()))
        .onFailure(ctx::fail);
  }

  /** Endorsing needs following, as in Mastodon (422 otherwise). */
  private void endorse(RoutingContext ctx, boolean pin) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "write:accounts").compose(caller -> accounts.publishedById(id).compose(found -> {
      if (found.isEmpty() || found.get().deletedAt() != null) {
        return Future.failedFuture(ServiceException.notFound("Record not found"));
      }
      long member = caller.member().id();
      Future<Void> change = !pin ? discovery.unpin(member, id)
          : discovery.isFollowing(member, id).compose(following -> !following
              ? Future.failedFuture(ServiceException.unprocessable("You must be following this account to endorse it"))
              : discovery.pin(member, id));
      return change.compose(done -> RelationshipEntity.of(relationships, member, id));
    })).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void endorsements(RoutingContext ctx) {
    auth.member(ctx, "read:accounts")
        .compose(caller -> discovery.endorsed(caller.member().id()))
        .compose(presenter::accounts)
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
  }

  private void directory(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String order = "new".equals(params.string("order")) ? "new" : "active";
    auth.optional(ctx, "read:accounts")
        .compose(caller -> discovery.directory(Boolean.TRUE.equals(params.bool("local")), order,
            bounded(params.string("limit"), 40, 80), bounded(params.string("offset"), 0, 10_000)))
        .compose(presenter::accounts)
        .onSuccess(array -> Responses.json(ctx, array)).onFailure(ctx::fail);
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
