package org.plutro.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input is a VocabException naming the property: never an NPE or a ClassCastException. */
class MalformedDocumentsTest {
  private static final String LIKE = """
      {"id":"https://x.example/likes/1","type":"Like","actor":"https://x.example/users/a",
       "object":"https://p.example/notes/1"}""";

  private static VocabException refused(String json) {
    return assertThrows(VocabException.class, () -> Vocab.parse(new JsonObject(json)));
  }

  private static VocabException refused(JsonObject json) {
    return assertThrows(VocabException.class, () -> Vocab.parse(json));
  }

  @Test
  void anActivityWithoutAnIdIsRefused() {
    JsonObject like = new JsonObject(LIKE);
    like.remove("id");
    VocabException e = refused(like);
    assertEquals("id", e.property());
    assertEquals("id: missing", e.getMessage());
  }

  @Test
  void anActivityWithoutAnActorOrAnObjectIsRefused() {
    JsonObject noActor = new JsonObject(LIKE);
    noActor.remove("actor");
    assertEquals("actor", refused(noActor).property());
    JsonObject noObject = new JsonObject(LIKE);
    noObject.remove("object");
    assertEquals("object", refused(noObject).property());
    JsonObject anonymous = new JsonObject(LIKE).put("object", new JsonObject().put("type", "Note").put("content", "x"));
    assertEquals("object.id", refused(anonymous).property());
  }

  @Test
  void anAcceptOfAFollowSentWithoutItsIdKeepsTheFollow() {
    JsonObject follow = new JsonObject().put("type", "Follow").put("actor", "https://p.example/users/b")
        .put("object", "https://x.example/users/a");
    Activity accept = Vocab.parseActivity(new JsonObject(LIKE).put("type", "Accept").put("object", follow));
    assertEquals(null, accept.objectId());
    Activity embedded = accept.embeddedObject(Activity.class).orElseThrow();
    assertEquals("https://p.example/users/b", embedded.actorId());
    assertEquals("https://x.example/users/a", embedded.objectId());
    JsonObject anonymousAccept = new JsonObject(LIKE);
    anonymousAccept.remove("id");
    assertEquals("id", refused(anonymousAccept).property());
  }

  @Test
  void anObjectThatIsANumberIsRefused() {
    VocabException e = refused(new JsonObject(LIKE).put("object", 42));
    assertEquals("object", e.property());
    assertTrue(e.getMessage().contains("a number"), e.getMessage());
  }

  @Test
  void nestedPropertiesAreNamedByTheirPath() {
    JsonObject create = new JsonObject(LIKE).put("type", "Create").put("object", new JsonObject()
        .put("id", "https://p.example/notes/1").put("type", "Note")
        .put("interactionPolicy", new JsonObject().put("canReply", new JsonObject()
            .put("automaticApproval", new JsonArray().add("https://p.example/users/a").add(true)))));
    assertEquals("object.interactionPolicy.canReply.automaticApproval[1]", refused(create).property());
    create.getJsonObject("object").remove("interactionPolicy");
    create.getJsonObject("object").put("sensitive", "very");
    assertEquals("object.sensitive", refused(create).property());
    create.getJsonObject("object").put("sensitive", false).put("to", new JsonArray().add(7));
    assertEquals("object.to[0]", refused(create).property());
  }

  @Test
  void aPostsSensitiveFlagMustBeABoolean() {
    JsonObject note = new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("sensitive", "true");
    VocabException e = refused(note);
    assertEquals("sensitive", e.property());
    assertEquals("sensitive: expected true or false, got text", e.getMessage());
    assertTrue(Vocab.parseNote(note.put("sensitive", true)).isSensitive());
  }

  /**
   * A tag or an attachment that cannot be read is left out and the post kept (peers' software
   * often sends one odd part); the readable ones are read as ever.
   */
  @Test
  void aTagOrAttachmentThatCannotBeReadIsLeftOut() {
    Note note = Vocab.parseNote(new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("tag", new JsonArray()
            .add(7)
            .add(new JsonObject().put("type", "Mention").put("href", true))
            .add(new JsonObject().put("type", "Mention").put("href", "https://p.example/users/b").put("name", "@b"))
            .add(new JsonObject().put("type", "Hashtag").put("name", new JsonArray().add(new JsonObject())))
            .add(new JsonObject().put("type", "Hashtag").put("name", "#kept"))
            .add(new JsonObject().put("type", "Emoji").put("name", ":x:").put("icon", 3))
            .add(new JsonObject().put("type", "Hashtag").put("name", "nul\u0000")))
        .put("attachment", new JsonArray()
            .add(7)
            .add(new JsonObject().put("type", "Document").put("url", "not a url"))
            .add(new JsonObject().put("type", "Document").put("url", "https://f.example/a.png"))
            .add("https://f.example/bare.png")));
    assertEquals(List.of(new Tag.Mention("https://p.example/users/b", "@b"), new Tag.Hashtag(null, "#kept")),
        note.tag());
    assertEquals(List.of("https://f.example/a.png", "https://f.example/bare.png"),
        note.attachment().stream().map(Media::href).toList());
    assertEquals(List.of(), Vocab.parseNote(new JsonObject().put("id", "https://p.example/notes/2")
        .put("type", "Note").put("tag", 7).put("attachment", false)).tag());
  }

  @Test
  void aQuoteLinkWhoseHrefIsNoUriQuotesNothing() {
    JsonObject link = new JsonObject().put("type", "Link").put("mediaType", "application/activity+json")
        .put("href", "not a uri").put("name", "RE: not a uri");
    Note note = Vocab.parseNote(new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("tag", new JsonArray().add(link)));
    assertTrue(note.quoteId().isEmpty());
    assertEquals(1, note.tag().size(), "the tag itself is kept as sent");
  }

  @Test
  void aSizeOrFocalPointThatCannotBeReadIsKeptAsSent() {
    Note note = Vocab.parseNote(new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("attachment", new JsonObject().put("type", "Image").put("url", "https://f.example/a.png")
            .put("width", "wide").put("height", -3).put("focalPoint", "centre")));
    Media image = note.attachment().get(0);
    assertNull(image.width());
    assertNull(image.height());
    assertNull(image.focalPoint());
    assertEquals(new JsonObject().put("width", "wide").put("height", -3).put("focalPoint", "centre"), image.extra());
  }

  @Test
  void anEmptyRuleStatesNothingButAnEmptyListIsARule() {
    Note note = Vocab.parseNote(new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("interactionPolicy", new JsonObject().put("canReply", new JsonObject())
            .put("canAnnounce", new JsonObject().put("automaticApproval", new JsonArray()))));
    assertNull(note.interactionPolicy().canReply());
    assertEquals(List.of(), note.interactionPolicy().canAnnounce().automatic());
  }

  @Test
  void nulCharactersAreRefusedWhereverTheyAre() {
    JsonObject note = new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("content", "hello\u0000world");
    assertEquals("content", refused(note).property());
    note.put("content", "fine").put("atomUri", "tag:x\u0000");
    assertEquals("atomUri", refused(note).property(), "unmodelled properties are checked too");
    note.remove("atomUri");
    note.put("source", new JsonObject().put("content", List.of("a", "b\u0000")));
    assertEquals("source.content[1]", refused(note).property());
  }

  @Test
  void idsMustBeAbsoluteUris() {
    assertEquals("id", refused(new JsonObject(LIKE).put("id", "not a uri")).property());
    assertEquals("id", refused(new JsonObject(LIKE).put("id", "/relative/1")).property());
    assertEquals("actor", refused(new JsonObject(LIKE).put("actor", "")).property());
    assertEquals("id", refused(new JsonObject(LIKE).put("id", "https://x.example/" + "a".repeat(5000))).property());
  }

  @Test
  void hugeArraysAreRefused() {
    JsonArray many = new JsonArray();
    for (int i = 0; i <= Props.MAX_ITEMS; i++) {
      many.add("https://x.example/users/" + i);
    }
    VocabException e = refused(new JsonObject(LIKE).put("type", "Announce").put("to", many));
    assertEquals("to", e.property());
    assertTrue(e.getMessage().contains("more than"), e.getMessage());
    assertEquals("orderedItems", refused(new JsonObject().put("id", "https://x.example/c").put("type", "OrderedCollection")
        .put("orderedItems", many)).property());
  }

  @Test
  void objectsEmbeddedTooDeeplyAreRefused() {
    JsonObject activity = new JsonObject(LIKE);
    JsonObject innermost = activity;
    for (int i = 0; i < Props.MAX_DEPTH + 2; i++) {
      JsonObject undo = new JsonObject().put("id", "https://x.example/u/" + i).put("type", "Undo")
          .put("actor", "https://x.example/users/a").put("object", innermost);
      innermost = undo;
    }
    assertTrue(refused(innermost).getMessage().contains("embedded too deeply"));
  }

  @Test
  void askingForTheWrongKindNamesTheType() {
    VocabException e = assertThrows(VocabException.class, () -> Vocab.parseActor(new JsonObject(LIKE)));
    assertEquals("type", e.property());
    assertEquals("type: expected an actor, got Like", e.getMessage());
  }

  @Test
  void unknownTypesAndPropertiesAreKept() {
    AsObject other = Vocab.parse(new JsonObject().put("id", "https://x.example/a/1").put("type", "QuoteAuthorization")
        .put("interactingObject", "https://x.example/n/2").put("interactionTarget", "https://y.example/n/1"));
    assertTrue(other instanceof OtherObject);
    assertEquals("https://y.example/n/1", other.extra().getString("interactionTarget"));
    AsObject reaction = Vocab.parse(new JsonObject(LIKE).put("type", "EmojiReact").put("content", "🍮"));
    assertEquals("🍮", ((Activity) reaction).content());
    AsObject custom = Vocab.parse(new JsonObject(LIKE).put("type", "litepub:Custom"));
    assertTrue(custom instanceof Activity, "an unknown type with an actor and an object reads as an activity");
  }

  @Test
  void aPeculiarDateIsKeptAsSentInsteadOfRefusingThePost() {
    Note note = Vocab.parseNote(new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("published", "last Tuesday"));
    assertNull(note.published());
    assertEquals("last Tuesday", note.extra().getString("published"));
    assertEquals("published", refused(new JsonObject().put("id", "https://p.example/notes/1").put("type", "Note")
        .put("published", 20240101)).property());
  }

  /**
   * Every property of every sample replaced by each wrong JSON type: the result is a record or a
   * VocabException, never anything else.
   */
  @Test
  void noMutationOfARealDocumentEscapesAsAnotherException() throws Exception {
    List<Object> replacements = List.of(42, -1.5, true, "", "not a uri", new JsonArray(), new JsonObject(),
        new JsonArray().add(7).add("x"), new JsonObject().put("@value", new JsonObject()), new JsonObject().put("id", 3));
    int cases = 0;
    for (String sample : List.of(Samples.MASTODON_CREATE, Samples.MASTODON_ACTOR, Samples.MASTODON_QUESTION,
        Samples.MASTODON_QUOTE, Samples.GOTOSOCIAL_NOTE, Samples.FEDIFY_ACTOR, Samples.FEDIFY_CREATE,
        Samples.GOTOSOCIAL_OUTBOX_PAGE, Samples.MISSKEY_NOTE)) {
      JsonObject document = Parsing.AS_SERVER.normalise(sample);
      for (List<Object> path : paths(document, new ArrayList<>())) {
        for (Object replacement : replacements) {
          JsonObject mutated = document.copy();
          set(mutated, path, replacement);
          cases++;
          try {
            Vocab.parse(mutated).toJson();
          } catch (VocabException expected) {
            assertTrue(expected.property() != null && !expected.property().isEmpty());
          } catch (RuntimeException e) {
            throw new AssertionError("replacing " + path + " by " + replacement + " gave " + e, e);
          }
        }
      }
    }
    assertTrue(cases > 1000, "cases: " + cases);
  }

  private static List<List<Object>> paths(Object node, List<Object> prefix) {
    List<List<Object>> paths = new ArrayList<>();
    if (node instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        List<Object> path = new ArrayList<>(prefix);
        path.add(entry.getKey());
        paths.add(path);
        paths.addAll(paths(entry.getValue(), path));
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        List<Object> path = new ArrayList<>(prefix);
        path.add(i);
        paths.add(path);
        paths.addAll(paths(array.getValue(i), path));
      }
    }
    return paths;
  }

  private static void set(Object root, List<Object> path, Object value) {
    Object node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      node = path.get(i) instanceof String key ? ((JsonObject) node).getValue(key)
          : ((JsonArray) node).getValue((Integer) path.get(i));
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof String key) {
      ((JsonObject) node).put(key, value);
    } else {
      ((JsonArray) node).set((Integer) last, value);
    }
  }
}
