package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.User;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.UserLinkStore;
import org.plutro.server.store.UserLinkStore.Purpose;
import org.plutro.server.store.UserStore;

/**
 * Proving an address: opening a confirmation link (a new member's address, or the new address of
 * one who changes it), asking for the link again, and correcting a mistyped address before it
 * is confirmed. Until their address is confirmed a member may sign in but not act (see
 * {@code Auth.member} and {@code Visits.member}).
 */
public final class EmailConfirmation {
  /** Confirmation mails one member may ask for within an hour. */
  static final int RESENDS_PER_HOUR = 5;

  /** What opening a link did. */
  public enum Outcome {
    /** The member's address is confirmed. */
    CONFIRMED,
    /** The member's new address replaced the old one. */
    CHANGED,
    /** Another account took the new address meanwhile: nothing changed. */
    TAKEN,
    /** The link is unknown, used, expired, or for an address since replaced. */
    INVALID
  }

  private final Pool pool;
  private final UserStore users;
  private final UserLinkStore links;
  private final OAuthStore oauth;
  private final Runnable mailQueued;

  public EmailConfirmation(Pool pool, UserStore users, UserLinkStore links, OAuthStore oauth,
      Runnable mailQueued) {
    this.pool = pool;
    this.users = users;
    this.links = links;
    this.oauth = oauth;
    this.mailQueued = mailQueued;
  }

  /** Opens the link whose token is {@code token}; it works once. */
  public Future<Outcome> confirm(String token) {
    if (token == null || token.isBlank()) {
      return Future.succeededFuture(Outcome.INVALID);
    }
    return links.take(Secrets.sha256(token.strip()), Purpose.CONFIRMATION, Purpose.EMAIL_CHANGE)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.succeededFuture(Outcome.INVALID);
          }
          long accountId = found.get().accountId();
          Future<Outcome> done = found.get().purpose() == Purpose.CONFIRMATION
              ? confirmAddress(accountId, found.get().email())
              : users.changeEmail(accountId, found.get().email())
                  .map(changed -> changed ? Outcome.CHANGED : Outcome.INVALID)
                  .recover(failure -> failure instanceof PgException pg && "23505".equals(pg.getSqlState())
                      ? Future.succeededFuture(Outcome.TAKEN) : Future.failedFuture(failure));
          // The member's tokens now act (the change is also announced to every process).
          return done.onSuccess(outcome -> oauth.forgetAccount(accountId));
        });
  }

  /**
   * Confirms a new member's address; one who waits for approval is now in the moderators' queue,
   * and each admin is told (as Mastodon tells its staff once the address is confirmed, so that
   * sign-ups nobody confirms bother nobody).
   */
  private Future<Outcome> confirmAddress(long accountId, String email) {
    return pool.withTransaction(tx -> UserStore.confirm(tx, accountId, email).compose(confirmed -> {
      if (confirmed.isEmpty()) {
        return Future.succeededFuture(Outcome.INVALID);
      }
      if (!confirmed.get().newly() || confirmed.get().approved()) {
        return Future.succeededFuture(Outcome.CONFIRMED);
      }
      return AccountMails.queueSignUpWaiting(tx, accountId).map(Outcome.CONFIRMED);
    })).onSuccess(outcome -> mailQueued.run());
  }

  /** Mails the confirmation link again to an unconfirmed member; a few times an hour at most. */
  public Future<Void> resend(User user) {
    if (user.confirmed()) {
      return Future.succeededFuture();
    }
    return links.recent(user.accountId(), Purpose.CONFIRMATION, 60 * 60).compose(sent -> {
      if (sent >= RESENDS_PER_HOUR) {
        return Future.failedFuture(new ServiceException(429,
            "Several links were sent in the last hour. Check your inbox, or try again later."));
      }
      return pool.withTransaction(tx -> AccountMails.queue(tx, user.accountId(),
          AccountMails.Kind.CONFIRMATION)).onSuccess(queued -> mailQueued.run());
    });
  }

  /**
   * Replaces an unconfirmed member's (mistyped) address and mails the link to the new one; a
   * confirmed member changes their address through {@link ChangeEmail}, proven on the new address.
   */
  public Future<Void> correct(User user, String email) {
    String address = email == null ? "" : email.strip();
    ValidationErrors errors = new ValidationErrors();
    if (address.isEmpty()) {
      errors.add("email", "ERR_BLANK", "can't be blank");
    } else if (!RegisterMember.validEmail(address)) {
      errors.add("email", "ERR_INVALID", "is invalid");
    }
    if (user.confirmed()) {
      return Future.failedFuture(ServiceException.forbidden("This address is already confirmed"));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    if (address.equalsIgnoreCase(user.email())) {
      return resend(user);
    }
    return users.emailTaken(address).compose(taken -> {
      if (taken) {
        return Future.failedFuture(new ValidationErrors().add("email", "ERR_TAKEN", "is already taken")
            .toException());
      }
      return pool.withTransaction(tx -> UserStore.correctEmail(tx, user.accountId(), address)
              .compose(changed -> AccountMails.queue(tx, user.accountId(), AccountMails.Kind.CONFIRMATION)))
          .onSuccess(queued -> mailQueued.run());
    }).recover(failure -> failure instanceof PgException pg && "23505".equals(pg.getSqlState())
        ? Future.failedFuture(new ValidationErrors().add("email", "ERR_TAKEN", "is already taken").toException())
        : Future.failedFuture(failure));
  }
}
