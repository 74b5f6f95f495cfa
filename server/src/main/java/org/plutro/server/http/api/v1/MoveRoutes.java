package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.plutro.server.http.Auth;
import org.plutro.server.store.MoveStore;
import org.plutro.server.service.PasswordConfirmation;
import org.plutro.server.domain.Account;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.MoveService;
import org.plutro.server.domain.ServiceException;

/**
 * Account migration: {@code GET|POST|DELETE /api/v1/plutro/aliases} ({@code acct}: the member's
 * other accounts, published as alsoKnownAs) and {@code POST /api/v1/plutro/move} ({@code acct}
 * of the new account, which must list this one as an alias, and the member's {@code password}).
 */
public final class MoveRoutes {
  private final Auth auth;
  private final PasswordConfirmation passwords;
  private final MoveStore moveStore;
  private final MoveService moves;

  public MoveRoutes(Auth auth, PasswordConfirmation passwords, MoveStore moveStore, MoveService moves) {
    this.auth = auth;
    this.passwords = passwords;
    this.moveStore = moveStore;
    this.moves = moves;
  }

  public void mount(Router router) {
    router.get("/api/v1/plutro/aliases").handler(ctx -> auth.member(ctx, "read:accounts")
        .compose(caller -> moveStore.identity(caller.member().id()).map(identity -> identity.alsoKnownAs()))
        .onSuccess(aliases -> Responses.json(ctx, aliases(aliases)))
        .onFailure(ctx::fail));
    router.post("/api/v1/plutro/aliases").handler(ctx -> auth.member(ctx, "write:accounts")
        .compose(caller -> moves.addAlias(caller.member(), Params.of(ctx).string("acct")))
        .onSuccess(aliases -> Responses.json(ctx, aliases(aliases)))
        .onFailure(ctx::fail));
    router.delete("/api/v1/plutro/aliases").handler(ctx -> auth.member(ctx, "write:accounts")
        .compose(caller -> moves.removeAlias(caller.member(), Params.of(ctx).string("acct")))
        .onSuccess(aliases -> Responses.json(ctx, aliases(aliases)))
        .onFailure(ctx::fail));
    router.post("/api/v1/plutro/move").handler(this::move);
  }

  private void move(RoutingContext ctx) {
    Params params = Params.of(ctx);
    String password = params.string("password");
    auth.member(ctx, "write:accounts")
        .compose(caller -> checkPassword(caller.member(), password)
            .compose(ok -> moves.move(caller.member(), params.string("acct"))))
        .onSuccess(target -> Responses.json(ctx, new JsonObject().put("moved_to", target.uri())))
        .onFailure(ctx::fail);
  }

  private Future<Void> checkPassword(Account member, String password) {
    return passwords.matches(member.id(), password)
        .compose(ok -> ok ? Future.succeededFuture()
            : Future.failedFuture(ServiceException.forbidden("Invalid password")));
  }

  private static JsonArray aliases(List<String> uris) {
    JsonArray array = new JsonArray();
    uris.forEach(uri -> array.add(new JsonObject().put("uri", uri)));
    return array;
  }
}
