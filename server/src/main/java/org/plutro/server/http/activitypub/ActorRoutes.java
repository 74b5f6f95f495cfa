package org.plutro.server.http.activitypub;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.federation.vocab.Actor;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.federation.mapper.ActorDocument;
import org.plutro.server.http.ContentNegotiation;
import org.plutro.server.http.Responses;
import org.plutro.server.http.web.Layout;
import org.plutro.server.http.web.VisitorPages;
import org.plutro.server.http.web.VisitorRoutes;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.MoveStore;
import org.plutro.server.uri.Uris;

/**
 * Actors at {@code /users/{name}} and {@code /actor} (the instance actor), and the visitor's
 * profile page at {@code /@name}: ActivityPub JSON for servers, HTML for browsers.
 */
public final class ActorRoutes {
  private final AccountStore accounts;
  private final MoveStore moves;
  private final Uris uris;
  private final SignedFetches signedFetches;
  private final VisitorPages visitors;

  public ActorRoutes(AccountStore accounts, MoveStore moves, Uris uris, SignedFetches signedFetches,
      VisitorPages visitors) {
    this.accounts = accounts;
    this.moves = moves;
    this.uris = uris;
    this.signedFetches = signedFetches;
    this.visitors = visitors;
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
    String username = ctx.pathParam("username");
    if (!ContentNegotiation.wantsHtml(ctx) && ctx.request().getHeader("Accept") != null
        && !ctx.request().getHeader("Accept").contains("*/*")) {
      serveJson(ctx, username);
      return;
    }
    member(username)
        .compose(account -> visitors.profile(account, false, VisitorRoutes.maxId(ctx)))
        .onSuccess(html -> Layout.send(ctx, html))
        .onFailure(ctx::fail);
  }

  private void serveJson(RoutingContext ctx, String username) {
    accounts.localByUsername(username)
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .compose(account -> {
          if (account.deletedAt() != null) {
            // A closed account: gone for good, and servers should forget their copy.
            return Future.succeededFuture(new Answer(410,
                Activities.tombstone(account.uri(), account.actorType(), account.deletedAt()).toJson()));
          }
          signedFetches.noteFetch(ctx, account);
          boolean minimal = Boolean.TRUE.equals(ctx.get(SecureMode.MINIMAL_ACTOR));
          return ActorDocument.load(accounts, moves, account, uris).map(Actor::toJson)
              .map(actor -> new Answer(200, minimal ? minimal(actor) : actor));
        })
        .onSuccess(answer -> Responses.activity(ctx, answer.status(), answer.body()))
        .onFailure(ctx::fail);
  }

  private record Answer(int status, io.vertx.core.json.JsonObject body) {}

  /** In secure mode, an unsigned request gets only what verifying the actor's signatures needs. */
  private static io.vertx.core.json.JsonObject minimal(io.vertx.core.json.JsonObject actor) {
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
