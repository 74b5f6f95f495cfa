package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.plutro.server.store.UserStore;

/**
 * A signed-in member types their password again before a step that cannot be undone (moving,
 * closing the account): the same check for the API and the settings pages, run off the event loop.
 */
public final class PasswordConfirmation {
  private final Vertx vertx;
  private final UserStore users;
  private final PasswordHasher passwords;

  public PasswordConfirmation(Vertx vertx, UserStore users, PasswordHasher passwords) {
    this.vertx = vertx;
    this.users = users;
    this.passwords = passwords;
  }

  /** Whether {@code password} is the member's; a blank one never is. */
  public Future<Boolean> matches(long accountId, String password) {
    if (password == null || password.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return users.byAccountId(accountId).compose(user -> vertx.executeBlocking(
        () -> user.isPresent() && passwords.verify(password, user.get().passwordHash()), false));
  }
}
