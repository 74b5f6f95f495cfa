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
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.mapper.ActorActivities;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.store.CopyHolderStore.Holder;

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

  private static final String CLOSE = "UPDATE accounts SET deleted_at = now(), updated_at = now()"
      + " WHERE id = $1 AND domain IS NULL AND deleted_at IS NULL RETURNING deleted_at";
  private static final String REVOKE_TOKENS = "UPDATE oauth_tokens SET revoked_at = now()"
      + " WHERE account_id = $1 AND revoked_at IS NULL";
  private static final String HIDE_POSTS = "UPDATE statuses SET deleted_at = now()"
      + " WHERE account_id = $1 AND deleted_at IS NULL";
  private static final String REMOVE_FOLLOWS = "DELETE FROM follows WHERE account_id = $1"
      + " OR target_account_id = $1";
  private static final String REMOVE_FAVOURITES = "DELETE FROM favourites WHERE account_id = $1";
  private static final String DROP_PROFILE_UPDATES = "DELETE FROM jobs WHERE kind = '"
      + ProfileBroadcast.JOB + "' AND payload ? 'subject' AND payload ->> 'subject' = $1::text";
  private static final String RECORD = "INSERT INTO account_closures (account_id, closed_by,"
      + " delete_activity_id, instances, purge_after) VALUES ($1, $2,"
      + " (SELECT id FROM outbound_activities WHERE uri = $3), $4,"
      + " now() + make_interval(days => $5))";
  private static final String SCHEDULE_PURGE = "INSERT INTO jobs (kind, payload, run_at)"
      + " VALUES ('" + PURGE_JOB + "', jsonb_build_object('subject', $1::text),"
      + " now() + make_interval(days => $2))";

  private static final String CLOSURE = "SELECT c.closed_by, c.closed_at, c.instances,"
      + " c.purge_after, c.purged_at, c.key_deleted_at, c.delete_activity_id"
      + " FROM account_closures c WHERE c.account_id = $1";
  private static final String DELIVERIES = "SELECT domain, inbox_url, state, attempts, last_status,"
      + " last_error, next_attempt_at, delivered_at FROM deliveries WHERE activity_id = $1"
      + " ORDER BY domain";

  // Purge: what identifies a person goes; the account row (username, actor id) stays for ever.
  private static final String PURGE_USER = "DELETE FROM users WHERE account_id = $1";
  private static final String PURGE_TOKENS = "DELETE FROM oauth_tokens WHERE account_id = $1";
  private static final String PURGE_SIGN_INS = "DELETE FROM sign_ins WHERE account_id = $1";
  // Conversations, mutes, domain blocks, read records and privacy choices are the member's own.
  private static final String PURGE_PRIVATE = "WITH c AS (DELETE FROM account_conversations"
      + " WHERE account_id = $1), m AS (DELETE FROM mutes WHERE account_id = $1),"
      + " d AS (DELETE FROM account_domain_blocks WHERE account_id = $1),"
      + " r AS (DELETE FROM status_reads WHERE account_id = $1)"
      + " DELETE FROM member_privacy WHERE account_id = $1";
  private static final String PURGE_PROFILE = "UPDATE accounts SET display_name = '', note = '',"
      + " note_source = '', avatar_url = NULL, header_url = NULL, fields = '[]' WHERE id = $1";
  private static final String PURGE_POSTS = "UPDATE statuses SET content = '', source_text = NULL,"
      + " spoiler_text = '', to_uris = '{}', cc_uris = '{}' WHERE account_id = $1";
  private static final String PURGED = "UPDATE account_closures SET purged_at = now()"
      + " WHERE account_id = $1 AND purged_at IS NULL";
  // Any of the member's activities still queued (the Delete above all) still needs the key.
  private static final String FAN_OUT_OPEN = "SELECT EXISTS (SELECT 1 FROM outbound_activities o"
      + " JOIN deliveries d ON d.activity_id = o.id WHERE o.account_id = $1 AND d.state = 'queued')";
  private static final String DELETE_KEY = "DELETE FROM actor_keys WHERE account_id = $1";
  private static final String KEY_DELETED = "UPDATE account_closures SET key_deleted_at = now()"
      + " WHERE account_id = $1";
  private static final String RECHECK_KEY = "INSERT INTO jobs (kind, payload, run_at)"
      + " VALUES ('" + PURGE_JOB + "', jsonb_build_object('subject', $1::text),"
      + " now() + make_interval(hours => " + KEY_RECHECK_HOURS + "))";

  /** The closure just made: when, and how many instances are being told. */
  public record Closed(OffsetDateTime closedAt, int instances) {}

  private final Vertx vertx;
  private final Pool pool;
  private final AccountStore accounts;
  private final CopyHolderStore copyHolders;
  private final OAuthStore oauth;
  private final Publisher publisher;
  /** Days between the closure and the purge of the personal data. */
  private final int retentionDays;
  /** Where members' avatars and headers are kept ({@link UpdateProfile#avatarFolder}). */
  private final Path avatarFolder;

  public CloseAccount(Vertx vertx, Pool pool, AccountStore accounts, CopyHolderStore copyHolders,
      OAuthStore oauth, Publisher publisher, int retentionDays, Path avatarFolder) {
    this.vertx = vertx;
    this.pool = pool;
    this.accounts = accounts;
    this.copyHolders = copyHolders;
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
    return tx.preparedQuery(CLOSE).execute(Tuple.of(id)).compose(rows -> !rows.iterator().hasNext()
        ? Future.failedFuture(new ServiceException(422, "This account is already closed"))
        : Future.succeededFuture(rows.iterator().next().getOffsetDateTime(0)));
  }

  /** What closing takes away; then Delete to every holder of a copy, and the purge scheduled. */
  private Future<Closed> closeInTransaction(SqlClient tx, Account member, String by,
      OffsetDateTime closedAt) {
    long id = member.id();
    Tuple byId = Tuple.of(id);
    // Holders first: the member's follows count among them and are removed below.
    return CopyHolderStore.holders(tx, id).compose(holders -> {
      var delete = ActorActivities.delete(member.uri());
      return tx.preparedQuery(REVOKE_TOKENS).execute(byId)
          .compose(done -> tx.preparedQuery(HIDE_POSTS).execute(byId))
          .compose(done -> tx.preparedQuery(REMOVE_FOLLOWS).execute(byId))
          .compose(done -> tx.preparedQuery(REMOVE_FAVOURITES).execute(byId))
          .compose(done -> tx.preparedQuery(DROP_PROFILE_UPDATES).execute(Tuple.of(Long.toString(id))))
          .compose(done -> publisher.publish(tx, id, delete, CopyHolderStore.inboxes(holders)))
          .compose(done -> tx.preparedQuery(RECORD).execute(Tuple.of(id, by, delete.getString("id"),
              holders.size(), retentionDays)))
          .compose(done -> tx.preparedQuery(SCHEDULE_PURGE).execute(Tuple.of(Long.toString(id),
              retentionDays)))
          .map(done -> new Closed(closedAt, holders.size()));
    });
  }

  /**
   * The closure's reach. Before closing: the instances that will be told. After: each instance's
   * delivery of the Delete (delivered, pending, retrying, failed) with counts.
   */
  public Future<JsonObject> status(Account member) {
    return pool.preparedQuery(CLOSURE).execute(Tuple.of(member.id())).compose(rows -> {
      JsonObject status = new JsonObject().put("id", Long.toString(member.id()))
          .put("username", member.username()).put("acct", member.acct());
      if (!rows.iterator().hasNext()) {
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
      Row closure = rows.iterator().next();
      status.put("state", closure.getOffsetDateTime("purged_at") == null ? "closed" : "purged")
          .put("closed_by", closure.getString("closed_by"))
          .put("closed_at", Timestamps.iso(closure.getOffsetDateTime("closed_at")))
          .put("purge_after", Timestamps.iso(closure.getOffsetDateTime("purge_after")))
          .put("purged_at", time(closure.getOffsetDateTime("purged_at")));
      Long activity = closure.getLong("delete_activity_id");
      if (activity == null) {
        return Future.succeededFuture(status.put("counts", counts(0, 0, 0, 0, 0))
            .put("instances", new JsonArray()));
      }
      return pool.preparedQuery(DELIVERIES).execute(Tuple.of(activity)).map(deliveries -> {
        JsonArray instances = new JsonArray();
        int delivered = 0;
        int pending = 0;
        int retrying = 0;
        int failed = 0;
        for (Row row : deliveries) {
          String state = switch (row.getString("state")) {
            case "delivered" -> "delivered";
            case "failed" -> "failed";
            default -> row.getString("last_error") != null || row.getInteger("last_status") != null
                ? "retrying" : "pending";
          };
          switch (state) {
            case "delivered" -> delivered++;
            case "failed" -> failed++;
            case "retrying" -> retrying++;
            default -> pending++;
          }
          instances.add(new JsonObject().put("domain", row.getString("domain"))
              .put("inbox", row.getString("inbox_url")).put("state", state)
              .put("attempts", row.getInteger("attempts"))
              .put("last_status", row.getInteger("last_status"))
              .put("last_error", row.getString("last_error"))
              .put("delivered_at", time(row.getOffsetDateTime("delivered_at")))
              .put("next_attempt_at", "queued".equals(row.getString("state"))
                  ? time(row.getOffsetDateTime("next_attempt_at")) : null));
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
    Tuple byId = Tuple.of(id);
    return accounts.byId(id).compose(found -> {
      if (found.isEmpty() || found.get().deletedAt() == null || !found.get().isLocal()) {
        return Future.succeededFuture();
      }
      return pool.withTransaction(tx -> tx.preparedQuery(PURGE_USER).execute(byId)
              .compose(done -> tx.preparedQuery(PURGE_TOKENS).execute(byId))
              .compose(done -> tx.preparedQuery(PURGE_SIGN_INS).execute(byId))
              .compose(done -> tx.preparedQuery(PURGE_PRIVATE).execute(byId))
              .compose(done -> tx.preparedQuery(PURGE_PROFILE).execute(byId))
              .compose(done -> tx.preparedQuery(PURGE_POSTS).execute(byId))
              .compose(done -> tx.preparedQuery(PURGED).execute(byId)))
          .onSuccess(done -> oauth.forgetAccount(id))
          .compose(done -> vertx.executeBlocking(() -> deleteImages(id), false))
          .compose(done -> pool.withTransaction(tx -> deleteKeyWhenFanOutEnded(tx, id)));
    });
  }

  private Future<Void> deleteKeyWhenFanOutEnded(SqlClient tx, long id) {
    Tuple byId = Tuple.of(id);
    return tx.preparedQuery(FAN_OUT_OPEN).execute(byId).compose(rows -> rows.iterator().next().getBoolean(0)
        ? tx.preparedQuery(RECHECK_KEY).execute(Tuple.of(Long.toString(id))).mapEmpty()
        : tx.preparedQuery(DELETE_KEY).execute(byId)
            .compose(done -> tx.preparedQuery(KEY_DELETED).execute(byId)).mapEmpty());
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
