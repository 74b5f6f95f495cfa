package org.plutro.server.federation.mapper;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;

/** Like, Announce, Add and Remove (pins), shaped as Mastodon sends them. */
public final class InteractionActivities {
  private InteractionActivities() {}

  /** Like: no addressing; it goes to the liked post's author only. */
  public static JsonObject like(String likeUri, Account actor, Status liked) {
    return Activities.withContext(new JsonObject().put("id", likeUri).put("type", "Like")
        .put("actor", actor.uri()).put("object", liked.uri()));
  }

  /** Announce of {@code original}: the share's own id and addressing, the shared post by id. */
  public static JsonObject announce(Status reblog, Account actor, Status original) {
    return Activities.withContext(new JsonObject().put("id", reblog.uri()).put("type", "Announce")
        .put("actor", actor.uri())
        .put("published", reblog.createdAt().toInstant().toString())
        .put("to", new JsonArray(List.copyOf(reblog.to())))
        .put("cc", new JsonArray(List.copyOf(reblog.cc())))
        .put("object", original.uri()));
  }

  /** Undo of a share keeps the share's addressing, so it reaches everyone the share reached. */
  public static JsonObject undoAnnounce(Status reblog, Account actor, Status original) {
    JsonObject undo = Activities.undo(actor, announce(reblog, actor, original));
    return undo.put("to", new JsonArray(List.copyOf(reblog.to())))
        .put("cc", new JsonArray(List.copyOf(reblog.cc())));
  }

  /** Add (pin) or Remove (unpin) of a post in the member's featured collection. */
  public static JsonObject featured(String id, String type, Account actor, Status status) {
    return Activities.withContext(new JsonObject().put("id", id).put("type", type)
        .put("actor", actor.uri()).put("object", status.uri()).put("target", actor.featuredUrl()));
  }
}
