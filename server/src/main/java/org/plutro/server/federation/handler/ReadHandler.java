package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import org.plutro.server.AppContext;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.service.ReadReceipts;

/**
 * Read of one of our members' messages (a read receipt, as Smithereen sends them). Only an
 * account the message was addressed to may say it read it; it is kept only when the sender has
 * read receipts on.
 */
public final class ReadHandler implements ActivityHandler {
  private final AppContext app;
  private final ReadReceipts receipts;

  public ReadHandler(AppContext app) {
    this.app = app;
    this.receipts = new ReadReceipts(app);
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    String objectId = inbound.objectId();
    if (objectId == null || !app.uris().isLocal(objectId)) {
      return Future.succeededFuture();
    }
    return app.statuses().byUri(objectId).compose(found -> {
      if (found.isEmpty() || found.get().isDeleted() || !found.get().local()) {
        return Future.succeededFuture();
      }
      var message = found.get();
      return app.mentions().of(message.id()).compose(mentions -> {
        boolean addressed = mentions.stream()
            .anyMatch(m -> m.account().id() == inbound.actor().id());
        return addressed ? received(inbound.actor(), message) : Future.succeededFuture();
      });
    });
  }

  /** A message read by someone it addressed: its sender keeps the receipt if they agreed to. */
  private Future<Void> received(Account reader, Status message) {
    return app.accounts().byId(message.accountId()).compose(sender -> sender
        .map(s -> receipts.received(reader, message, s))
        .orElseGet(Future::succeededFuture));
  }
}
