package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.AppContext;
import org.plutro.server.config.Settings.Registrations;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.http.api.AccountEntity;
import org.plutro.server.http.oauth.OAuthRoutes;
import org.plutro.server.service.RegisterMember;
import org.plutro.server.service.Secrets;
import org.plutro.server.service.ServiceException;

/** Registration, the member's own account, and account lookups. */
public final class AccountsRoutes {
  private final AppContext app;

  public AccountsRoutes(AppContext app) {
    this.app = app;
  }

  public void mount(Router router) {
    router.post("/api/v1/accounts").handler(this::register);
    router.get("/api/v1/accounts/verify_credentials").handler(this::verifyCredentials);
    router.get("/api/v1/accounts/lookup").handler(this::lookup);
    router.get("/api/v1/accounts/:id").handler(this::show);
  }

  /** Mastodon's registration: an app token with write:accounts creates a member and returns its token. */
  private void register(RoutingContext ctx) {
    Params params = Params.of(ctx);
    app.auth().token(ctx, "write:accounts").compose(caller -> {
      if (caller.account().isPresent()) {
        return Future.failedFuture(new ServiceException(403, "You are already signed in"));
      }
      Registrations mode = app.settings().registrations();
      if (mode == Registrations.CLOSED) {
        return Future.failedFuture(ServiceException.forbidden("Registrations are closed on this server"));
      }
      if (mode == Registrations.INVITE) {
        return Future.failedFuture(ServiceException.forbidden(
            "Registrations on this server need an invite"));
      }
      var request = new RegisterMember.Request(params.string("username"), params.string("email"),
          params.string("password"), params.bool("agreement"), params.string("locale"));
      String token = Secrets.token();
      return app.registerMember().register(request, "user")
          .compose(accountId -> app.oauth().insertToken(Secrets.sha256(token),
              caller.token().appId(), accountId, caller.token().scopes()))
          .map(stored -> OAuthRoutes.tokenEntity(token, stored));
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void verifyCredentials(RoutingContext ctx) {
    app.auth().member(ctx, "read:accounts", "profile").compose(caller -> {
      Account account = caller.member();
      return app.users().byAccountId(account.id()).compose(user -> app.counts().account(account.id())
          .map(counts -> AccountEntity.credential(account, user.orElseThrow(), counts, app.uris())));
    }).onSuccess(entity -> Responses.json(ctx, entity)).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = parseId(ctx.pathParam("id"));
    app.auth().optional(ctx)
        .compose(caller -> app.accounts().byId(id))
        .compose(found -> found.filter(account -> account.deletedAt() == null)
            .map(this::entity)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  /** {@code acct} is {@code user} or {@code user@host[:port]}; our own host means a local member. */
  private void lookup(RoutingContext ctx) {
    String acct = Params.of(ctx).required("acct").trim();
    if (acct.startsWith("@")) {
      acct = acct.substring(1);
    }
    int at = acct.indexOf('@');
    String username = at < 0 ? acct : acct.substring(0, at);
    String host = at < 0 ? null : acct.substring(at + 1);
    if (host != null && !host.equalsIgnoreCase(app.uris().authority())) {
      ctx.fail(ServiceException.notFound("Record not found"));
      return;
    }
    app.auth().optional(ctx)
        .compose(caller -> app.accounts().localByUsername(username))
        .compose(found -> found.filter(account -> account.deletedAt() == null)
            .map(this::entity)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(entity -> Responses.json(ctx, entity))
        .onFailure(ctx::fail);
  }

  private Future<io.vertx.core.json.JsonObject> entity(Account account) {
    return app.counts().account(account.id()).map(counts -> AccountEntity.of(account, counts, app.uris()));
  }

  /** Mastodon ids are numbers in strings; anything else cannot name a record. */
  public static long parseId(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ServiceException.notFound("Record not found");
    }
  }

}
