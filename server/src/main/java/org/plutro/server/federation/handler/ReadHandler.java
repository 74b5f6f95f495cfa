package org.plutro.server.federation.handler;

import org.plutro.server.uri.Uris;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.MentionStore;
import org.plutro.server.store.AccountStore;
import io.vertx.core.Future;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.service.ReadReceipts;

/**
 * Read of one of our members' messages (a read receipt, as Smithereen sends them). Only an
 * account the message was addressed to may say it read it; it is kept only when the sender has
 * read receipts on.
 */
public final class ReadHandler implements ActivityHandler {
  private final Uris uris;
  private final StatusStore statuses;
  private final MentionStore mentions;
  private final AccountStore accounts;
  private final ReadReceipts receipts;

  public ReadHandler(Uris uris, StatusStore statuses, MentionStore mentions, AccountStore accounts,
      ReadReceipts receipts) {
    this.uris = uris;
    this.statuses = statuses;
    this.mentions = mentions;
    this.accounts = accounts;
    this.receipts = receipts;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    String objectId = inbound.objectId();
    if (objectId == null || !uris.isLocal(objectId)) {
      return Future.succeededFuture();
    }
    return statuses.byUri(objectId).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || !found.get().local()) {
        return Future.succeededFuture();
      }
      var message = found.get();
      return mentions.of(message.id()).compose(mentions -> {
        boolean addressed = mentions.stream()
            .anyMatch(m -> m.account().id() == inbound.actor().id());
        return addressed ? received(inbound.actor(), message) : Future.succeededFuture();
      });
    });
  }

  /** A message read by someone it addressed: its sender keeps the receipt if they agreed to. */
  private Future<Void> received(Account reader, Status message) {
    return accounts.byId(message.accountId()).compose(sender -> sender
        .map(s -> receipts.received(reader, message, s))
        .orElseGet(Future::succeededFuture));
  }
}
