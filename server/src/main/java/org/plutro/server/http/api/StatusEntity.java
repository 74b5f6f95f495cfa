package org.plutro.server.http.api;

import org.plutro.server.text.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.plutro.server.domain.Status;
import org.plutro.server.policy.InteractionPolicies;
import org.plutro.server.store.CountStore.StatusCounts;

/** Mastodon's {@code Status} entity. */
public final class StatusEntity {
  private StatusEntity() {}

  public static JsonObject of(Status status, JsonObject account, StatusCounts counts,
      Long inReplyToAccountId, JsonObject reblog) {
    return new JsonObject()
        .put("id", Long.toString(status.id()))
        .put("uri", status.uri())
        .put("url", status.url())
        .put("created_at", Timestamps.iso(status.createdAt()))
        .put("edited_at", status.editedAt() == null ? null : Timestamps.iso(status.editedAt()))
        .put("account", account)
        .put("content", status.content())
        .put("visibility", status.visibility().apiName())
        .put("sensitive", status.sensitive())
        .put("spoiler_text", status.spoilerText())
        .put("media_attachments", new JsonArray())
        .put("application", null)
        .put("mentions", new JsonArray())
        .put("tags", new JsonArray())
        .put("emojis", new JsonArray())
        .put("reblogs_count", counts.reblogs())
        .put("favourites_count", counts.favourites())
        .put("replies_count", counts.replies())
        .put("in_reply_to_id", status.inReplyToId() == null ? null : Long.toString(status.inReplyToId()))
        .put("in_reply_to_account_id", inReplyToAccountId == null ? null : Long.toString(inReplyToAccountId))
        .put("reblog", reblog)
        .put("poll", null)
        .put("card", null)
        .put("language", status.language())
        .put("favourited", false)
        .put("reblogged", false)
        .put("muted", false)
        .put("bookmarked", false)
        .put("pinned", false)
        .put("filtered", new JsonArray())
        // Quote posts (Mastodon 4.5): the quote, how often it was quoted, who may quote it.
        .put("quote", null)
        .put("quotes_count", 0)
        .put("quote_approval", QuoteApprovals.of(status, null, false))
        // GoToSocial's field, read by apps that grey out what the author does not allow.
        .put("interaction_policy", InteractionPolicies.entity(status));
  }
}
