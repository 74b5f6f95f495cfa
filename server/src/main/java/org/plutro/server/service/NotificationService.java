package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import org.plutro.server.domain.NotificationType;
import org.plutro.server.store.NotificationStore;

/**
 * Notifications of local members, with Mastodon's types. Anyone may call {@link #notify}: it
 * does nothing for a remote recipient, for oneself, or for someone the recipient blocks, and a
 * repeated status notification of the same kind from the same account is kept once.
 */
public final class NotificationService {
  private final SqlClient client;
  private final NotificationStore store;

  public NotificationService(SqlClient client, NotificationStore store) {
    this.client = client;
    this.store = store;
  }

  public NotificationStore store() {
    return store;
  }

  /** Notifies {@code recipientAccountId} that {@code fromAccountId} did {@code type} (on a status). */
  public Future<Void> notify(long recipientAccountId, String type, long fromAccountId, Long statusId) {
    return notify(client, recipientAccountId, type, fromAccountId, statusId);
  }

  /** The same, inside the caller's transaction. */
  public static Future<Void> notify(SqlClient tx, long recipientAccountId, String type,
      long fromAccountId, Long statusId) {
    if (!NotificationType.ALL.contains(type)) {
      return Future.failedFuture(new IllegalArgumentException("unknown notification type " + type));
    }
    return NotificationStore.insert(tx, recipientAccountId, type, fromAccountId, statusId);
  }

  /** The post was edited: the local members who shared it get an {@code update}. */
  public static Future<Void> notifyRebloggers(SqlClient tx, long statusId, long authorId) {
    return NotificationStore.insertForRebloggers(tx, statusId, authorId);
  }

  /** An undone Like or Announce takes its notification back. */
  public Future<Void> withdraw(String type, long fromAccountId, long statusId) {
    return store.withdraw(type, fromAccountId, statusId);
  }
}
