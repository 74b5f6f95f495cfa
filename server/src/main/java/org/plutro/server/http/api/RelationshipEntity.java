package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.plutro.server.AppContext;

/** Mastodon's {@code Relationship} entity between the member and another account. */
public final class RelationshipEntity {
  private static final String QUERY = "SELECT"
      + " (SELECT state FROM follows WHERE account_id = $1 AND target_account_id = $2),"
      + " (SELECT state FROM follows WHERE account_id = $2 AND target_account_id = $1),"
      + " EXISTS (SELECT 1 FROM blocks WHERE account_id = $1 AND target_account_id = $2),"
      + " EXISTS (SELECT 1 FROM blocks WHERE account_id = $2 AND target_account_id = $1),"
      + " (SELECT hide_notifications FROM mutes WHERE account_id = $1 AND target_account_id = $2"
      + "   AND (expires_at IS NULL OR expires_at > now())),"
      + " EXISTS (SELECT 1 FROM account_domain_blocks d JOIN accounts x ON x.domain = d.domain"
      + "   WHERE d.account_id = $1 AND x.id = $2),"
      + " EXISTS (SELECT 1 FROM account_pins WHERE account_id = $1 AND target_account_id = $2)";

  private RelationshipEntity() {}

  public static Future<JsonObject> of(AppContext app, long memberId, long otherId) {
    return app.pool().preparedQuery(QUERY).execute(Tuple.of(memberId, otherId)).map(rows -> {
      Row row = rows.iterator().next();
      String following = row.getString(0);
      String followedBy = row.getString(1);
      return new JsonObject()
          .put("id", Long.toString(otherId))
          .put("following", "accepted".equals(following))
          .put("showing_reblogs", "accepted".equals(following))
          .put("notifying", false)
          .put("languages", null)
          .put("followed_by", "accepted".equals(followedBy))
          .put("blocking", row.getBoolean(2))
          .put("blocked_by", row.getBoolean(3))
          .put("muting", row.getValue(4) != null)
          .put("muting_notifications", Boolean.TRUE.equals(row.getBoolean(4)))
          .put("requested", "pending".equals(following))
          .put("requested_by", "pending".equals(followedBy))
          .put("domain_blocking", row.getBoolean(5))
          .put("endorsed", row.getBoolean(6))
          .put("note", "");
    });
  }
}
