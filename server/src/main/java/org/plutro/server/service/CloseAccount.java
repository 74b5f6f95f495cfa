package org.plutro.server.service;

import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.delivery.Publisher;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Vertx;
import org.plutro.server.text.Timestamps;
import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.mapper.ActorActivities;
import org.plutro.server.store.AccountClosureStore;
import org.plutro.server.store.AccountClosureStore.Closure;
import org.plutro.server.store.AccountClosureStore.Delivery;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.store.CopyHolderStore.Holder;
import org.plutro.server.store.JobStore;

/**
 * Closing a member's account. At once, in one transaction: the account is marked closed (its
 * actor, posts and WebFinger answer 410, its username stays taken), its tokens are revoked, its
 * posts hidden, its follows and likes removed, and one Delete(Person) is queued for every instance
 * holding a copy — signed with the member's key, kept until that fan-out is over. After the
 * retention window a durable job purges the personal data ({@link #purge}).
 */
public final class CloseAccount {
  public static final String PURGE_JOB = "account.purge";
  /** How long to wait before looking again when the Delete is still being retried. */
  private static final int KEY_RECHECK_HOURS = 6;

  /** The closure just made: when, and how many instances are being told. */
  public record Closed(OffsetDateTime closedAt, int instances) {}

  private final Vertx vertx;
  private final Pool pool;
  private final AccountStore accounts;
  private final CopyHolderStore copyHolders;
  private final AccountClosureStore closures;
  private final OAuthStore oauth;
  private final Publisher publisher;
  /** Days between the closure and the purge of the personal data. */
  private final int retentionDays;
  /** Where members' avatars and headers are kept ({@link UpdateProfile#avatarFolder}). */
  private final Path avatarFolder;

  public CloseAccount(Vertx vertx, Pool pool, AccountStore accounts, CopyHolderStore copyHolders,
      AccountClosureStore closures, OAuthStore oauth, Publisher publisher, int retentionDays,
      Path avatarFolder) {
    this.vertx = vertx;
    this.pool = pool;
    this.accounts = accounts;
    this.copyHolders = copyHolders;
    this.closures = closures;
    this.oauth = oauth;
    this.publisher = publisher;
    this.retentionDays = retentionDays;
    this.avatarFolder = avatarFolder;
  }

  /** Closes a local member's account; {@code by} is "member" or "admin". */
  public Future<Closed> close(Account member, String by) {
    if (!member.isLocal() || !"Person".equals(member.actorType())) {
      return Future.failedFuture(ServiceException.notFound("Record not found"));
    }
    long id = member.id();
    return pool.withTransaction(tx -> markClosed(tx, id)
            .compose(closedAt -> closeInTransaction(tx, member, by, closedAt)))
        .onSuccess(closed -> oauth.forgetAccount(id));
  }

  /** When the account was closed; fails with 422 when it was already. */
  private static Future<OffsetDateTime> markClosed(SqlClient tx, long id) {
    return AccountClosureStore.markClosed(tx, id).compose(closedAt -> closedAt.isEmpty()
        ? Future.failedFuture(new ServiceException(422, "This account is already closed"))
        : Future.succeededFuture(closedAt.get()));
  }

  /** What closing takes away; then Delete to every holder of a copy, and the purge scheduled. */
  private Future<Closed> closeInTransaction(SqlClient tx, Account member, String by,
      OffsetDateTime closedAt) {
    long id = member.id();
    // Holders first: the member's follows count among them and are removed below.
    return CopyHolderStore.holders(tx, id).compose(holders -> {
      var delete = ActorActivities.delete(member.uri());
      return AccountClosureStore.takeAway(tx, id)
          .compose(done -> JobStore.drop(tx, ProfileBroadcast.JOB, Long.toString(id)))
          .compose(done -> publisher.publish(tx, id, delete, CopyHolderStore.inboxes(holders)))
          .compose(done -> AccountClosureStore.record(tx, id, by, delete.id(),
              holders.size(), retentionDays))
          .compose(done -> JobStore.schedule(tx, PURGE_JOB, Long.toString(id), retentionDays, 0))
          .map(done -> new Closed(closedAt, holders.size()));
    });
  }

  /**
   * The closure's reach. Before closing: the instances that will be told. After: each instance's
   * delivery of the Delete (delivered, pending, retrying, failed) with counts.
   */
  public Future<JsonObject> status(Account member) {
    return closures.closure(member.id()).compose(found -> {
      JsonObject status = new JsonObject().put("id", Long.toString(member.id()))
          .put("username", member.username()).put("acct", member.acct());
      if (found.isEmpty()) {
        return copyHolders.holders(member.id()).map(holders -> {
          JsonArray instances = new JsonArray();
          for (Holder holder : holders) {
            instances.add(new JsonObject().put("domain", holder.domain())
                .put("last_contact_at", Timestamps.iso(holder.lastContactAt())));
          }
          return status.put("state", "open")
              .put("counts", new JsonObject().put("instances", holders.size()))
              .put("instances", instances);
        });
      }
      Closure closure = found.get();
      status.put("state", closure.purgedAt() == null ? "closed" : "purged")
          .put("closed_by", closure.closedBy())
          .put("closed_at", Timestamps.iso(closure.closedAt()))
          .put("purge_after", Timestamps.iso(closure.purgeAfter()))
          .put("purged_at", time(closure.purgedAt()));
      Long activity = closure.deleteActivityId();
      if (activity == null) {
        return Future.succeededFuture(status.put("counts", counts(0, 0, 0, 0, 0))
            .put("instances", new JsonArray()));
      }
      return closures.deliveries(activity).map(deliveries -> {
        JsonArray instances = new JsonArray();
        int delivered = 0;
        int pending = 0;
        int retrying = 0;
        int failed = 0;
        for (Delivery delivery : deliveries) {
          String state = switch (delivery.state()) {
            case "delivered" -> "delivered";
            case "failed" -> "failed";
            default -> delivery.lastError() != null || delivery.lastStatus() != null
                ? "retrying" : "pending";
          };
          switch (state) {
            case "delivered" -> delivered++;
            case "failed" -> failed++;
            case "retrying" -> retrying++;
            default -> pending++;
          }
          instances.add(new JsonObject().put("domain", delivery.domain())
              .put("inbox", delivery.inboxUrl()).put("state", state)
              .put("attempts", delivery.attempts())
              .put("last_status", delivery.lastStatus())
              .put("last_error", delivery.lastError())
              .put("delivered_at", time(delivery.deliveredAt()))
              .put("next_attempt_at", "queued".equals(delivery.state())
                  ? time(delivery.nextAttemptAt()) : null));
        }
        return status.put("counts", counts(instances.size(), delivered, pending, retrying, failed))
            .put("instances", instances);
      });
    });
  }

  /**
   * The purge job, after the retention window: credentials, sessions, profile, images and the
   * text of posts go. The signing key goes once no Delete is still being retried; until then
   * the job comes back every few hours.
   */
  public Future<Void> purge(JsonObject payload) {
    long id = Long.parseLong(payload.getString("subject"));
    return accounts.byId(id).compose(found -> {
      if (found.isEmpty() || found.get().deletedAt() == null || !found.get().isLocal()) {
        return Future.succeededFuture();
      }
      return pool.withTransaction(tx -> AccountClosureStore.purge(tx, id))
          .onSuccess(done -> oauth.forgetAccount(id))
          .compose(done -> vertx.executeBlocking(() -> deleteImages(id), false))
          .compose(done -> pool.withTransaction(tx -> deleteKeyWhenFanOutEnded(tx, id)));
    });
  }

  private Future<Void> deleteKeyWhenFanOutEnded(SqlClient tx, long id) {
    return AccountClosureStore.fanOutOpen(tx, id).compose(open -> open
        ? JobStore.schedule(tx, PURGE_JOB, Long.toString(id), 0, KEY_RECHECK_HOURS)
        : AccountClosureStore.deleteKey(tx, id));
  }

  private Void deleteImages(long accountId) throws java.io.IOException {
    Path folder = avatarFolder;
    if (!Files.isDirectory(folder)) {
      return null;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, accountId + "-*")) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
    return null;
  }

  private static JsonObject counts(int instances, int delivered, int pending, int retrying, int failed) {
    return new JsonObject().put("instances", instances).put("delivered", delivered)
        .put("pending", pending).put("retrying", retrying).put("failed", failed);
  }

  private static String time(OffsetDateTime time) {
    return time == null ? null : Timestamps.iso(time);
  }
}
