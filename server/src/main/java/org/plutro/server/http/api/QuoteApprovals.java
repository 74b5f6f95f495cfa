package org.plutro.server.http.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import org.plutro.server.domain.InteractionPolicy.Who;
import org.plutro.server.domain.Status;
import org.plutro.server.policy.InteractionPolicies;

/** Mastodon's {@code QuoteApproval}: who may quote a post, and what that means for the viewer. */
final class QuoteApprovals {
  /** Each policy's entity as JSON text: [0] for a viewer who may not quote, [1] for one who may. */
  private static final Map<Who, String[]> ENCODED = new EnumMap<>(Who.class);

  static {
    for (Who who : Who.values()) {
      ENCODED.put(who, new String[] {entity(who, false).encode(), entity(who, true).encode()});
    }
  }

  private QuoteApprovals() {}

  static JsonObject of(Status status, Long viewerId, boolean viewerFollows) {
    return of(InteractionPolicies.quotes(status), status.accountId(), viewerId, viewerFollows);
  }

  static JsonObject of(Who who, long authorId, Long viewerId, boolean viewerFollows) {
    return entity(who, allowed(who, authorId, viewerId, viewerFollows));
  }

  /** {@link #of} as JSON text, written once for each of its few values: pages write it per status. */
  static String encoded(Who who, long authorId, Long viewerId, boolean viewerFollows) {
    return ENCODED.get(who)[allowed(who, authorId, viewerId, viewerFollows) ? 1 : 0];
  }

  private static boolean allowed(Who who, long authorId, Long viewerId, boolean viewerFollows) {
    return Long.valueOf(authorId).equals(viewerId) || who == Who.EVERYONE
        || (who == Who.FOLLOWERS && viewerFollows);
  }

  private static JsonObject entity(Who who, boolean allowed) {
    JsonArray automatic = switch (who) {
      case EVERYONE -> new JsonArray().add("public");
      case FOLLOWERS -> new JsonArray().add("followers");
      case NOBODY -> new JsonArray();
    };
    return new JsonObject().put("automatic", automatic).put("manual", new JsonArray())
        .put("current_user", allowed ? "automatic" : "denied");
  }
}
