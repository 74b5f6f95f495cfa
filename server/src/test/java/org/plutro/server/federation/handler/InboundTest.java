package org.plutro.server.federation.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.plutro.federation.vocab.VocabException;
import org.junit.jupiter.api.Test;

/** An incoming activity is read once into typed values; only a malformed activity is refused. */
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
  void anEmbeddedObjectThatCannotBeReadIsKnownByItsId() {
    JsonObject note = new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("inReplyTo", 42);
    Inbound inbound = Inbound.read(like(note), null);
    assertEquals("https://p.example/notes/1", inbound.objectId());
    assertTrue(inbound.activity().embeddedObject().isEmpty());
  }

  @Test
  void aMalformedActivityIsRefusedNamingTheProperty() {
    assertEquals("object", assertThrows(VocabException.class, () -> Inbound.read(like(42), null)).property());
    JsonObject noObject = like("x");
    noObject.remove("object");
    assertEquals("object", assertThrows(VocabException.class, () -> Inbound.read(noObject, null)).property());
  }
}
