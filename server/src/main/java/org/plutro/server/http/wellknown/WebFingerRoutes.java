package org.plutro.server.http.wellknown;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Responses;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.AccountStore;
import org.plutro.server.uri.Uris;

/**
 * WebFinger (RFC 7033): {@code acct:user@host[:port]} or an actor/profile URL → a JRD whose
 * {@code self} link is the ActivityPub actor. The instance's own URL names the instance actor
 * (FEP-2677).
 */
public final class WebFingerRoutes {
  private static final String JRD = "application/jrd+json; charset=utf-8";
  private final AccountStore accounts;
  private final Uris uris;

  public WebFingerRoutes(AccountStore accounts, Uris uris) {
    this.accounts = accounts;
    this.uris = uris;
  }

  public void mount(Router router) {
    router.get("/.well-known/webfinger").handler(this::webfinger);
  }

  private void webfinger(RoutingContext ctx) {
    ctx.response().putHeader("Access-Control-Allow-Origin", "*");
    String resource = ctx.request().getParam("resource");
    if (resource == null || resource.isBlank()) {
      Responses.error(ctx, 400, "The resource parameter is required");
      return;
    }
    resource = resource.trim();
    Optional<String> username;
    if (resource.equals(uris.base()) || resource.equals(uris.base() + "/")
        || resource.equals(uris.instanceActor())) {
      username = Optional.of(Uris.INSTANCE_ACTOR_USERNAME);
    } else if (resource.regionMatches(true, 0, "acct:", 0, 5) || !resource.contains("://")) {
      String acct = resource.regionMatches(true, 0, "acct:", 0, 5) ? resource.substring(5) : resource;
      if (acct.startsWith("@")) {
        acct = acct.substring(1);
      }
      int at = acct.lastIndexOf('@');
      if (at <= 0 || at == acct.length() - 1) {
        Responses.error(ctx, 400, "The resource is not a valid acct: URI");
        return;
      }
      if (!acct.substring(at + 1).toLowerCase(Locale.ROOT).equals(uris.authority())) {
        Responses.error(ctx, 400, "The resource is not on this server");
        return;
      }
      username = Optional.of(acct.substring(0, at));
    } else if (uris.isLocal(resource)) {
      username = uris.usernameOf(resource);
    } else {
      Responses.error(ctx, 400, "The resource is not on this server");
      return;
    }
    if (username.isEmpty()) {
      Responses.error(ctx, 404, "Record not found");
      return;
    }
    lookup(username.get())
        .onSuccess(account -> ctx.response().setStatusCode(200).putHeader("Content-Type", JRD)
            .end(jrd(account).encode()))
        .onFailure(ctx::fail);
  }

  private Future<Account> lookup(String username) {
    return accounts.localByUsername(username).compose(found -> {
      if (found.isPresent() && found.get().deletedAt() != null) {
        return Future.failedFuture(new ServiceException(410, "This account is closed"));
      }
      return found.map(Future::succeededFuture)
          .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found")));
    });
  }

  private JsonObject jrd(Account account) {
    JsonArray links = new JsonArray()
        .add(new JsonObject().put("rel", "http://webfinger.net/rel/profile-page")
            .put("type", "text/html").put("href", account.url()))
        .add(new JsonObject().put("rel", "self").put("type", "application/activity+json")
            .put("href", account.uri()));
    if ("Application".equals(account.actorType())) {
      links.add(new JsonObject().put("rel", "https://www.w3.org/ns/activitystreams#Application")
          .put("type", "application/activity+json").put("href", account.uri()));
    } else {
      links.add(new JsonObject().put("rel", "http://ostatus.org/schema/1.0/subscribe")
          .put("template", uris.base() + "/authorize_interaction?uri={uri}"));
    }
    return new JsonObject()
        .put("subject", "acct:" + uris.acct(account.username()))
        .put("aliases", new JsonArray().add(account.url()).add(account.uri()))
        .put("links", links);
  }
}
