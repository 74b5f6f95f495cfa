package org.plutro.server.federation.handler;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.plutro.federation.vocab.Activity;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Vocab;
import org.plutro.federation.vocab.VocabException;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.json.Refs;

/**
 * A verified incoming activity, read once: the typed {@link Activity}, the normalised JSON it was
 * read from (for what is still read by key), and the actor whose key signed it.
 */
public record Inbound(Activity activity, JsonObject json, Account actor) {

  /**
   * Reads a normalised activity. An embedded object that cannot be read does not cost the
   * activity: it is then known by its id (a Like, a Delete, an Undo need no more).
   *
   * @throws VocabException when the activity itself is malformed
   */
  public static Inbound read(JsonObject normalised, Account actor) {
    try {
      return new Inbound(Vocab.parseActivity(normalised), normalised, actor);
    } catch (VocabException e) {
      List<String> ids = Refs.ids(normalised.getValue("object"));
      if (ids.isEmpty() || !(e.property().startsWith("object.") || e.property().startsWith("object["))) {
        throw e;
      }
      JsonObject named = normalised.copy().put("object", new JsonArray(List.copyOf(ids)));
      return new Inbound(Vocab.parseActivity(named), normalised, actor);
    }
  }

  public String id() {
    return activity.id();
  }

  public String type() {
    return activity.type();
  }

  /** The object's id, whether it came embedded or as a bare id (null for an anonymous one). */
  public String objectId() {
    return activity.objectId();
  }

  /** The embedded object as JSON, or null when only its id was sent. */
  public JsonObject embeddedObject() {
    return json.getValue("object") instanceof JsonObject object ? object : null;
  }

  /**
   * The object when it came embedded, alone, as a post we could read (a Note, Question,
   * Article...); empty for an id, for several objects, or for one that could not be read.
   */
  public Optional<Note> embeddedNote() {
    return activity.objects().size() == 1 ? activity.embeddedObject(Note.class) : Optional.empty();
  }

  /** Whether {@code uri} is on the same origin (scheme, host, port) as the actor. */
  public boolean sameOriginAsActor(String uri) {
    return Refs.sameOrigin(uri, actor.uri());
  }
}
