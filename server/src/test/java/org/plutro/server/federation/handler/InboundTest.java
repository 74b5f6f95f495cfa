package org.plutro.server.federation.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.plutro.federation.vocab.Note;
import org.plutro.federation.vocab.Vocab;
import org.plutro.federation.vocab.VocabException;
import org.junit.jupiter.api.Test;

/**
 * An incoming activity is read once into typed values, strict but lossless: what cannot be read is
 * left out, and only what says what the activity is refuses it.
 */
class InboundTest {
  private static JsonObject like(Object object) {
    return new JsonObject().put("id", "https://x.example/likes/1").put("type", "Like")
        .put("actor", "https://x.example/users/a").put("object", object);
  }

  @Test
  void theActivityIsReadIntoTypedValues() {
    Inbound inbound = Inbound.read(like("https://p.example/notes/1"), null);
    assertEquals("https://x.example/likes/1", inbound.id());
    assertEquals("Like", inbound.type());
    assertEquals("https://x.example/users/a", inbound.activity().actorId());
    assertEquals("https://p.example/notes/1", inbound.objectId());
  }

  @Test
  void anEmbeddedObjectWhoseAuthorCannotBeReadIsKnownByItsId() {
    JsonObject note = new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("attributedTo", 42);
    Inbound inbound = Inbound.read(like(note), null);
    assertEquals("https://p.example/notes/1", inbound.objectId());
    assertTrue(inbound.activity().embeddedObject().isEmpty());
  }

  @Test
  void anyOtherMalformedPropertyIsLeftOutAndTheRestRead() {
    JsonObject note = new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("attributedTo", "https://x.example/users/a").put("inReplyTo", 42).put("sensitive", "yes")
        .put("to", new JsonArray().add(Vocab.PUBLIC).add("nobody"));
    JsonObject create = like(note).put("type", "Create").put("to", new JsonArray().add(Vocab.PUBLIC).add(7));
    Inbound inbound = Inbound.read(create, null);
    assertEquals(List.of(Vocab.PUBLIC), inbound.activity().to());
    Note read = inbound.embeddedNote().orElseThrow();
    assertEquals("https://x.example/users/a", read.attributedToId());
    assertTrue(read.inReplyToId().isEmpty());
    assertEquals(null, read.sensitive());
    assertEquals(List.of(Vocab.PUBLIC), read.to());
    assertEquals(42, create.getJsonObject("object").getValue("inReplyTo"), "what was received is not changed");
  }

  @Test
  void whatSaysWhatTheActivityIsIsVital() {
    for (String vital : List.of("id", "type", "type[1]", "actor", "actor.id", "object", "object[1]", "target",
        "object.id", "object[0].type", "object.attributedTo", "object.attributedTo[1].id", "object.actor",
        "object.object.id")) {
      assertTrue(Inbound.vital(vital), vital);
    }
    for (String other : List.of("to[1]", "cc", "published", "content", "actor.icon", "object.sensitive",
        "object.inReplyTo.id", "object.attributedTo.icon", "object.tag[2].href", "object[0].url[1]")) {
      assertFalse(Inbound.vital(other), other);
    }
  }

  @Test
  void aMalformedActivityIsRefusedNamingTheProperty() {
    assertEquals("object", assertThrows(VocabException.class, () -> Inbound.read(like(42), null)).property());
    JsonObject noObject = like("x");
    noObject.remove("object");
    assertEquals("object", assertThrows(VocabException.class, () -> Inbound.read(noObject, null)).property());
  }
}
