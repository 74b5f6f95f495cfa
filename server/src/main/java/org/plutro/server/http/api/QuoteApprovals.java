package org.plutro.server.http.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.plutro.server.domain.InteractionPolicy.Who;
import org.plutro.server.domain.Status;
import org.plutro.server.policy.InteractionPolicies;

/** Mastodon's {@code QuoteApproval}: who may quote a post, and what that means for the viewer. */
final class QuoteApprovals {
  private QuoteApprovals() {}

  static JsonObject of(Status status, Long viewerId, boolean viewerFollows) {
    return of(InteractionPolicies.quotes(status), status.accountId(), viewerId, viewerFollows);
  }

  static JsonObject of(Who who, long authorId, Long viewerId, boolean viewerFollows) {
    JsonArray automatic = switch (who) {
      case EVERYONE -> new JsonArray().add("public");
      case FOLLOWERS -> new JsonArray().add("followers");
      case NOBODY -> new JsonArray();
    };
    boolean allowed = Long.valueOf(authorId).equals(viewerId) || who == Who.EVERYONE
        || (who == Who.FOLLOWERS && viewerFollows);
    return new JsonObject().put("automatic", automatic).put("manual", new JsonArray())
        .put("current_user", allowed ? "automatic" : "denied");
  }
}
