package org.plutro.server.http.api.v1;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.User;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Auth.Caller;
import org.plutro.server.http.Params;
import org.plutro.server.http.Responses;
import org.plutro.server.service.EmailConfirmation;
import org.plutro.server.store.UserStore;

/**
 * Mastodon's email confirmation API, for apps that signed a member up: {@code POST
 * /api/v1/emails/confirmation} sends the link again (to {@code email} instead, correcting a
 * mistyped address), only for the app the member signed up with; {@code GET
 * /api/v1/emails/check_confirmation} says whether it was opened. Both work before the member has
 * confirmed, which is their point.
 */
public final class EmailsRoutes {
  private final Auth auth;
  private final UserStore users;
  private final EmailConfirmation confirmation;

  public EmailsRoutes(Auth auth, UserStore users, EmailConfirmation confirmation) {
    this.auth = auth;
    this.users = users;
    this.confirmation = confirmation;
  }

  public void mount(Router router) {
    router.post("/api/v1/emails/confirmation").handler(this::resend);
    router.get("/api/v1/emails/check_confirmation").handler(this::check);
  }

  private void resend(RoutingContext ctx) {
    String email = Params.of(ctx).string("email");
    auth.potentialMember(ctx).compose(caller -> user(caller).compose(user -> {
      // Only the app they signed up with (Mastodon's rule): another app they let in must not move
      // the link, and the account with it, to another address.
      if (user.signUpAppId() == null || user.signUpAppId() != caller.token().appId()) {
        return Future.failedFuture(ServiceException.forbidden(
            "This method is only available to the application the user originally signed-up with"));
      }
      if (user.confirmed()) {
        return Future.failedFuture(ServiceException.forbidden(
            "This method is only available while the e-mail is awaiting confirmation"));
      }
      return email == null || email.isBlank() ? confirmation.resend(user) : confirmation.correct(user, email);
    })).onSuccess(done -> Responses.json(ctx, new JsonObject())).onFailure(ctx::fail);
  }

  private void check(RoutingContext ctx) {
    auth.potentialMember(ctx).compose(this::user)
        .onSuccess(user -> Responses.json(ctx, Buffer.buffer(Boolean.toString(user.confirmed()))))
        .onFailure(ctx::fail);
  }

  private Future<User> user(Caller caller) {
    return users.byAccountId(caller.member().id()).map(found -> found.orElseThrow(() ->
        new ServiceException(422, "This method requires an authenticated user")));
  }
}
