package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.store.UserStore.PendingSignUp;

/**
 * With registrations = approval, a new member waits until a moderator approves them (they may then
 * act, once their address is confirmed) or rejects them (the account is removed with everything it
 * had, freeing its name and address), as Mastodon's admin API and command line do. Either way the
 * person is mailed the answer, queued with it.
 */
public final class SignUpApprovals {
  private final Pool pool;
  private final UserStore users;
  private final OAuthStore oauth;
  private final Runnable mailQueued;

  /** {@code mailQueued}: wakes the job queue once a mail is queued. */
  public SignUpApprovals(Pool pool, UserStore users, OAuthStore oauth, Runnable mailQueued) {
    this.pool = pool;
    this.users = users;
    this.oauth = oauth;
    this.mailQueued = mailQueued;
  }

  public Future<List<PendingSignUp>> pending() {
    return users.pending();
  }

  /** The sign-up with this account id, if it still waits. */
  public Future<Optional<PendingSignUp>> waiting(long accountId) {
    return users.pendingOne(accountId);
  }

  /** Lets the member in; 403 (Mastodon's) when they were not waiting. */
  public Future<Void> approve(long accountId) {
    return pool.withTransaction(tx -> UserStore.approve(tx, accountId).compose(changed -> changed
            ? AccountMails.queue(tx, accountId, AccountMails.Kind.SIGN_UP_APPROVED) : notWaiting()))
        .onSuccess(done -> answered(accountId));
  }

  /** Removes the waiting sign-up; 403 (Mastodon's) when it was not waiting. */
  public Future<Void> reject(long accountId) {
    return pool.withTransaction(tx -> UserStore.reject(tx, accountId).compose(refused -> refused
            .map(gone -> AccountMails.queueRefusal(tx, accountId, gone)).orElseGet(SignUpApprovals::notWaiting)))
        .onSuccess(done -> answered(accountId));
  }

  private void answered(long accountId) {
    oauth.forgetAccount(accountId);
    mailQueued.run();
  }

  private static Future<Void> notWaiting() {
    return Future.failedFuture(ServiceException.forbidden("This action is not allowed"));
  }
}
