package org.plutro.server.http.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.plutro.server.store.RelationshipStore;

/** Mastodon's {@code Relationship} entity between the member and another account. */
public final class RelationshipEntity {

  private RelationshipEntity() {}

  public static Future<JsonObject> of(RelationshipStore relationships, long memberId, long otherId) {
    return relationships.between(memberId, otherId).map(between -> {
      String following = between.following();
      String followedBy = between.followedBy();
      return new JsonObject()
          .put("id", Long.toString(otherId))
          .put("following", "accepted".equals(following))
          .put("showing_reblogs", "accepted".equals(following))
          .put("notifying", false)
          .put("languages", null)
          .put("followed_by", "accepted".equals(followedBy))
          .put("blocking", between.blocking())
          .put("blocked_by", between.blockedBy())
          .put("muting", between.muteHidesNotifications() != null)
          .put("muting_notifications", Boolean.TRUE.equals(between.muteHidesNotifications()))
          .put("requested", "pending".equals(following))
          .put("requested_by", "pending".equals(followedBy))
          .put("domain_blocking", between.domainBlocking())
          .put("endorsed", between.endorsed())
          .put("note", "");
    });
  }
}
