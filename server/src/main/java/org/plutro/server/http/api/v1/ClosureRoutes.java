package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.http.Auth;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.service.PasswordConfirmation;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.CloseAccount;
import org.plutro.server.domain.ServiceException;

/**
 * Account closure (Plutro's own endpoints; Mastodon has only a web form):
 * {@code POST /api/v1/accounts/close} with the password, {@code GET /api/v1/accounts/close/status}
 * (the instances that will be told), and for admins {@code GET /api/v1/admin/accounts/:id/closure}
 * (each instance's delivery of the Delete, since the member's tokens die with the account).
 */
public final class ClosureRoutes {
  private final Auth auth;
  private final UserStore users;
  private final PasswordConfirmation passwords;
  private final AccountStore accounts;
  private final CloseAccount closeAccount;

  public ClosureRoutes(Auth auth, UserStore users, PasswordConfirmation passwords, AccountStore accounts,
      CloseAccount closeAccount) {
    this.auth = auth;
    this.users = users;
    this.passwords = passwords;
    this.accounts = accounts;
    this.closeAccount = closeAccount;
  }

  public void mount(Router router) {
    router.post("/api/v1/accounts/close").handler(this::close);
    router.get("/api/v1/accounts/close/status").handler(this::ownStatus);
    router.get("/api/v1/admin/accounts/:id/closure").handler(this::adminStatus);
  }

  private void close(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String password = params.string("password");
    auth.member(ctx, "write:accounts").compose(caller -> {
      if (password == null || password.isEmpty()) {
        return Future.failedFuture(new ServiceException(422, "Validation failed: Password can't be blank",
            new JsonObject().put("password", new io.vertx.core.json.JsonArray().add(new JsonObject()
                .put("error", "ERR_BLANK").put("description", "can't be blank")))));
      }
      Account member = caller.member();
      return passwords.matches(member.id(), password)
          .compose(ok -> ok ? closeAccount.close(member, "member")
              : Future.failedFuture(ServiceException.forbidden("The password is not right")))
          .compose(closed -> accounts.byId(member.id()))
          .compose(closedAccount -> closeAccount.status(closedAccount.orElseThrow()));
    }).onSuccess(status -> Responses.json(ctx, status)).onFailure(ctx::fail);
  }

  private void ownStatus(RoutingContext ctx) {
    auth.member(ctx, "read:accounts")
        .compose(caller -> closeAccount.status(caller.member()))
        .onSuccess(status -> Responses.json(ctx, status))
        .onFailure(ctx::fail);
  }

  private void adminStatus(RoutingContext ctx) {
    long id = Params.parseId(ctx.pathParam("id"));
    auth.member(ctx, "admin:read:accounts")
        .compose(caller -> users.byAccountId(caller.member().id()))
        .compose(user -> user.isPresent() && user.get().isAdmin() ? accounts.byId(id)
            : Future.failedFuture(ServiceException.forbidden("This action is not allowed")))
        .compose(account -> account.filter(a -> a.isLocal() && "Person".equals(a.actorType()))
            .map(closeAccount::status)
            .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))))
        .onSuccess(status -> Responses.json(ctx, status))
        .onFailure(ctx::fail);
  }
}
