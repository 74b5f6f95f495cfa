package org.plutro.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a client posts to its outbox: no ids yet, perhaps no actor; otherwise read as any document. */
class ClientDocumentsTest {
  private static JsonObject body(String json) {
    return Parsing.AS_SERVER.normalise(json);
  }

  @Test
  void aCreateOfANewNoteNeedsNoIds() {
    JsonObject create = body("""
        {"@context":"https://www.w3.org/ns/activitystreams","type":"Create",
         "object":{"type":"Note","content":"<p>hi</p>","to":"as:Public","inReplyTo":"https://x.example/notes/1"}}""");
    Activity read = (Activity) Vocab.parseDraft(create);
    assertNull(read.id());
    assertNull(read.actorId());
    assertNull(read.objectId());
    Note note = read.embeddedObject(Note.class).orElseThrow();
    assertEquals("<p>hi</p>", note.content());
    assertEquals(List.of(Vocab.PUBLIC), note.to());
    assertEquals("https://x.example/notes/1", note.inReplyToId().orElseThrow());
    // Not a document a peer may send.
    assertThrows(VocabException.class, () -> Vocab.parse(create));
  }

  @Test
  void aBareNoteOrAnActivityNamingItsObjectIsRead() {
    Note note = assertInstanceOf(Note.class, Vocab.parseDraft(body("""
        {"type":"Note","content":"hello","to":["https://x.example/users/b"]}""")));
    assertEquals(List.of("https://x.example/users/b"), note.to());
    Activity like = assertInstanceOf(Activity.class, Vocab.parseDraft(body("""
        {"type":"Like","actor":"https://p.example/users/a","object":"https://x.example/notes/1"}""")));
    assertEquals("https://p.example/users/a", like.actorId());
    assertEquals("https://x.example/notes/1", like.objectId());
  }

  @Test
  void whatIsThereMustStillBeWellFormed() {
    assertEquals("object", assertThrows(VocabException.class,
        () -> Vocab.parseDraft(body("{\"type\":\"Like\"}"))).property());
    assertEquals("object", assertThrows(VocabException.class,
        () -> Vocab.parseDraft(body("{\"type\":\"Like\",\"object\":42}"))).property());
    assertEquals("object.sensitive", assertThrows(VocabException.class, () -> Vocab.parseDraft(body("""
        {"type":"Create","object":{"type":"Note","content":"x","sensitive":"very"}}"""))).property());
    assertThrows(VocabException.class, () -> Vocab.parseDraft(null));
  }
}
