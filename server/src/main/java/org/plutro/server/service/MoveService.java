package org.plutro.server.service;

import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.delivery.Publisher;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.store.MoveStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account migration, as Mastodon does it. A member names their other accounts (aliases, published
 * as {@code alsoKnownAs}); moving to one sends {@code Move} to every instance holding a copy of
 * them, marks the actor {@code movedTo}, and moves their local followers. A remote account's Move
 * is believed only when its target, fetched fresh, names it in {@code alsoKnownAs}; then its
 * local followers follow the target instead.
 */
public final class MoveService {
  static final int MAX_ALIASES = 10;
  private static final Logger LOG = LoggerFactory.getLogger(MoveService.class);
  private final Pool pool;
  private final AccountStore accounts;
  private final MoveStore moves;
  private final OAuthStore oauth;
  private final RemoteActors remoteActors;
  private final FollowService followService;
  private final Publisher publisher;

  public MoveService(Pool pool, AccountStore accounts, MoveStore moves, OAuthStore oauth,
      RemoteActors remoteActors, FollowService followService, Publisher publisher) {
    this.pool = pool;
    this.accounts = accounts;
    this.moves = moves;
    this.oauth = oauth;
    this.remoteActors = remoteActors;
    this.followService = followService;
    this.publisher = publisher;
  }

  /** The account a member names for a move or an alias, fetched afresh when remote. */
  private Future<Account> resolve(String handleOrUri) {
    if (handleOrUri == null || handleOrUri.isBlank()) {
      return Future.failedFuture(new ValidationErrors().add("acct", "ERR_BLANK", "can't be blank").toException());
    }
    return remoteActors.resolve(handleOrUri, true);
  }


  public Future<List<String>> addAlias(Account member, String handle) {
    return resolve(handle).compose(target -> target.id() == member.id()
        ? Future.failedFuture(new ValidationErrors().add("acct", "ERR_INVALID", "is yourself").toException())
        : moves.identity(member.id()).compose(identity -> {
          List<String> aliases = new ArrayList<>(identity.alsoKnownAs());
          if (!aliases.contains(target.uri())) {
            if (aliases.size() >= MAX_ALIASES) {
              return Future.failedFuture(new ValidationErrors().add("acct", "ERR_TOO_LONG",
                  "at most " + MAX_ALIASES + " aliases").toException());
            }
            aliases.add(target.uri());
          }
          return saveAliases(member, aliases);
        }));
  }

  public Future<List<String>> removeAlias(Account member, String handle) {
    return resolve(handle).compose(target -> moves.identity(member.id()).compose(identity -> {
      List<String> aliases = new ArrayList<>(identity.alsoKnownAs());
      aliases.remove(target.uri());
      return saveAliases(member, aliases);
    }));
  }

  private Future<List<String>> saveAliases(Account member, List<String> aliases) {
    return pool.withTransaction(tx -> MoveStore.setAliases(tx, member.id(), aliases)
        .compose(done -> ProfileBroadcast.schedule(tx, member.id())))
        .onSuccess(done -> oauth.forgetAccount(member.id())).map(aliases);
  }

  /** Moves the member to {@code target}, which must name them in its alsoKnownAs. */
  public Future<Account> move(Account member, String targetHandle) {
    return resolve(targetHandle)
        .compose(target -> checkedTarget(member, target))
        .compose(target -> markMoved(member, target))
        .compose(target -> moveFollowers(member, target).map(target));
  }

  /** The target, if it is another account and names the member in its aliases. */
  private Future<Account> checkedTarget(Account member, Account target) {
    if (target.id() == member.id()) {
      return Future.failedFuture(new ValidationErrors().add("acct", "ERR_INVALID", "is yourself").toException());
    }
    return moves.identity(target.id()).compose(identity -> identity.alsoKnownAs().contains(member.uri())
        ? Future.succeededFuture(target)
        : Future.failedFuture(new ValidationErrors().add("acct", "ERR_INVALID",
            "must name this account in its aliases (alsoKnownAs) first").toException()));
  }

  /** The member marked moved, and Move sent to every holder of a copy, in one transaction. */
  private Future<Account> markMoved(Account member, Account target) {
    Activity move = Activities.move(member.uri() + "#moves/" + System.currentTimeMillis(), member, target);
    return pool.withTransaction(tx -> MoveStore.setMovedTo(tx, member.id(), target.uri())
            .compose(done -> CopyHolderStore.holders(tx, member.id()))
            .compose(holders -> publisher.publish(tx, member.id(), move,
                CopyHolderStore.inboxes(holders))))
        .onSuccess(done -> oauth.forgetAccount(member.id()))
        .map(target);
  }

  /**
   * A remote account's Move: believed when the target (fetched fresh) names the origin; then the
   * origin is marked moved and its local followers follow the target.
   */
  public Future<Void> receive(Account origin, String targetUri) {
    if (targetUri == null || targetUri.equals(origin.uri())) {
      return Future.succeededFuture();
    }
    return resolve(targetUri).compose(target -> moves.identity(target.id()).compose(identity -> {
      if (!identity.alsoKnownAs().contains(origin.uri())) {
        LOG.debug("Move of {} to {} not believed: the target does not name it", origin.uri(), target.uri());
        return Future.succeededFuture();
      }
      return pool.withTransaction(tx -> MoveStore.setMovedTo(tx, origin.id(), target.uri()))
          .compose(done -> moveFollowers(origin, target));
    }));
  }

  /** Each local follower of {@code origin} follows {@code target} and stops following origin. */
  private Future<Void> moveFollowers(Account origin, Account target) {
    return moves.localFollowers(origin.id()).compose(followers -> {
      Future<Void> chain = Future.succeededFuture();
      for (long id : followers) {
        chain = chain.compose(done -> moveFollower(id, origin, target));
      }
      return chain;
    });
  }

  /** One local follower follows the target (if it may) and stops following the origin. */
  private Future<Void> moveFollower(long followerId, Account origin, Account target) {
    return accounts.byId(followerId).compose(found -> {
      if (found.isEmpty() || found.get().id() == target.id()) {
        return Future.<Void>succeededFuture();
      }
      Account follower = found.get();
      return followService.follow(follower, target).<Void>mapEmpty()
          .recover(failure -> Future.succeededFuture())
          .compose(done -> followService.unfollow(follower, origin));
    });
  }
}
