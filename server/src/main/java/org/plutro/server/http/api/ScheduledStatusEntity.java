package org.plutro.server.http.api;

import org.plutro.server.text.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.ScheduledStatusStore.Scheduled;
import org.plutro.server.uri.Uris;

/** Mastodon's ScheduledStatus: the time, the post's params, and its uploads. */
public final class ScheduledStatusEntity {
  private final MediaStore media;
  private final Uris uris;

  public ScheduledStatusEntity(MediaStore media, Uris uris) {
    this.media = media;
    this.uris = uris;
  }

  public Future<JsonObject> of(Scheduled scheduled) {
    List<Future<JsonObject>> attached = new ArrayList<>();
    for (long mediaId : scheduled.mediaIds()) {
      attached.add(media.byId(mediaId).map(found -> found.map(m -> MediaEntity.of(m, uris))
          .orElse(null)));
    }
    return Future.all(attached).map(done -> {
      JsonArray attachments = new JsonArray();
      attached.forEach(entity -> {
        if (entity.result() != null) {
          attachments.add(entity.result());
        }
      });
      JsonObject p = scheduled.params();
      JsonObject params = new JsonObject()
          .put("text", p.getString("text"))
          .put("poll", p.getJsonObject("poll"))
          .put("media_ids", p.getJsonArray("media_ids"))
          .put("sensitive", p.getBoolean("sensitive"))
          .put("spoiler_text", p.getString("spoiler_text"))
          .put("visibility", p.getString("visibility"))
          .put("in_reply_to_id", p.getString("in_reply_to_id"))
          .put("language", p.getString("language"))
          .put("quoted_status_id", p.getString("quoted_status_id"))
          .put("quote_approval_policy", p.getString("quote_approval_policy"))
          .put("application_id", null)
          .put("scheduled_at", null)
          .put("idempotency", p.getString("idempotency"))
          .put("with_rate_limit", false);
      return new JsonObject().put("id", Long.toString(scheduled.id()))
          .put("scheduled_at", Timestamps.iso(scheduled.scheduledAt()))
          .put("params", params)
          .put("media_attachments", attachments);
    });
  }
}
