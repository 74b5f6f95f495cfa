package org.plutro.server.http.activitypub;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.federation.mapper.ActorDocument;
import org.plutro.server.federation.mapper.EmojiTags;
import org.plutro.server.store.CustomEmojiStore;
import org.plutro.server.http.ContentNegotiation;
import org.plutro.server.http.Responses;
import org.plutro.server.http.web.ProfilePages;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.AccountStore;
import org.plutro.server.uri.Uris;

/**
 * Actors at {@code /users/{name}} and {@code /actor} (the instance actor), and the visitor's
 * profile page at {@code /@name}: ActivityPub JSON for servers, HTML for browsers.
 */
public final class ActorRoutes {
  private final AccountStore accounts;
  private final Uris uris;
  private final SignedFetches signedFetches;
  private final ProfilePages profiles;
  private final RenderedActors rendered;
  private final CustomEmojiStore emojis;

  public ActorRoutes(AccountStore accounts, RenderedActors rendered, Uris uris,
      SignedFetches signedFetches, ProfilePages profiles, CustomEmojiStore emojis) {
    this.accounts = accounts;
    this.rendered = rendered;
    this.emojis = emojis;
    this.uris = uris;
    this.signedFetches = signedFetches;
    this.profiles = profiles;
  }

  public void mount(Router router) {
    router.get("/users/:username").handler(this::actor);
    router.get("/actor").handler(ctx -> serveJson(ctx, Uris.INSTANCE_ACTOR_USERNAME));
    router.getWithRegex("/@(?<username>[A-Za-z0-9_]+)").handler(this::profile);
  }

  private void actor(RoutingContext ctx) {
    String username = ctx.pathParam("username");
    if (ContentNegotiation.wantsHtml(ctx)) {
      member(username)
          .onSuccess(account -> ctx.response().setStatusCode(302)
              .putHeader("Location", account.url()).putHeader("Vary", "Accept").end())
          .onFailure(ctx::fail);
      return;
    }
    serveJson(ctx, username);
  }

  private void profile(RoutingContext ctx) {
    if (ContentNegotiation.wantsPage(ctx)) {
      profiles.show(ctx, false);
    } else {
      serveJson(ctx, ctx.pathParam("username"));
    }
  }

  /** The actor's document: one query, and written only when its rows changed since it last was. */
  private void serveJson(RoutingContext ctx, String username) {
    accounts.localActor(username)
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(actor -> {
          Account account = actor.account();
          if (account.deletedAt() != null) {
            // A closed account: gone for good, and servers should forget their copy.
            Responses.activity(ctx, 410,
                Activities.tombstone(account.uri(), account.actorType(), account.deletedAt()).toJson());
            return;
          }
          signedFetches.noteFetch(ctx, account);
          boolean minimal = Boolean.TRUE.equals(ctx.get(SecureMode.MINIMAL_ACTOR));
          // The emoji its profile names are read only when it names one.
          EmojiTags.ofProfile(emojis, account, uris)
              .onSuccess(tags -> Responses.activity(ctx, 200, rendered.document(actor, minimal,
                  () -> EmojiTags.with(ActorDocument.of(account, actor.publicKeys(), actor.identity(), uris),
                      tags).toJson())))
              .onFailure(ctx::fail);
        })
        .onFailure(ctx::fail);
  }

  /** In secure mode, an unsigned request gets only what verifying the actor's signatures needs. */
  static io.vertx.core.json.JsonObject minimal(io.vertx.core.json.JsonObject actor) {
    io.vertx.core.json.JsonObject kept = new io.vertx.core.json.JsonObject();
    for (String field : new String[] {"@context", "id", "type", "preferredUsername", "inbox",
        "outbox", "endpoints", "publicKey", "assertionMethod"}) {
      if (actor.containsKey(field)) {
        kept.put(field, actor.getValue(field));
      }
    }
    return kept;
  }

  /** A member (not the instance actor) whose account is open. */
  private Future<Account> member(String username) {
    return accounts.localByUsername(username).compose(found -> found
        .filter(account -> account.deletedAt() == null && "Person".equals(account.actorType()))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }
}
