package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.UUID;
import org.plutro.server.AppContext;
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
  private final AppContext app;

  public BlockService(AppContext app) {
    this.app = app;
  }

  public Future<Void> block(Account member, Account target) {
    if (member.id() == target.id()) {
      return Future.failedFuture(new ValidationErrors()
          .add("account", "ERR_INVALID", "cannot be yourself").toException());
    }
    String uri = app.uris().base() + "/blocks/" + UUID.randomUUID();
    return app.followService().unfollow(member, target).compose(done -> app.pool()
        .withTransaction(tx -> insertBlock(tx, member, target, uri)));
  }

  /** The block, and no follow either way; a new block of a remote account is sent to it. */
  private Future<Void> insertBlock(SqlClient tx, Account member, Account target, String uri) {
    return BlockStore.insertNew(tx, member.id(), target.id(), uri)
        .compose(inserted -> BlockStore.unfollowBothWays(tx, member.id(), target.id())
            .compose(done -> !inserted || target.isLocal() ? Future.succeededFuture()
                : app.publisher().publish(tx, member.id(), activity(uri, member, target),
                    List.of(inbox(target)))));
  }

  public Future<Void> unblock(Account member, Account target) {
    return app.pool().withTransaction(tx -> BlockStore.deleteReturningUri(tx, member.id(), target.id())
        .compose(deleted -> {
          if (deleted.isEmpty() || target.isLocal()) {
            return Future.succeededFuture();
          }
          String uri = deleted.get();
          return app.publisher().publish(tx, member.id(),
              Activities.undo(member, activity(uri, member, target)), List.of(inbox(target)));
        }));
  }

  static JsonObject activity(String uri, Account member, Account target) {
    return new JsonObject().put("@context", Activities.CONTEXT.copy()).put("id", uri)
        .put("type", "Block").put("actor", member.uri()).put("object", target.uri());
  }

  private static String inbox(Account account) {
    return account.inboxUrl() != null ? account.inboxUrl() : account.sharedInboxUrl();
  }
}
