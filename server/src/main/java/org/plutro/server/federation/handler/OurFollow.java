package org.plutro.server.federation.handler;

import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;

/**
 * Finds which of our members' follows an Accept or Reject answers: by the Follow's id, or, for
 * peers that embed a Follow without our id, by its actor. The signer must be the followed one.
 */
final class OurFollow {
  private OurFollow() {}

  static Future<Optional<Account>> find(AppContext app, Inbound inbound) {
    String followId = inbound.objectId();
    Future<Optional<Long>> followerId = followId == null
        ? Future.succeededFuture(Optional.empty())
        : app.follows().byUri(followId).map(found -> found
            .filter(follow -> follow.targetAccountId() == inbound.actor().id())
            .map(follow -> follow.accountId()));
    return followerId.compose(id -> {
      if (id.isPresent()) {
        return app.accounts().byId(id.get());
      }
      JsonObject follow = inbound.embeddedObject();
      if (follow == null || !inbound.actor().uri().equals(Refs.idOf(follow.getValue("object")))) {
        return Future.succeededFuture(Optional.empty());
      }
      return app.localAccount(Refs.idOf(follow.getValue("actor")));
    });
  }
}
