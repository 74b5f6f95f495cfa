package org.plutro.server.service;

import org.plutro.server.store.AccountStore;
import org.plutro.server.delivery.Publisher;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;
import org.plutro.server.federation.mapper.Activities;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.StatusReadStore;

/**
 * Read receipts as Smithereen sends them: an ActivityStreams {@code Read} of the message, from
 * the reader to the message's sender only. Both sides consent: the reader's receipts must be on
 * for one to be sent, the sender's for one to be kept and shown.
 */
public final class ReadReceipts {
  private final Pool pool;
  private final AccountStore accounts;
  private final Publisher publisher;
  private final MemberPrivacyStore privacy;
  private final StatusReadStore reads;

  public ReadReceipts(Pool pool, AccountStore accounts, Publisher publisher) {
    this.pool = pool;
    this.accounts = accounts;
    this.publisher = publisher;
    this.privacy = new MemberPrivacyStore(pool);
    this.reads = new StatusReadStore(pool);
  }

  /** The member has read {@code message}; its sender learns it if both of them agreed to. */
  public Future<Void> read(Account reader, Status message) {
    if (message.accountId() == reader.id()) {
      return Future.succeededFuture();
    }
    return privacy.get(reader.id()).compose(mine -> !mine.readReceipts() ? Future.succeededFuture()
        : accounts.byId(message.accountId()).compose(found -> {
          if (found.isEmpty() || found.get().deletedAt() != null) {
            return Future.succeededFuture();
          }
          // A local sender's receipt is kept as if their server had received our Read.
          return found.get().isLocal() ? received(reader, message, found.get())
              : tellRemoteSender(reader, message, found.get());
        }));
  }

  /** Read goes to a remote sender, once: it is kept on our side too. */
  private Future<Void> tellRemoteSender(Account reader, Status message, Account sender) {
    return reads.insert(message.id(), reader.id()).compose(fresh -> !fresh
        ? Future.succeededFuture()
        : pool.withTransaction(tx -> publisher.publish(tx, reader.id(),
            Activities.read(reader.uri() + "#reads/" + UUID.randomUUID(), reader, sender, message),
            List.of(inbox(sender)))));
  }

  /** An incoming Read of {@code message} by {@code reader}: kept when the sender agreed. */
  public Future<Void> received(Account reader, Status message, Account sender) {
    return privacy.get(sender.id()).compose(theirs -> theirs.readReceipts()
        ? reads.insert(message.id(), reader.id()).<Void>mapEmpty() : Future.succeededFuture());
  }

  /** Who read each of the member's messages, when the member has receipts on; else null. */
  public Future<java.util.Map<Long, List<Long>>> readers(long memberId, List<Long> statusIds) {
    return privacy.get(memberId).compose(mine -> mine.readReceipts() ? reads.readers(statusIds)
        : Future.succeededFuture(null));
  }

  private static String inbox(Account account) {
    return account.inboxUrl() != null ? account.inboxUrl() : account.sharedInboxUrl();
  }
}
