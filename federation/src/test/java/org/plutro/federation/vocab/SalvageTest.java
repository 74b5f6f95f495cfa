package org.plutro.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A peer's document with a malformed property is read without it; a vital one still refuses it. */
class SalvageTest {
  private static final Predicate<String> NOTHING_VITAL = property -> false;

  private static JsonObject actor() {
    return Parsing.AS_SERVER.normalise(Samples.MASTODON_ACTOR);
  }

  private static Actor salvaged(JsonObject json) {
    return (Actor) Salvage.parse(json, property -> property.equals("id"));
  }

  @Test
  void aWellFormedDocumentIsReadAsIs() {
    assertEquals(Vocab.parse(actor()), salvaged(actor()));
  }

  @Test
  void oneBadProfileFieldGoesAndTheOthersStay() {
    JsonObject json = actor();
    json.getJsonArray("attachment").getJsonObject(0).put("value", 42);
    Actor read = salvaged(json);
    // The field is kept without its value, as a field without a value is read.
    assertEquals(List.of(new Actor.PropertyValue("Web", ""), new Actor.PropertyValue("Pronouns", "she/her")),
        read.fields());
    assertEquals(42, json.getJsonArray("attachment").getJsonObject(0).getValue("value"), "the argument is not changed");
  }

  @Test
  void anAttachmentThatIsNoObjectGoesAlone() {
    JsonObject json = actor();
    json.getJsonArray("attachment").add(7);
    assertEquals(2, salvaged(json).fields().size());
  }

  @Test
  void aBadAvatarGoesAndTheHeaderStays() {
    JsonObject json = actor().put("icon", new JsonObject().put("type", "Image").put("url", "not a url"));
    Actor read = salvaged(json);
    assertNull(read.icon().href());
    assertEquals("https://mastodon.example/headers/alice.jpg", read.image().href());
    assertEquals("alice", read.preferredUsername());
    Actor number = salvaged(actor().put("icon", 5));
    assertNull(number.icon());
  }

  @Test
  void anInboxThatIsNoUriGoesAsIfAbsent() {
    Actor read = salvaged(actor().put("inbox", "inbox"));
    assertNull(read.inbox());
    assertTrue(!read.isComplete());
  }

  @Test
  void aNulCharacterInAnUnknownPropertyGoesWithIt() {
    JsonObject json = actor().put("https://other.example/ns#motto", "a\u0000b")
        .put("nested", new JsonObject().put("deep", new JsonArray().add("ok").add("c\u0000d")));
    Actor read = salvaged(json);
    assertTrue(!read.extra().containsKey("https://other.example/ns#motto"));
    assertEquals(new JsonObject().put("deep", new JsonArray().add("ok")), read.extra().getJsonObject("nested"));
  }

  @Test
  void aMissingOrVitalPropertyStillRefusesTheDocument() {
    JsonObject noId = actor();
    noId.remove("id");
    assertEquals("id", assertThrows(VocabException.class, () -> salvaged(noId)).property());
    assertEquals("id", assertThrows(VocabException.class, () -> salvaged(actor().put("id", "alice"))).property());
    JsonObject badOwner = actor();
    badOwner.getJsonObject("publicKey").put("owner", "someone");
    assertEquals("publicKey.owner", assertThrows(VocabException.class,
        () -> Salvage.parse(badOwner, property -> property.endsWith(".owner"))).property());
  }

  @Test
  void tooManyMalformedPropertiesRefuseTheDocument() {
    JsonObject json = actor();
    JsonArray attachment = new JsonArray();
    for (int i = 0; i <= Salvage.MOST; i++) {
      attachment.add(i);
    }
    json.put("attachment", attachment);
    assertThrows(VocabException.class, () -> Salvage.parse(json, NOTHING_VITAL));
    attachment.remove(0);
    assertEquals(List.of(), ((Actor) Salvage.parse(json, NOTHING_VITAL)).fields());
  }

  @Test
  void anEmbeddedObjectMissingWhatItNeedsGoesWhole() {
    JsonObject announce = new JsonObject().put("id", "https://p.example/shares/1").put("type", "Announce")
        .put("actor", "https://p.example/users/b")
        .put("object", new JsonArray().add("https://x.example/notes/1")
            .add(new JsonObject().put("type", "Note").put("content", "no id")));
    Activity read = (Activity) Salvage.parse(announce, NOTHING_VITAL);
    assertEquals(List.of("https://x.example/notes/1"), read.objects().stream().map(Ref::id).toList());
  }

  @Test
  void nullsInAListAreNotCounted() {
    JsonObject json = new JsonObject().put("id", "https://x.example/notes/1").put("type", "Note")
        .put("to", new JsonArray().addNull().add("https://x.example/users/a").addNull().add(7)
            .add("https://x.example/users/b"));
    Note read = (Note) Salvage.parse(json, NOTHING_VITAL);
    assertEquals(List.of("https://x.example/users/a", "https://x.example/users/b"), read.to());
  }

  // ---- a peer's post: strict about whose it is, lossless about the rest

  private static final Predicate<String> POST_VITAL =
      property -> property.equals("id") || property.startsWith("type") || property.startsWith("attributedTo");

  private static JsonObject post() {
    return new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("attributedTo", "https://p.example/users/a").put("content", "<p>Kept</p>")
        .put("published", "2026-01-01T00:00:00Z")
        .put("to", new JsonArray().add(Vocab.PUBLIC))
        .put("cc", new JsonArray().add("https://p.example/users/a/followers"));
  }

  private static Note salvagedPost(JsonObject json) {
    Note note = (Note) Salvage.parse(json, POST_VITAL);
    assertEquals("https://p.example/users/a", note.attributedToId());
    assertEquals("<p>Kept</p>", note.content());
    return note;
  }

  @Test
  void aPostsMalformedPropertiesGoAndThePostStays() {
    assertEquals(Boolean.TRUE, salvagedPost(post().put("sensitive", "True")).sensitive());
    assertNull(salvagedPost(post().put("sensitive", "yes")).sensitive(), "not sensitive");
    assertEquals(List.of(), salvagedPost(post().put("url", "not a url")).url());
    assertEquals(List.of("https://p.example/notes/1/page"), salvagedPost(post().put("url",
        new JsonArray().add("not a url").add("https://p.example/notes/1/page"))).url().stream().map(Link::href).toList());
    Note addressed = salvagedPost(post().put("to", new JsonArray().add(Vocab.PUBLIC).add("nobody"))
        .put("cc", new JsonArray().add(5).add("https://p.example/users/a/followers")));
    assertEquals(List.of(Vocab.PUBLIC), addressed.to());
    assertEquals(List.of("https://p.example/users/a/followers"), addressed.cc());
    assertNull(salvagedPost(post().put("published", 20260101)).published());
    assertNull(salvagedPost(post().put("interactionPolicy", "followers")).interactionPolicy());
    Note question = salvagedPost(post().put("type", "Question").put("oneOf", new JsonArray()
        .add(new JsonObject().put("type", "Note").put("name", "yes").put("replies", "https://p.example/r/1"))
        .add(new JsonObject().put("type", "Note").put("name", "no")
            .put("replies", new JsonObject().put("type", "Collection").put("totalItems", 2)))));
    assertEquals(List.of(new Poll.Option("yes", 0), new Poll.Option("no", 2)), question.poll().options());
  }

  @Test
  void aPostWhoseIdTypeOrAuthorCannotBeReadIsRefused() {
    assertEquals("id", assertThrows(VocabException.class,
        () -> Salvage.parse(post().put("id", "note 1"), POST_VITAL)).property());
    assertEquals("type[1]", assertThrows(VocabException.class,
        () -> Salvage.parse(post().put("type", new JsonArray().add("Note").add(5)), POST_VITAL)).property());
    assertEquals("attributedTo", assertThrows(VocabException.class,
        () -> Salvage.parse(post().put("attributedTo", "someone"), POST_VITAL)).property());
  }
}
