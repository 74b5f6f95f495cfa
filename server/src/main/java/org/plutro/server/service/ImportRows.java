package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.ImportStore;
import org.plutro.server.store.ListStore;
import org.plutro.server.store.SafetyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job of one row of an import ({@link ImportService}): an account followed, blocked, muted or
 * put on a list, a domain blocked, a post bookmarked — or, undoing, no longer. What cannot be
 * found (an account gone, a post we may not see) is skipped, as Mastodon's import does; each row
 * is counted on its import.
 */
public final class ImportRows {
  private static final Logger LOG = LoggerFactory.getLogger(ImportRows.class);

  private final Pool pool;
  private final AccountStore accounts;
  private final RemoteActors remoteActors;
  private final RemoteStatuses remoteStatuses;
  private final StatusVisibility statusVisibility;
  private final FollowService followService;
  private final BlockService blocks;
  private final InteractionService interactions;
  private final SafetyStore safety;
  private final ListStore lists;
  private final ImportStore imports;

  public ImportRows(Pool pool, AccountStore accounts, RemoteActors remoteActors,
      RemoteStatuses remoteStatuses, StatusVisibility statusVisibility, FollowService followService,
      BlockService blocks, InteractionService interactions, SafetyStore safety, ListStore lists,
      ImportStore imports) {
    this.pool = pool;
    this.accounts = accounts;
    this.remoteActors = remoteActors;
    this.remoteStatuses = remoteStatuses;
    this.statusVisibility = statusVisibility;
    this.followService = followService;
    this.blocks = blocks;
    this.interactions = interactions;
    this.safety = safety;
    this.lists = lists;
    this.imports = imports;
  }

  /** The job: one row applied, then counted (done, or skipped when it names nothing we can find). */
  public Future<Void> run(JsonObject payload) {
    long memberId = Long.parseLong(payload.getString("subject"));
    return accounts.byId(memberId).compose(found -> {
      if (found.isEmpty() || found.get().deletedAt() != null) {
        return Future.succeededFuture();
      }
      return apply(found.get(), payload)
          .recover(failure -> {
            LOG.debug("Import of {} skipped: {}", payload.getString("acct"), failure.toString());
            return failure instanceof ServiceException e && e.status() == 404
                ? Future.succeededFuture(false) : Future.failedFuture(failure);
          })
          .compose(applied -> count(payload, !applied));
    });
  }

  /** True when the row was applied, false when what it names was not found. */
  private Future<Boolean> apply(Account member, JsonObject payload) {
    String type = payload.getString("type");
    String item = payload.getString("acct");
    boolean undo = Boolean.TRUE.equals(payload.getBoolean("undo"));
    return switch (type) {
      case "domain_blocks" -> (undo ? safety.unblockDomain(member.id(), item)
          : pool.withTransaction(tx -> SafetyStore.blockDomain(tx, member.id(), item))).map(true);
      case "bookmarks" -> bookmark(member, item, undo);
      case "lists" -> listed(member, payload.getString("list"), item, undo);
      default -> remoteActors.resolve(item, false).compose(target -> target.id() == member.id()
          ? Future.succeededFuture(true) : account(member, type, target, undo).map(true));
    };
  }

  private Future<Void> account(Account member, String type, Account target, boolean undo) {
    return switch (type) {
      case "following" -> undo ? followService.unfollow(member, target)
          : followService.follow(member, target).mapEmpty();
      case "blocks" -> undo ? blocks.unblock(member, target) : blocks.block(member, target);
      default -> undo ? safety.unmute(member.id(), target.id())
          : safety.mute(member.id(), target.id(), true, null);
    };
  }

  /** A post bookmarked (fetched if need be), if the member may see it. */
  private Future<Boolean> bookmark(Account member, String uri, boolean undo) {
    return remoteStatuses.find(uri).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(false);
      }
      if (undo) {
        return interactions.unbookmark(member, found.get()).map(true);
      }
      return statusVisibility.maySee(Optional.of(member), found.get()).compose(visible -> visible
          ? interactions.bookmark(member, found.get()).map(true) : Future.succeededFuture(false));
    });
  }

  /**
   * An account put on the member's list (made when the import started), followed first as
   * Mastodon's import does; a follow still awaiting approval leaves it off, as skipped.
   */
  private Future<Boolean> listed(Account member, String title, String address, boolean undo) {
    return lists.owned(member.id()).compose(owned -> {
      Optional<ListStore.MemberList> list = owned.stream()
          .filter(candidate -> candidate.title().equals(title)).findFirst();
      if (list.isEmpty()) {
        return Future.succeededFuture(false);
      }
      return remoteActors.resolve(address, false).compose(target -> undo
          ? lists.remove(list.get().id(), List.of(target.id())).map(true)
          : follow(member, target).compose(done -> lists.add(list.get(), List.of(target.id())))
              .map(refused -> refused.isEmpty() || refused.get() == ListStore.AddRefusal.ALREADY_MEMBER));
    });
  }

  private Future<Void> follow(Account member, Account target) {
    return target.id() == member.id() ? Future.succeededFuture()
        : followService.follow(member, target).mapEmpty();
  }

  private Future<Void> count(JsonObject payload, boolean skipped) {
    String importId = payload.getString("import");
    // Rows queued before imports were recorded name none.
    return importId == null ? Future.succeededFuture()
        : imports.count(Long.parseLong(importId), skipped);
  }
}
