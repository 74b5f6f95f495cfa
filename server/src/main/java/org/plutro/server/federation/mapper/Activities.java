package org.plutro.server.federation.mapper;

import org.plutro.federation.vocab.Vocab;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.Status;

/** The activities we send, shaped as Mastodon sends them. */
public final class Activities {
  /**
   * ActivityStreams, with the few extension terms we write defined inline (never a URL of ours):
   * the vocabulary's, so that what we write and what it reads back agree.
   */
  public static final JsonArray CONTEXT = Vocab.postContext();


  private Activities() {}

  public static JsonObject follow(String id, Account follower, Account target) {
    return activity(id, "Follow", follower.uri()).put("object", target.uri());
  }

  /** The Follow as an embedded object (for Accept, Reject and Undo), without a context. */
  public static JsonObject followObject(String followUri, Account follower, Account target) {
    return new JsonObject().put("id", followUri).put("type", "Follow")
        .put("actor", follower.uri()).put("object", target.uri());
  }

  public static JsonObject accept(Account target, JsonObject follow, long followId) {
    return activity(target.uri() + "#accepts/follows/" + followId, "Accept", target.uri())
        .put("object", follow);
  }

  public static JsonObject reject(Account target, JsonObject follow, long followId) {
    return activity(target.uri() + "#rejects/follows/" + followId, "Reject", target.uri())
        .put("object", follow);
  }

  public static JsonObject undo(Account actor, JsonObject undone) {
    JsonObject object = undone.copy();
    object.remove("@context");
    return activity(undone.getString("id") + "/undo", "Undo", actor.uri()).put("object", object);
  }

  public static JsonObject note(Status status, Account author) {
    JsonObject note = new JsonObject()
        .put("id", status.uri())
        .put("type", "Note")
        .put("attributedTo", author.uri())
        .put("content", status.content())
        .put("published", status.createdAt().toInstant().toString())
        .put("url", status.url())
        .put("to", new JsonArray(List.copyOf(status.to())))
        .put("cc", new JsonArray(List.copyOf(status.cc())))
        .put("sensitive", status.sensitive())
        .put("summary", status.spoilerText().isEmpty() ? null : status.spoilerText())
        .put("inReplyTo", status.inReplyToUri())
        .put("tag", new JsonArray())
        .put("attachment", new JsonArray());
    if (status.language() != null) {
      note.put("contentMap", new JsonObject().put(status.language(), status.content()));
    }
    if (status.editedAt() != null) {
      note.put("updated", status.editedAt().toInstant().toString());
    }
    return note;
  }

  /** Create(Note), addressed like the note itself; its id is the note's id + "/activity". */
  public static JsonObject create(Status status, Account author) {
    return activity(status.uri() + "/activity", "Create", author.uri())
        .put("published", status.createdAt().toInstant().toString())
        .put("to", new JsonArray(List.copyOf(status.to())))
        .put("cc", new JsonArray(List.copyOf(status.cc())))
        .put("object", note(status, author));
  }

  /** Delete with a Tombstone, to the same audience as the note had. */
  public static JsonObject delete(Status status, Account author) {
    return activity(status.uri() + "#delete", "Delete", author.uri())
        .put("to", new JsonArray(List.copyOf(status.to())))
        .put("cc", new JsonArray(List.copyOf(status.cc())))
        .put("object", tombstone(status.uri(), "Note"));
  }

  public static JsonObject tombstone(String id, String formerType) {
    return new JsonObject().put("id", id).put("type", "Tombstone").put("formerType", formerType);
  }

  public static JsonObject withContext(JsonObject object) {
    JsonObject copy = new JsonObject().put("@context", CONTEXT.copy());
    copy.mergeIn(object);
    return copy;
  }

  private static JsonObject activity(String id, String type, String actor) {
    return new JsonObject().put("@context", CONTEXT.copy()).put("id", id).put("type", type)
        .put("actor", actor);
  }
}
