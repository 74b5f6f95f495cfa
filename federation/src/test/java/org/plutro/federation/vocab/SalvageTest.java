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
        .put("tag", new JsonArray().addNull().add(new JsonObject().put("type", "Mention").put("href", true))
            .add(new JsonObject().put("type", "Hashtag").put("name", "#ok")));
    Note read = (Note) Salvage.parse(json, NOTHING_VITAL);
    assertEquals(List.of(new Tag.Mention(null, null), new Tag.Hashtag(null, "#ok")), read.tag());
  }
}
