package org.plutro.server.service;

import org.plutro.server.uri.Uris;
import org.plutro.server.delivery.Publisher;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.UUID;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.store.BlockStore;

/**
 * A member blocks or unblocks an account, as Mastodon's BlockService: the member's follow is
 * withdrawn (Undo Follow to a remote target), the block is stored with the follows both ways
 * removed, and a remote target is sent {@code Block} (later {@code Undo(Block)}), which makes its
 * server drop the follows on its side.
 */
public final class BlockService {
  private final Pool pool;
  private final Uris uris;
  private final FollowService followService;
  private final Publisher publisher;

  public BlockService(Pool pool, Uris uris, FollowService followService, Publisher publisher) {
    this.pool = pool;
    this.uris = uris;
    this.followService = followService;
    this.publisher = publisher;
  }

  public Future<Void> block(Account member, Account target) {
    if (member.id() == target.id()) {
      return Future.failedFuture(new ValidationErrors()
          .add("account", "ERR_INVALID", "cannot be yourself").toException());
    }
    String uri = uris.base() + "/blocks/" + UUID.randomUUID();
    return followService.unfollow(member, target).compose(done -> pool
        .withTransaction(tx -> insertBlock(tx, member, target, uri)));
  }

  /** The block, and no follow either way; a new block of a remote account is sent to it. */
  private Future<Void> insertBlock(SqlClient tx, Account member, Account target, String uri) {
    return BlockStore.insertNew(tx, member.id(), target.id(), uri)
        .compose(inserted -> BlockStore.unfollowBothWays(tx, member.id(), target.id())
            .compose(done -> !inserted || target.isLocal() ? Future.succeededFuture()
                : publisher.publish(tx, member.id(), Activities.block(uri, member, target),
                    List.of(inbox(target)))));
  }

  public Future<Void> unblock(Account member, Account target) {
    return pool.withTransaction(tx -> BlockStore.deleteReturningUri(tx, member.id(), target.id())
        .compose(deleted -> {
          if (deleted.isEmpty() || target.isLocal()) {
            return Future.succeededFuture();
          }
          String uri = deleted.get();
          return publisher.publish(tx, member.id(),
              Activities.undo(member, Activities.block(uri, member, target)), List.of(inbox(target)));
        }));
  }

  private static String inbox(Account account) {
    return account.inboxUrl() != null ? account.inboxUrl() : account.sharedInboxUrl();
  }
}
