package org.plutro.server.service;

import io.vertx.core.Future;
import java.util.List;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.store.UserStore.PendingSignUp;

/**
 * With registrations = approval, a new member waits until a moderator approves them (they may then
 * act, once their address is confirmed) or rejects them (the account is removed with everything it
 * had, freeing its name and address), as Mastodon's admin API and command line do.
 */
public final class SignUpApprovals {
  private final UserStore users;
  private final OAuthStore oauth;

  public SignUpApprovals(UserStore users, OAuthStore oauth) {
    this.users = users;
    this.oauth = oauth;
  }

  public Future<List<PendingSignUp>> pending() {
    return users.pending();
  }

  /** Lets the member in; 403 (Mastodon's) when they were not waiting. */
  public Future<Void> approve(long accountId) {
    return users.approve(accountId).compose(SignUpApprovals::waited)
        .onSuccess(done -> oauth.forgetAccount(accountId));
  }

  /** Removes the waiting sign-up; 403 (Mastodon's) when it was not waiting. */
  public Future<Void> reject(long accountId) {
    return users.reject(accountId).compose(SignUpApprovals::waited)
        .onSuccess(done -> oauth.forgetAccount(accountId));
  }

  private static Future<Void> waited(boolean changed) {
    return changed ? Future.succeededFuture()
        : Future.failedFuture(ServiceException.forbidden("This action is not allowed"));
  }
}
