package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.plutro.server.domain.User;
import org.plutro.server.store.UserStore;

/**
 * A member changes their email address. The change is asked with the current password, and
 * happens only when the link mailed to the new address is opened ({@link EmailConfirmation}),
 * so nobody can move an account to an address they do not read; the old address is told at once,
 * so a change the member did not ask for does not go unnoticed.
 */
public final class ChangeEmail {
  private final Vertx vertx;
  private final Pool pool;
  private final UserStore users;
  private final PasswordHasher passwords;
  private final Runnable mailQueued;

  public ChangeEmail(Vertx vertx, Pool pool, UserStore users, PasswordHasher passwords,
      Runnable mailQueued) {
    this.vertx = vertx;
    this.pool = pool;
    this.users = users;
    this.passwords = passwords;
    this.mailQueued = mailQueued;
  }

  /** Asks for {@code newEmail}: 422 with field errors for a wrong password or an unusable address. */
  public Future<Void> request(User user, String newEmail, String currentPassword) {
    String address = newEmail == null ? "" : newEmail.strip();
    return vertx.executeBlocking(() -> currentPassword != null && !currentPassword.isEmpty()
            && passwords.verify(currentPassword, user.passwordHash()), false)
        .compose(passwordOk -> {
          ValidationErrors errors = new ValidationErrors();
          if (address.isEmpty()) {
            errors.add("email", "ERR_BLANK", "can't be blank");
          } else if (!RegisterMember.validEmail(address)) {
            errors.add("email", "ERR_INVALID", "is invalid");
          } else if (address.equalsIgnoreCase(user.email())) {
            errors.add("email", "ERR_UNCHANGED", "is already your address");
          }
          if (!passwordOk) {
            errors.add("current_password", "ERR_INVALID", "is not your password");
          }
          errors.throwIfAny();
          return users.emailTaken(address);
        })
        .compose(taken -> {
          if (taken) {
            return Future.failedFuture(new ValidationErrors().add("email", "ERR_TAKEN", "is already taken")
                .toException());
          }
          return pool.withTransaction(tx -> UserStore.askEmailChange(tx, user.accountId(), address)
              .compose(asked -> AccountMails.queue(tx, user.accountId(), AccountMails.Kind.EMAIL_CHANGE))
              .compose(queued -> AccountMails.queueChangeNotice(tx, user.accountId(), user.email(), address)));
        })
        .onSuccess(queued -> mailQueued.run());
  }
}
