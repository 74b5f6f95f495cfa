package org.plutro.server.service;

import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.AccountStore;
import io.vertx.sqlclient.Pool;
import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.store.ModerationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moderator's actions on one account, as Mastodon's {@code Admin::AccountAction} takes them.
 * Suspending withdraws the account and its posts (its sessions are refused while it lasts, its
 * posts leave every feed; a remote one's follows of our members are rejected, and a member's
 * suspension reaches the servers holding their profile as an actor Update marked
 * {@code suspended}); it is lifted by unsuspending, which brings its recent posts back to its
 * followers' homes. Silencing ("limit") keeps its posts out of
 * public timelines for those who do not follow it; marking sensitive hides its media behind a
 * warning; disabling stops a member signing in. Each is undone by its counterpart.
 */
public final class AccountModeration {
  public static final List<String> ACTIONS = List.of("none", "sensitive", "disable", "silence", "suspend");

  private static final Logger LOG = LoggerFactory.getLogger(AccountModeration.class);

  private final Pool pool;
  private final AccountStore accounts;
  private final ModerationStore store;
  private final OAuthStore oauth;
  private final FollowService followService;
  private final RemoteActors remoteActors;
  private final SuspendedAccounts suspendedAccounts;

  public AccountModeration(Pool pool, AccountStore accounts, ModerationStore moderation, OAuthStore oauth,
      FollowService followService, RemoteActors remoteActors, SuspendedAccounts suspendedAccounts) {
    this.pool = pool;
    this.accounts = accounts;
    this.store = moderation;
    this.oauth = oauth;
    this.followService = followService;
    this.remoteActors = remoteActors;
    this.suspendedAccounts = suspendedAccounts;
  }

  /** Takes {@code action} on {@code target}; unknown actions, or disabling a remote account, are 422. */
  public Future<Void> act(Account target, String action) {
    if (!ACTIONS.contains(action)) {
      return Future.failedFuture(new ValidationErrors().add("type", "ERR_INCLUSION", "is not included in the list")
          .toException());
    }
    if (action.equals("disable") && !target.isLocal()) {
      return Future.failedFuture(ServiceException.unprocessable("Only a member of this server can be disabled"));
    }
    return switch (action) {
      case "suspend" -> suspend(target);
      case "silence" -> set(store::setSilenced, target, true);
      case "sensitive" -> set(store::setSensitized, target, true);
      case "disable" -> set(store::setDisabled, target, true);
      default -> Future.succeededFuture();
    };
  }

  public Future<Void> unsuspend(Account target) {
    return pool.withTransaction(tx -> ModerationStore.unsuspend(tx, target.id())
        .compose(done -> target.isLocal() ? ProfileBroadcast.schedule(tx, target.id()) : Future.succeededFuture()))
        .compose(done -> suspendedAccounts.refresh())
        .onSuccess(done -> refetchIfRemote(target));
  }

  /**
   * As Mastodon's UnsuspendAccountService: a remote account is fetched again at once, since what it
   * sent while suspended (profile Updates) was dropped. Not awaited: its server may be slow or gone.
   */
  private void refetchIfRemote(Account target) {
    if (!target.isLocal()) {
      remoteActors.refresh(target.uri())
          .onFailure(error -> LOG.info("Could not refetch {} after unsuspending it: {}", target.uri(), error.toString()));
    }
  }

  public Future<Void> unsilence(Account target) {
    return set(store::setSilenced, target, false);
  }

  public Future<Void> unsensitize(Account target) {
    return set(store::setSensitized, target, false);
  }

  public Future<Void> enable(Account target) {
    return set(store::setDisabled, target, false);
  }

  /** Sets or clears one mark; the account's sessions are checked again at once. */
  private Future<Void> set(Mark mark, Account target, boolean on) {
    return mark.set(target.id(), on).onSuccess(done -> oauth.forgetAccount(target.id()));
  }

  private interface Mark {
    Future<Void> set(long accountId, boolean on);
  }

  private Future<Void> suspend(Account target) {
    return pool.withTransaction(tx -> ModerationStore.suspend(tx, target.id())
            .compose(done -> target.isLocal() ? ProfileBroadcast.schedule(tx, target.id()) : Future.succeededFuture()))
        .onSuccess(done -> oauth.forgetAccount(target.id()))
        .compose(done -> suspendedAccounts.refresh())
        .compose(done -> target.isLocal() ? Future.succeededFuture() : rejectFollows(target));
  }

  /** A remote account keeps its home on its own server: its follows of our members must end there too. */
  private Future<Void> rejectFollows(Account target) {
    return store.followedIds(target.id()).compose(followed -> {
      Future<Void> chain = Future.succeededFuture();
      for (long memberId : followed) {
        chain = chain.compose(done -> accounts.byId(memberId).compose(member -> member.isEmpty()
            || !member.get().isLocal() ? Future.succeededFuture()
            : followService.reject(member.get(), target).mapEmpty()));
      }
      return chain;
    });
  }
}
