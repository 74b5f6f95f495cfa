package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
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

  private static final String SUSPEND = "UPDATE accounts SET suspended_at = coalesce(suspended_at, now())"
      + " WHERE id = $1";
  private static final String UNSUSPEND = "UPDATE accounts SET suspended_at = NULL WHERE id = $1";
  // A moderator's silence (or unsilence) is theirs: lifting a domain block no longer undoes it.
  private static final String SILENCE = "UPDATE accounts SET silenced_at = CASE WHEN $2 THEN"
      + " coalesce(silenced_at, now()) END, silenced_by_domain = false WHERE id = $1";
  private static final String SENSITIZE = "UPDATE accounts SET sensitized_at = CASE WHEN $2 THEN"
      + " coalesce(sensitized_at, now()) END WHERE id = $1";
  private static final String DISABLE = "UPDATE users SET disabled = $2 WHERE account_id = $1";
  private static final String OUT_OF_FEEDS = "DELETE FROM home_feed WHERE author_id = $1";
  // As Mastodon's UnsuspendAccountService: the account's recent posts return to its local followers'
  // homes (and a member's own), as the follow trigger (V110) fills them.
  private static final String INTO_FEEDS = "INSERT INTO home_feed (account_id, status_id, author_id)"
      + " SELECT f.account_id, s.id, s.account_id FROM statuses s"
      + " JOIN follows f ON f.target_account_id = s.account_id AND f.state = 'accepted'"
      + " JOIN users u ON u.account_id = f.account_id"
      + " WHERE s.account_id = $1 AND s.visibility <> 'direct' AND s.deleted_at IS NULL AND s.id > home_feed_horizon()"
      + " UNION ALL SELECT s.account_id, s.id, s.account_id FROM statuses s JOIN users u ON u.account_id = s.account_id"
      + " WHERE s.account_id = $1 AND s.visibility <> 'direct' AND s.deleted_at IS NULL AND s.id > home_feed_horizon()"
      + " ON CONFLICT DO NOTHING";
  private static final String FOLLOWED = "SELECT target_account_id FROM follows WHERE account_id = $1";

  private static final Logger LOG = LoggerFactory.getLogger(AccountModeration.class);

  private final AppContext app;

  public AccountModeration(AppContext app) {
    this.app = app;
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
      case "silence" -> set(SILENCE, target, true);
      case "sensitive" -> set(SENSITIZE, target, true);
      case "disable" -> set(DISABLE, target, true);
      default -> Future.succeededFuture();
    };
  }

  public Future<Void> unsuspend(Account target) {
    return app.pool().withTransaction(tx -> tx.preparedQuery(UNSUSPEND).execute(Tuple.of(target.id()))
        .compose(done -> tx.preparedQuery(INTO_FEEDS).execute(Tuple.of(target.id())))
        .compose(done -> target.isLocal() ? ProfileBroadcast.schedule(tx, target.id()) : Future.succeededFuture()))
        .compose(done -> app.suspendedAccounts().refresh())
        .onSuccess(done -> refetchIfRemote(target));
  }

  /**
   * As Mastodon's UnsuspendAccountService: a remote account is fetched again at once, since what it
   * sent while suspended (profile Updates) was dropped. Not awaited: its server may be slow or gone.
   */
  private void refetchIfRemote(Account target) {
    if (!target.isLocal()) {
      app.remoteActors().refresh(target.uri())
          .onFailure(error -> LOG.info("Could not refetch {} after unsuspending it: {}", target.uri(), error.toString()));
    }
  }

  public Future<Void> unsilence(Account target) {
    return set(SILENCE, target, false);
  }

  public Future<Void> unsensitize(Account target) {
    return set(SENSITIZE, target, false);
  }

  public Future<Void> enable(Account target) {
    return set(DISABLE, target, false);
  }

  private Future<Void> set(String sql, Account target, boolean on) {
    return app.pool().preparedQuery(sql).execute(Tuple.of(target.id(), on))
        .onSuccess(done -> app.oauth().forgetAccount(target.id())).mapEmpty();
  }

  private Future<Void> suspend(Account target) {
    return app.pool().withTransaction(tx -> tx.preparedQuery(SUSPEND).execute(Tuple.of(target.id()))
            .compose(done -> tx.preparedQuery(OUT_OF_FEEDS).execute(Tuple.of(target.id())))
            .compose(done -> target.isLocal() ? ProfileBroadcast.schedule(tx, target.id()) : Future.succeededFuture()))
        .onSuccess(done -> app.oauth().forgetAccount(target.id()))
        .compose(done -> app.suspendedAccounts().refresh())
        .compose(done -> target.isLocal() ? Future.succeededFuture() : rejectFollows(target));
  }

  /** A remote account keeps its home on its own server: its follows of our members must end there too. */
  private Future<Void> rejectFollows(Account target) {
    return app.pool().preparedQuery(FOLLOWED).execute(Tuple.of(target.id())).compose(rows -> {
      List<Long> followed = new ArrayList<>();
      rows.forEach(row -> followed.add(row.getLong(0)));
      Future<Void> chain = Future.succeededFuture();
      for (long memberId : followed) {
        chain = chain.compose(done -> app.accounts().byId(memberId).compose(member -> member.isEmpty()
            || !member.get().isLocal() ? Future.succeededFuture()
            : app.followService().reject(member.get(), target).mapEmpty()));
      }
      return chain;
    });
  }
}
