package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.UserLinkStore;
import org.plutro.server.store.UserLinkStore.Purpose;
import org.plutro.server.store.UserStore;
import org.plutro.server.store.WebSessionStore;

/**
 * A forgotten password: a link mailed to the member's address, good once and for an hour, leads
 * to choosing a new one. Asking says the same whether or not the address is known. Setting the
 * new password ends every way into the account that the old one opened, as Mastodon's does: all
 * browser sessions, and every app's tokens (with their push subscriptions and unexchanged codes).
 */
public final class PasswordReset {
  /** Reset mails one member may be sent within an hour: enough to retry, too few to flood an inbox. */
  static final int MAILS_PER_HOUR = 5;

  private final Vertx vertx;
  private final Pool pool;
  private final UserStore users;
  private final UserLinkStore links;
  private final OAuthStore oauth;
  private final PasswordHasher passwords;
  private final Runnable mailQueued;

  public PasswordReset(Vertx vertx, Pool pool, UserStore users, UserLinkStore links, OAuthStore oauth,
      PasswordHasher passwords, Runnable mailQueued) {
    this.vertx = vertx;
    this.pool = pool;
    this.users = users;
    this.links = links;
    this.oauth = oauth;
    this.passwords = passwords;
    this.mailQueued = mailQueued;
  }

  /** Mails a reset link if an open account has this address; succeeds the same either way. */
  public Future<Void> request(String email) {
    if (email == null || !RegisterMember.validEmail(email.strip())) {
      return Future.succeededFuture();
    }
    return users.byEmail(email.strip()).compose(user -> user.isEmpty() ? Future.succeededFuture()
        : mail(user.get().accountId()));
  }

  private Future<Void> mail(long accountId) {
    return links.recent(accountId, Purpose.PASSWORD_RESET, 60 * 60).compose(sent -> sent >= MAILS_PER_HOUR
        ? Future.succeededFuture()
        : pool.withTransaction(tx -> AccountMails.queue(tx, accountId, AccountMails.Kind.PASSWORD_RESET))
            .onSuccess(queued -> mailQueued.run()));
  }

  /** Whether {@code token} is a live reset link (to show the form, or say it is no good). */
  public Future<Boolean> valid(String token) {
    if (token == null || token.isBlank()) {
      return Future.succeededFuture(false);
    }
    return links.peek(Secrets.sha256(token.strip()), Purpose.PASSWORD_RESET).map(found -> found.isPresent());
  }

  /**
   * Sets the new password through the link, which then works no more, nor do the member's other
   * reset links, sessions and tokens. 422 with field errors for a bad password; 404 for a dead link.
   */
  public Future<Void> reset(String token, String password, String confirmation) {
    ValidationErrors errors = new ValidationErrors();
    RegisterMember.validatePassword(errors, password, confirmation == null ? "" : confirmation);
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    if (token == null || token.isBlank()) {
      return Future.failedFuture(deadLink());
    }
    return vertx.executeBlocking(() -> passwords.hash(password), false)
        .compose(hash -> pool.withTransaction(tx -> UserLinkStore.take(tx, Secrets.sha256(token.strip()),
                Purpose.PASSWORD_RESET)
            .compose(found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(deadLink());
              }
              long accountId = found.get().accountId();
              return UserStore.setPasswordHash(tx, accountId, hash)
                  .compose(done -> UserLinkStore.drop(tx, accountId, Purpose.PASSWORD_RESET))
                  .compose(done -> OAuthStore.revokeAll(tx, accountId))
                  .compose(done -> WebSessionStore.deleteAll(tx, accountId))
                  .map(accountId);
            })))
        .onSuccess(oauth::forgetAccount)
        .mapEmpty();
  }

  private static ServiceException deadLink() {
    return ServiceException.notFound("This link is no longer good: it was used, or it expired."
        + " Ask for a new one.");
  }
}
