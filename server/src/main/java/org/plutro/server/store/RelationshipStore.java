package org.plutro.server.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Everything between a member and another account, read in one query. */
public final class RelationshipStore {
  private static final String BETWEEN = "SELECT"
      + " (SELECT state FROM follows WHERE account_id = $1 AND target_account_id = $2),"
      + " (SELECT state FROM follows WHERE account_id = $2 AND target_account_id = $1),"
      + " EXISTS (SELECT 1 FROM blocks WHERE account_id = $1 AND target_account_id = $2),"
      + " EXISTS (SELECT 1 FROM blocks WHERE account_id = $2 AND target_account_id = $1),"
      + " (SELECT hide_notifications FROM mutes WHERE account_id = $1 AND target_account_id = $2"
      + "   AND (expires_at IS NULL OR expires_at > now())),"
      + " EXISTS (SELECT 1 FROM account_domain_blocks d JOIN accounts x ON x.domain = d.domain"
      + "   WHERE d.account_id = $1 AND x.id = $2),"
      + " EXISTS (SELECT 1 FROM account_pins WHERE account_id = $1 AND target_account_id = $2)";

  /**
   * The follow states each way ({@code accepted}, {@code pending} or null), blocks each way, the
   * member's live mute ({@code muteHidesNotifications} null when there is none), whether the
   * member blocks the other's domain and whether the member endorses the other.
   */
  public record Relationship(String following, String followedBy, boolean blocking, boolean blockedBy,
      Boolean muteHidesNotifications, boolean domainBlocking, boolean endorsed) {}

  private final Pool pool;

  public RelationshipStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Relationship> between(long memberId, long otherId) {
    return pool.preparedQuery(BETWEEN).execute(Tuple.of(memberId, otherId)).map(rows -> {
      Row row = rows.iterator().next();
      return new Relationship(row.getString(0), row.getString(1), row.getBoolean(2), row.getBoolean(3),
          row.getBoolean(4), row.getBoolean(5), row.getBoolean(6));
    });
  }
}
