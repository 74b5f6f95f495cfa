package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import java.util.Optional;
import org.plutro.federation.vocab.Activity;
import org.plutro.server.domain.Account;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.FollowStore;

/**
 * Finds which of our members' follows an Accept or Reject answers: by the Follow's id, or, for
 * peers that embed a Follow without our id, by its actor. The signer must be the followed one.
 */
final class OurFollow {
  private final FollowStore follows;
  private final AccountStore accounts;
  private final LocalAccounts localAccounts;

  OurFollow(FollowStore follows, AccountStore accounts, LocalAccounts localAccounts) {
    this.follows = follows;
    this.accounts = accounts;
    this.localAccounts = localAccounts;
  }

  Future<Optional<Account>> find(Inbound inbound) {
    String followId = inbound.objectId();
    Future<Optional<Long>> followerId = followId == null
        ? Future.succeededFuture(Optional.empty())
        : follows.byUri(followId).map(found -> found
            .filter(follow -> follow.targetAccountId() == inbound.actor().id())
            .map(follow -> follow.accountId()));
    return followerId.compose(id -> {
      if (id.isPresent()) {
        return accounts.byId(id.get());
      }
      Optional<Activity> follow = inbound.activity().embeddedObject(Activity.class);
      if (follow.isEmpty() || !inbound.actor().uri().equals(follow.get().objectId())) {
        return Future.succeededFuture(Optional.empty());
      }
      return localAccounts.byUri(follow.get().actorId());
    });
  }
}
