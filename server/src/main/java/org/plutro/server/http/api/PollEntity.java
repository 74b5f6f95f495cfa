package org.plutro.server.http.api;

import org.plutro.server.text.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.server.store.PollStore.Poll;

/** Mastodon's {@code Poll} entity. */
public final class PollEntity {
  private PollEntity() {}

  /**
   * {@code ownVotes}: the viewer's choices, null without a viewer. Counts of a poll that hides
   * them are null until it ends, except for its author.
   */
  public static JsonObject of(Poll poll, List<Integer> ownVotes, boolean viewerIsAuthor) {
    boolean hidden = poll.hideTotals() && !poll.expired() && !viewerIsAuthor;
    JsonArray options = new JsonArray();
    long votes = 0;
    for (int i = 0; i < poll.options().size(); i++) {
      long count = poll.tallies().get(i);
      votes += count;
      options.add(new JsonObject().put("title", poll.options().get(i)).put("votes_count", hidden ? null : count));
    }
    JsonObject entity = new JsonObject()
        .put("id", Long.toString(poll.id()))
        .put("expires_at", poll.expiresAt() == null ? null : Timestamps.iso(poll.expiresAt()))
        .put("expired", poll.expired())
        .put("multiple", poll.multiple())
        .put("votes_count", votes)
        .put("voters_count", poll.votersCount())
        .put("options", options)
        .put("emojis", new JsonArray());
    if (ownVotes != null) {
      entity.put("voted", viewerIsAuthor || !ownVotes.isEmpty())
          .put("own_votes", new JsonArray(List.copyOf(ownVotes)));
    }
    return entity;
  }
}
