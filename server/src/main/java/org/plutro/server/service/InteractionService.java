package org.plutro.server.service;

import org.plutro.server.domain.NotificationType;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.domain.Visibility;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.federation.mapper.InteractionActivities;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.InteractionStore;
import org.plutro.server.store.NotificationStore;
import org.plutro.server.store.InteractionStore.PinOutcome;
import org.plutro.server.store.StatusStore;

/**
 * What a member does with a post: like, share, bookmark, pin, and their undoing. Each change and
 * the activities it sends commit together; a repeated request changes and sends nothing. Acting
 * on a share acts on the shared post, as in Mastodon. The caller has checked the member may see
 * the post.
 */
public final class InteractionService {
  /** A member acting on a post (the shared post, when given a share) by {@code author}. */
  private record Interaction(Account member, Status original, Account author) {}

  private final Pool pool;
  private final StatusStore statuses;
  private final AccountStore accounts;
  private final Publisher publisher;

  public InteractionService(Pool pool, StatusStore statuses, AccountStore accounts,
      Publisher publisher) {
    this.pool = pool;
    this.statuses = statuses;
    this.accounts = accounts;
    this.publisher = publisher;
  }

  public Future<Status> favourite(Account member, Status target) {
    return interaction(member, target)
        .compose(it -> pool.withTransaction(tx -> like(tx, it)))
        .map(target);
  }

  /** A new like notifies the post's author, and is sent to them. */
  private Future<Void> like(SqlClient tx, Interaction it) {
    Account member = it.member();
    Status original = it.original();
    return InteractionStore.favourite(tx, member.id(), original.id(), member.uri())
        .compose(like -> like.isEmpty() ? Future.succeededFuture()
            : NotificationService.notify(tx, it.author().id(), NotificationType.FAVOURITE,
                    member.id(), original.id())
                .compose(done -> publisher.publish(tx, member.id(),
                    InteractionActivities.like(like.get().uri(), member, original), inbox(it.author()))));
  }

  public Future<Status> unfavourite(Account member, Status target) {
    return interaction(member, target)
        .compose(it -> pool.withTransaction(tx -> unlike(tx, it)))
        .map(target);
  }

  /** A like taken back withdraws its notification, and Undo(Like) is sent to the author. */
  private Future<Void> unlike(SqlClient tx, Interaction it) {
    Account member = it.member();
    Status original = it.original();
    return InteractionStore.unfavourite(tx, member.id(), original.id())
        .compose(like -> like.isEmpty() ? Future.succeededFuture()
            : NotificationStore.withdraw(tx, NotificationType.FAVOURITE, member.id(), original.id())
                .compose(done -> publisher.publish(tx, member.id(), Activities.undo(member,
                    InteractionActivities.like(like.get().uri(), member, original)), inbox(it.author()))));
  }

  /**
   * Shares the post with the member's followers (and tells its author). Public and unlisted posts
   * may be shared; a followers-only post only by its author, to the same followers.
   */
  public Future<Status> reblog(Account member, Status target, Visibility requested) {
    return original(target)
        .compose(original -> shareable(member, original))
        .compose(it -> pool.withTransaction(tx -> share(tx, it, requested)));
  }

  /** The share, if the post's visibility and its interaction policy allow it (else 403). */
  private Future<Interaction> shareable(Account member, Status original) {
    boolean own = original.accountId() == member.id();
    if (original.visibility() == Visibility.DIRECT
        || (original.visibility() == Visibility.PRIVATE && !own)) {
      return Future.failedFuture(ServiceException.forbidden("This action is not allowed"));
    }
    return InteractionPolicies.share(pool, original, member.id()).compose(verdict -> verdict.allowed()
        ? author(original).map(author -> new Interaction(member, original, author))
        : Future.failedFuture(InteractionPolicies.refusal(false)));
  }

  /** The member's share of the post: the one they have, or a new one. */
  private Future<Status> share(SqlClient tx, Interaction it, Visibility requested) {
    Visibility visibility = it.original().visibility() == Visibility.PRIVATE ? Visibility.PRIVATE
        : requested;
    return InteractionStore.existingReblog(tx, it.member().id(), it.original().id())
        .compose(existing -> existing.isPresent() ? Future.succeededFuture(existing.get())
            : insertShare(tx, it, visibility));
  }

  /** A share stored meanwhile by another request is answered as it is. */
  private Future<Status> insertShare(SqlClient tx, Interaction it, Visibility visibility) {
    Account member = it.member();
    Status original = it.original();
    Audience.Addressing addressing = shareAddressing(visibility, member, it.author());
    return InteractionStore.reblog(tx, member.uri(), member.id(), visibility, addressing.to(),
            addressing.cc(), original.id())
        .compose(reblog -> reblog.isEmpty()
            ? InteractionStore.existingReblog(tx, member.id(), original.id())
                .map(again -> again.orElseThrow())
            : announce(tx, it, reblog.get()));
  }

  /** A new share notifies the post's author, and Announce goes to the followers and the author. */
  private Future<Status> announce(SqlClient tx, Interaction it, Status reblog) {
    Account member = it.member();
    return NotificationService.notify(tx, it.author().id(), NotificationType.REBLOG,
            member.id(), it.original().id())
        .compose(done -> audience(tx, member, it.author()))
        .compose(inboxes -> publisher.publish(tx, member.id(),
            InteractionActivities.announce(reblog, member, it.original()), inboxes))
        .map(reblog);
  }

  private static Audience.Addressing shareAddressing(Visibility visibility, Account member,
      Account author) {
    List<String> to = new ArrayList<>();
    List<String> cc = new ArrayList<>();
    switch (visibility) {
      case PUBLIC -> {
        to.add(Visibility.AS_PUBLIC);
        cc.add(author.uri());
        cc.add(member.followersUrl());
      }
      case UNLISTED -> {
        to.add(member.followersUrl());
        cc.add(Visibility.AS_PUBLIC);
        cc.add(author.uri());
      }
      default -> {
        to.add(member.followersUrl());
        cc.add(author.uri());
      }
    }
    return new Audience.Addressing(to, cc);
  }

  /** Stops sharing; answers the shared post. */
  public Future<Status> unreblog(Account member, Status target) {
    return interaction(member, target)
        .compose(it -> pool.withTransaction(tx -> unshare(tx, it)).map(it.original()));
  }

  /** A share taken back withdraws its notification, and Undo(Announce) goes where it went. */
  private Future<Void> unshare(SqlClient tx, Interaction it) {
    Account member = it.member();
    Status original = it.original();
    return InteractionStore.unreblog(tx, member.id(), original.id())
        .compose(reblog -> reblog.isEmpty() ? Future.succeededFuture()
            : NotificationStore.withdraw(tx, NotificationType.REBLOG, member.id(), original.id())
                .compose(done -> audience(tx, member, it.author()))
                .compose(inboxes -> publisher.publish(tx, member.id(),
                    InteractionActivities.undoAnnounce(reblog.get(), member, original), inboxes)));
  }

  /** Bookmarks stay with the member: nothing is sent. */
  public Future<Status> bookmark(Account member, Status target) {
    return original(target).compose(original -> pool.withTransaction(tx ->
        InteractionStore.bookmark(tx, member.id(), original.id())).map(target));
  }

  public Future<Status> unbookmark(Account member, Status target) {
    return original(target).compose(original -> pool.withTransaction(tx ->
        InteractionStore.unbookmark(tx, member.id(), original.id())).map(target));
  }

  /**
   * Pins one of the member's own posts to their profile: not a share, not a direct message, at
   * most {@value InteractionStore#MAX_PINS}. Followers are told with Add when the post is public
   * or unlisted (the featured collection shows only those).
   */
  public Future<Status> pin(Account member, Status status) {
    if (status.reblogOfId() != null) {
      return Future.failedFuture(validation("A boost cannot be pinned"));
    }
    if (status.accountId() != member.id()) {
      return Future.failedFuture(validation("Someone else's post cannot be pinned"));
    }
    if (status.visibility() == Visibility.DIRECT) {
      return Future.failedFuture(
          validation("Posts that are only visible to mentioned users cannot be pinned"));
    }
    return pool.withTransaction(tx -> InteractionStore.pin(tx, member.id(), status.id())
        .compose(pin -> {
          if (pin.outcome() == PinOutcome.LIMIT) {
            return Future.failedFuture(
                validation("You have already pinned the maximum number of posts"));
          }
          if (pin.outcome() == PinOutcome.ALREADY || !status.visibility().isPubliclyReadable()) {
            return Future.succeededFuture();
          }
          return Publisher.followerInboxes(tx, member.id()).compose(inboxes -> publisher.publish(tx,
              member.id(), InteractionActivities.featured(member.uri() + "#pins/" + pin.id(), "Add",
                  member, status), inboxes));
        })).map(status);
  }

  public Future<Status> unpin(Account member, Status status) {
    return pool.withTransaction(tx -> InteractionStore.unpin(tx, member.id(), status.id())
        .compose(pin -> pin.isEmpty() || !status.visibility().isPubliclyReadable()
            ? Future.succeededFuture()
            : Publisher.followerInboxes(tx, member.id()).compose(inboxes -> publisher.publish(tx,
                member.id(), InteractionActivities.featured(member.uri() + "#pins/" + pin.get().id()
                    + "/remove", "Remove", member, status), inboxes))))
        .map(status);
  }

  private static ServiceException validation(String sentence) {
    // Mastodon answers a refused pin as a failed record validation: 422 "Validation failed: ...".
    return new ServiceException(422, "Validation failed: " + sentence,
        new JsonObject().put("base", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("error", "ERR_INVALID").put("description", sentence))));
  }

  private Future<Status> original(Status status) {
    if (status.reblogOfId() == null) {
      return Future.succeededFuture(status);
    }
    return statuses.byId(status.reblogOfId()).compose(found -> found
        .filter(original -> !original.isDeleted())
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ServiceException.notFound("Record not found"))));
  }

  private Future<Interaction> interaction(Account member, Status target) {
    return original(target).compose(original -> author(original)
        .map(author -> new Interaction(member, original, author)));
  }

  private Future<Account> author(Status status) {
    return accounts.byId(status.accountId()).map(found -> found.orElseThrow());
  }

  /** The author's own inbox, when the author is remote. */
  private static List<String> inbox(Account author) {
    return author.isLocal() || author.inboxUrl() == null ? List.of() : List.of(author.inboxUrl());
  }

  /** A share reaches the sharer's followers and the shared post's author. */
  private static Future<List<String>> audience(SqlClient tx, Account member, Account author) {
    return Publisher.followerInboxes(tx, member.id()).map(inboxes -> {
      List<String> all = new ArrayList<>(inboxes);
      all.addAll(inbox(author));
      return all;
    });
  }
}
