package org.plutro.server.service;

import org.plutro.server.domain.NotificationType;
import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import org.plutro.federation.vocab.Activity;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Follow;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.store.FollowStore;
import org.plutro.server.uri.Uris;

/**
 * Follows in every direction. The Mastodon API's buttons and the inbox's Follow, Accept, Reject and
 * Undo all end here, so both paths behave alike. Between local members nothing goes over HTTP.
 */
public final class FollowService {
  private final Pool pool;
  private final Uris uris;
  private final FollowStore follows;
  private final Publisher publisher;

  public FollowService(Pool pool, Uris uris, FollowStore follows, Publisher publisher) {
    this.pool = pool;
    this.uris = uris;
    this.follows = follows;
    this.publisher = publisher;
  }

  /** A local member follows someone: at once if local and unlocked, else a pending request. */
  public Future<Follow> follow(Account follower, Account target) {
    if (follower.id() == target.id()) {
      return Future.failedFuture(ServiceException.forbidden("You cannot follow yourself"));
    }
    return follows.byPair(follower.id(), target.id()).compose(existing -> {
      if (existing.isPresent()) {
        return Future.succeededFuture(existing.get());
      }
      boolean acceptedNow = target.isLocal() && !target.locked();
      return pool.withTransaction(tx -> FollowStore.insert(tx, follower.id(), target.id(), null,
              uris.base(), acceptedNow)
          .compose(inserted -> {
            if (inserted.isEmpty()) {
              return follows.byPair(follower.id(), target.id()).map(Optional::orElseThrow);
            }
            Follow follow = inserted.get();
            if (target.isLocal()) {
              return notifyFollowed(tx, follow, follower, target).map(follow);
            }
            return publisher.publish(tx, follower.id(),
                    Activities.follow(follow.uri(), follower, target), List.of(target.inboxUrl()))
                .map(follow);
          }));
    });
  }

  /** A local member stops following (or withdraws a request); a remote target is told with Undo. */
  public Future<Void> unfollow(Account follower, Account target) {
    return follows.byPair(follower.id(), target.id()).compose(existing -> {
      if (existing.isEmpty()) {
        return Future.succeededFuture();
      }
      Follow follow = existing.get();
      return pool.withTransaction(tx -> FollowStore.delete(tx, follow.id()).compose(deleted ->
          target.isLocal() ? Future.succeededFuture() : publisher.publish(tx, follower.id(),
              Activities.undo(follower, Activities.follow(follow.uri(), follower, target)),
              List.of(target.inboxUrl()))));
    });
  }

  /** A remote actor asks to follow a local member: accepted at once unless the member is locked. */
  public Future<Void> receiveFollow(Account follower, Account target, String followUri) {
    return follows.byPair(follower.id(), target.id()).compose(existing -> existing.isPresent()
        ? followAgain(existing.get(), follower, target)
        : pool.withTransaction(tx -> insertFollow(tx, follower, target, followUri)));
  }

  /** A repeated Follow (the peer lost our Accept): answered again if it was accepted. */
  private Future<Void> followAgain(Follow follow, Account follower, Account target) {
    return follow.accepted() ? pool.withTransaction(tx -> sendAccept(tx, follow, follower, target))
        : Future.succeededFuture();
  }

  /** A new follow notifies the member, and is accepted at once unless the member is locked. */
  private Future<Void> insertFollow(SqlClient tx, Account follower, Account target, String followUri) {
    return FollowStore.insert(tx, follower.id(), target.id(), followUri, uris.base(), !target.locked())
        .compose(inserted -> inserted.isEmpty() ? Future.<Void>succeededFuture()
            : notifyFollowed(tx, inserted.get(), follower, target)
                .compose(done -> inserted.get().accepted()
                    ? sendAccept(tx, inserted.get(), follower, target) : Future.succeededFuture()));
  }

  /** Refuses a Follow without storing it (the member blocks the asker). */
  public Future<Void> rejectUnknown(Account target, Account follower, String followUri) {
    Activity reject = Activities.reject(target.uri() + "#rejects/" + java.util.UUID.randomUUID(), target,
        Activities.follow(followUri, follower, target));
    return pool.withTransaction(tx -> publisher.publish(tx, target.id(), reject,
        List.of(follower.inboxUrl())));
  }

  /** The local member approves a pending follow request. */
  public Future<Boolean> authorize(Account target, Account follower) {
    return follows.byPair(follower.id(), target.id()).compose(existing -> {
      if (existing.isEmpty()) {
        return Future.succeededFuture(false);
      }
      Follow follow = existing.get();
      return pool.withTransaction(tx -> FollowStore.accept(tx, follow.id()).compose(changed ->
          changed && !follower.isLocal() ? sendAccept(tx, follow, follower, target).map(true)
              : Future.succeededFuture(changed)));
    });
  }

  /** The local member rejects a follow request (or removes a follower): a remote one gets Reject. */
  public Future<Boolean> reject(Account target, Account follower) {
    return follows.byPair(follower.id(), target.id()).compose(existing -> {
      if (existing.isEmpty()) {
        return Future.succeededFuture(false);
      }
      Follow follow = existing.get();
      return pool.withTransaction(tx -> FollowStore.delete(tx, follow.id()).compose(deleted ->
          follower.isLocal() ? Future.succeededFuture(deleted) : publisher.publish(tx, target.id(),
                  Activities.reject(target, Activities.follow(follow.uri(), follower, target),
                      follow.id()),
                  List.of(follower.inboxUrl()))
              .map(deleted)));
    });
  }

  /** The remote target accepted our member's follow. */
  public Future<Boolean> receiveAccept(Account follower, Account target) {
    return follows.byPair(follower.id(), target.id()).compose(existing -> existing
        .map(follow -> FollowStore.accept(pool, follow.id()))
        .orElseGet(() -> Future.succeededFuture(false)));
  }

  /** The remote target rejected our member's follow, or removed them as a follower. */
  public Future<Boolean> receiveReject(Account follower, Account target) {
    return follows.byPair(follower.id(), target.id()).compose(existing -> existing
        .map(follow -> FollowStore.delete(pool, follow.id()))
        .orElseGet(() -> Future.succeededFuture(false)));
  }

  /** The remote follower withdrew (Undo(Follow)). */
  public Future<Boolean> receiveUndoFollow(Account follower, Account target) {
    return receiveReject(follower, target);
  }

  /** The followed member hears of a new follower, or of a request to approve. */
  private static Future<Void> notifyFollowed(SqlClient tx, Follow follow, Account follower,
      Account target) {
    return NotificationService.notify(tx, target.id(), follow.accepted()
        ? NotificationType.FOLLOW : NotificationType.FOLLOW_REQUEST, follower.id(), null);
  }

  private Future<Void> sendAccept(SqlClient tx, Follow follow, Account follower, Account target) {
    if (follower.isLocal()) {
      return Future.succeededFuture();
    }
    return publisher.publish(tx, target.id(),
        Activities.accept(target, Activities.follow(follow.uri(), follower, target), follow.id()),
        List.of(follower.inboxUrl()));
  }
}
