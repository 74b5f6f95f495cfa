package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The invite links members make (registrations = invite), as their invites page lists them. */
public final class InviteStore {
  private static final String MINE = "SELECT id, code, max_uses, uses, expires_at, created_at,"
      + " (max_uses IS NULL OR uses < max_uses) AND (expires_at IS NULL OR expires_at > now()) AS usable"
      + " FROM invites WHERE inviter_account_id = $1 ORDER BY id DESC LIMIT $2";
  // Without max_uses, unlimited; without seconds, it never expires.
  private static final String CREATE = "INSERT INTO invites (code, inviter_account_id, max_uses, expires_at)"
      + " VALUES ($1, $2, $3, CASE WHEN $4::int IS NULL THEN NULL"
      + " ELSE now() + make_interval(secs => $4::int) END)";
  // Revoking expires the invite now (as Mastodon's): who signed up with it stays on record.
  private static final String REVOKE = "UPDATE invites SET expires_at = now()"
      + " WHERE id = $1 AND inviter_account_id = $2 AND (expires_at IS NULL OR expires_at > now())";

  // Every invite on the instance, who made it (none: the command line), who used it.
  private static final String ALL = "SELECT i.id, i.code, i.max_uses, i.uses, i.expires_at, i.created_at,"
      + " (i.max_uses IS NULL OR i.uses < i.max_uses) AND (i.expires_at IS NULL OR i.expires_at > now()) AS usable,"
      + " a.username AS inviter FROM invites i LEFT JOIN accounts a ON a.id = i.inviter_account_id"
      + " ORDER BY i.id DESC LIMIT $1";
  private static final String EXPIRE = "UPDATE invites SET expires_at = now()"
      + " WHERE id = $1 AND (expires_at IS NULL OR expires_at > now())";

  /** An invite as admins see it: {@code inviter} is a local username, or null (the command line). */
  public record InstanceInvite(MemberInvite invite, String inviter) {}

  /** A member's invite: {@code maxUses} and {@code expiresAt} are null without a limit. */
  public record MemberInvite(long id, String code, Integer maxUses, int uses, OffsetDateTime expiresAt,
      OffsetDateTime createdAt, boolean usable) {}

  private final Pool pool;

  public InviteStore(Pool pool) {
    this.pool = pool;
  }

  /** The member's invites, the newest first, at most {@code limit}. */
  public Future<List<MemberInvite>> byInviter(long accountId, int limit) {
    return pool.preparedQuery(MINE).execute(Tuple.of(accountId, limit)).map(rows -> {
      List<MemberInvite> found = new ArrayList<>();
      for (Row row : rows) {
        found.add(new MemberInvite(row.getLong("id"), row.getString("code"), row.getInteger("max_uses"),
            row.getInteger("uses"), row.getOffsetDateTime("expires_at"), row.getOffsetDateTime("created_at"),
            row.getBoolean("usable")));
      }
      return found;
    });
  }

  /** Every invite, the newest first, at most {@code limit}. */
  public Future<List<InstanceInvite>> all(int limit) {
    return pool.preparedQuery(ALL).execute(Tuple.of(limit)).map(rows -> {
      List<InstanceInvite> found = new ArrayList<>();
      for (Row row : rows) {
        found.add(new InstanceInvite(new MemberInvite(row.getLong("id"), row.getString("code"),
            row.getInteger("max_uses"), row.getInteger("uses"), row.getOffsetDateTime("expires_at"),
            row.getOffsetDateTime("created_at"), row.getBoolean("usable")), row.getString("inviter")));
      }
      return found;
    });
  }

  /** Expires any invite now; false when it was over already (or is not there). */
  public Future<Boolean> expire(long inviteId) {
    return pool.preparedQuery(EXPIRE).execute(Tuple.of(inviteId)).map(rows -> rows.rowCount() > 0);
  }

  /** A new invite {@code code} by the member; {@code maxUses} and {@code expiresInSeconds} may be null. */
  public Future<Void> create(String code, long accountId, Integer maxUses, Integer expiresInSeconds) {
    return pool.preparedQuery(CREATE).execute(Tuple.of(code, accountId, maxUses, expiresInSeconds)).mapEmpty();
  }

  /** Stops the member's invite from letting anyone else in; false when it is not theirs or already over. */
  public Future<Boolean> revoke(long inviteId, long accountId) {
    return pool.preparedQuery(REVOKE).execute(Tuple.of(inviteId, accountId)).map(rows -> rows.rowCount() > 0);
  }
}
