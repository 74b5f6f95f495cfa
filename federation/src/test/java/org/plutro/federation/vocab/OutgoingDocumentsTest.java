package org.plutro.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records written with toJson give what the server's mappers (server/.../federation/mapper) write
 * today for the same content, property for property; what we write reads back as the same record.
 * The expected documents below are built the way those mappers build theirs.
 */
class OutgoingDocumentsTest {
  static final String ALICE = "https://plutro.example/users/alice";
  static final String FOLLOWERS = ALICE + "/followers";
  static final String BOB = "https://mastodon.example/users/bob";
  static final String STATUS = ALICE + "/statuses/1";
  static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

  /** The server's Activities.CONTEXT. */
  static JsonArray mapperPostContext() {
    return new JsonArray().add("https://www.w3.org/ns/activitystreams").add(new JsonObject()
        .put("sensitive", "as:sensitive").put("Hashtag", "as:Hashtag").put("toot", "http://joinmastodon.org/ns#")
        .put("blurhash", "toot:blurhash").put("votersCount", "toot:votersCount")
        .put("focalPoint", new JsonObject().put("@container", "@list").put("@id", "toot:focalPoint"))
        .put("gts", "https://gotosocial.org/ns#").put("interactionPolicy", gts("interactionPolicy"))
        .put("canLike", gts("canLike")).put("canReply", gts("canReply")).put("canAnnounce", gts("canAnnounce"))
        .put("automaticApproval", gts("automaticApproval")).put("manualApproval", gts("manualApproval"))
        .put("always", gts("always")).put("approvalRequired", gts("approvalRequired")));
  }

  private static JsonObject gts(String term) {
    return new JsonObject().put("@id", "gts:" + term).put("@type", "@id");
  }

  /** The server's ActorDocument.CONTEXT. */
  static JsonArray mapperActorContext() {
    return new JsonArray().add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1")
        .add("https://w3id.org/security/data-integrity/v1").add("https://www.w3.org/ns/did/v1")
        .add("https://w3id.org/security/multikey/v1").add(new JsonObject()
            .put("manuallyApprovesFollowers", "as:manuallyApprovesFollowers")
            .put("alsoKnownAs", new JsonObject().put("@id", "as:alsoKnownAs").put("@type", "@id"))
            .put("movedTo", new JsonObject().put("@id", "as:movedTo").put("@type", "@id"))
            .put("toot", "http://joinmastodon.org/ns#")
            .put("featured", new JsonObject().put("@id", "toot:featured").put("@type", "@id"))
            .put("discoverable", "toot:discoverable").put("indexable", "toot:indexable")
            .put("suspended", "toot:suspended").put("schema", "http://schema.org#")
            .put("PropertyValue", "schema:PropertyValue").put("value", "schema:value"));
  }

  @Test
  void theContextsAreTheMappers() {
    assertEquals(mapperPostContext(), Vocab.postContext());
    assertEquals(mapperActorContext(), Vocab.actorContext());
  }

  // ---- a post, as NoteDocument.of and Activities.create write it

  static JsonObject mapperPolicyRule(List<String> automatic) {
    return new JsonObject().put("automaticApproval", new JsonArray(automatic)).put("always", new JsonArray(automatic))
        .put("manualApproval", new JsonArray()).put("approvalRequired", new JsonArray());
  }

  static JsonObject mapperNote() {
    String replies = STATUS + "/replies";
    return new JsonObject()
        .put("id", STATUS).put("type", "Note").put("attributedTo", ALICE)
        .put("content", "<p>Hi <a href=\"https://mastodon.example/@bob\">@bob</a> #cats</p>")
        .put("published", CREATED.toString()).put("url", "https://plutro.example/@alice/1")
        .put("to", new JsonArray().add(Vocab.PUBLIC)).put("cc", new JsonArray().add(FOLLOWERS).add(BOB))
        .put("sensitive", false).put("summary", null).put("inReplyTo", null)
        .put("tag", new JsonArray()
            .add(new JsonObject().put("type", "Mention").put("href", BOB).put("name", "@bob@mastodon.example"))
            .add(new JsonObject().put("type", "Hashtag").put("href", "https://plutro.example/tags/cats").put("name", "#cats")))
        .put("attachment", new JsonArray().add(new JsonObject().put("type", "Document").put("mediaType", "image/png")
            .put("url", "https://plutro.example/media/original/a.png").put("name", "A cat")
            .put("blurhash", "LEHV6nWB2yk8pyo0adR*.7kCMdnj").put("focalPoint", new JsonArray().add(0.25).add(-0.5))
            .put("width", 640).put("height", 480)))
        .put("contentMap", new JsonObject().put("en", "<p>Hi <a href=\"https://mastodon.example/@bob\">@bob</a> #cats</p>"))
        .put("interactionPolicy", new JsonObject().put("canLike", mapperPolicyRule(List.of(Vocab.PUBLIC)))
            .put("canReply", mapperPolicyRule(List.of(Vocab.PUBLIC)))
            .put("canAnnounce", mapperPolicyRule(List.of(Vocab.PUBLIC))))
        .put("replies", new JsonObject().put("id", replies).put("type", "Collection")
            .put("first", new JsonObject().put("type", "CollectionPage").put("next", replies + "?page=true")
                .put("partOf", replies).put("items", new JsonArray())));
  }

  static Note note() {
    String content = "<p>Hi <a href=\"https://mastodon.example/@bob\">@bob</a> #cats</p>";
    String replies = STATUS + "/replies";
    return Note.builder(STATUS, "Note").attributedTo(ALICE).content(content).contentMap(Map.of("en", content))
        .published(CREATED).url("https://plutro.example/@alice/1").to(List.of(Vocab.PUBLIC))
        .cc(List.of(FOLLOWERS, BOB)).sensitive(false)
        .tag(List.of(new Tag.Mention(BOB, "@bob@mastodon.example"), new Tag.Hashtag("https://plutro.example/tags/cats", "#cats")))
        .attachment(List.of(Media.document("image/png", "https://plutro.example/media/original/a.png", "A cat",
            "LEHV6nWB2yk8pyo0adR*.7kCMdnj", new Media.FocalPoint(0.25, -0.5), 640, 480)))
        .interactionPolicy(new InteractionPolicy(InteractionPolicy.Rule.of(List.of(Vocab.PUBLIC)),
            InteractionPolicy.Rule.of(List.of(Vocab.PUBLIC)), InteractionPolicy.Rule.of(List.of(Vocab.PUBLIC)), null, null))
        .replies(new Collection(replies, List.of("Collection"), null,
            Ref.of(Collection.page(null, "CollectionPage", replies, replies + "?page=true", List.of())),
            null, null, null, null, List.of(), null))
        .build();
  }

  @Test
  void aNoteIsWhatNoteDocumentWrites() {
    assertEquals(mapperNote(), note().toJsonEmbedded());
  }

  @Test
  void aCreateIsWhatActivitiesCreateWrites() {
    JsonObject expected = new JsonObject().put("@context", mapperPostContext()).put("id", STATUS + "/activity")
        .put("type", "Create").put("actor", ALICE).put("published", CREATED.toString())
        .put("to", new JsonArray().add(Vocab.PUBLIC)).put("cc", new JsonArray().add(FOLLOWERS).add(BOB))
        .put("object", mapperNote());
    Activity create = Activity.builder(STATUS + "/activity", "Create", ALICE).published(CREATED)
        .to(List.of(Vocab.PUBLIC)).cc(List.of(FOLLOWERS, BOB)).object(note()).build();
    assertEquals(expected, create.toJson());
  }

  @Test
  void aQuestionIsWhatPollDocumentsWrite() {
    Instant end = Instant.parse("2026-01-03T03:04:05Z");
    JsonObject expected = mapperNote().put("type", "Question")
        .put("oneOf", new JsonArray()
            .add(new JsonObject().put("type", "Note").put("name", "Tea")
                .put("replies", new JsonObject().put("type", "Collection").put("totalItems", 3L)))
            .add(new JsonObject().put("type", "Note").put("name", "Coffee")
                .put("replies", new JsonObject().put("type", "Collection").put("totalItems", 1L))))
        .put("votersCount", 4L).put("endTime", end.toString()).put("closed", end.toString());
    Note question = note().toBuilder().type("Question")
        .poll(new Poll(false, List.of(new Poll.Option("Tea", 3), new Poll.Option("Coffee", 1)), end, end, true, 4L))
        .build();
    assertEquals(expected, question.toJsonEmbedded());
  }

  @Test
  void aVoteIsWhatPollDocumentsWrite() {
    String question = "https://mastodon.example/users/bob/statuses/9";
    JsonObject expected = new JsonObject().put("@context", mapperPostContext()).put("id", ALICE + "#votes/1/activity")
        .put("type", "Create").put("actor", ALICE).put("to", new JsonArray().add(BOB))
        .put("object", new JsonObject().put("id", ALICE + "#votes/1").put("type", "Note").put("name", "Tea")
            .put("attributedTo", ALICE).put("to", new JsonArray().add(BOB)).put("inReplyTo", question));
    Note vote = Note.builder(ALICE + "#votes/1", "Note").name("Tea").attributedTo(ALICE).to(List.of(BOB))
        .inReplyTo(question).build();
    JsonObject written = Activity.builder(ALICE + "#votes/1/activity", "Create", ALICE).to(List.of(BOB))
        .object(vote).build().toJson();
    // The note's empty lists and null summary are written as for any note: the same for every peer.
    assertEquals(expected, withoutEmpty(written));
  }

  // ---- activities, as Activities, InteractionActivities and ActorActivities write them

  @Test
  void followAcceptUndoLikeAnnounceAddDeleteAreWhatTheMappersWrite() {
    String follow = ALICE + "#follows/7";
    JsonObject followObject = new JsonObject().put("id", follow).put("type", "Follow").put("actor", ALICE).put("object", BOB);
    Activity followActivity = Activity.builder(follow, "Follow", ALICE).object(BOB).build();
    assertEquals(new JsonObject().put("@context", mapperPostContext()).mergeIn(followObject), followActivity.toJson());

    assertEquals(new JsonObject().put("@context", mapperPostContext()).put("id", BOB + "#accepts/follows/7")
            .put("type", "Accept").put("actor", BOB).put("object", followObject),
        Activity.builder(BOB + "#accepts/follows/7", "Accept", BOB).object(followActivity).build().toJson());

    assertEquals(new JsonObject().put("@context", mapperPostContext()).put("id", follow + "/undo").put("type", "Undo")
            .put("actor", ALICE).put("object", followObject),
        Activity.builder(follow + "/undo", "Undo", ALICE).object(followActivity).build().toJson());

    assertEquals(new JsonObject().put("@context", mapperPostContext()).put("id", ALICE + "#likes/3").put("type", "Like")
            .put("actor", ALICE).put("object", STATUS),
        Activity.builder(ALICE + "#likes/3", "Like", ALICE).object(STATUS).build().toJson());

    JsonObject announce = new JsonObject().put("id", ALICE + "/statuses/2/activity").put("type", "Announce")
        .put("actor", ALICE).put("published", CREATED.toString()).put("to", new JsonArray().add(Vocab.PUBLIC))
        .put("cc", new JsonArray().add(FOLLOWERS)).put("object", "https://mastodon.example/users/bob/statuses/9");
    Activity share = Activity.builder(ALICE + "/statuses/2/activity", "Announce", ALICE).published(CREATED)
        .to(List.of(Vocab.PUBLIC)).cc(List.of(FOLLOWERS)).object("https://mastodon.example/users/bob/statuses/9").build();
    assertEquals(new JsonObject().put("@context", mapperPostContext()).mergeIn(announce), share.toJson());
    assertEquals(new JsonObject().put("@context", mapperPostContext()).put("id", share.id() + "/undo").put("type", "Undo")
            .put("actor", ALICE).put("object", announce).put("to", new JsonArray().add(Vocab.PUBLIC))
            .put("cc", new JsonArray().add(FOLLOWERS)),
        Activity.builder(share.id() + "/undo", "Undo", ALICE).object(share).to(share.to()).cc(share.cc()).build().toJson());

    assertEquals(new JsonObject().put("@context", mapperPostContext()).put("id", ALICE + "#pins/1").put("type", "Add")
            .put("actor", ALICE).put("object", STATUS).put("target", ALICE + "/collections/featured"),
        Activity.builder(ALICE + "#pins/1", "Add", ALICE).object(STATUS).target(ALICE + "/collections/featured").build()
            .toJson());

    assertEquals(new JsonObject().put("@context", mapperPostContext()).put("id", STATUS + "#delete").put("type", "Delete")
            .put("actor", ALICE).put("to", new JsonArray().add(Vocab.PUBLIC)).put("cc", new JsonArray().add(FOLLOWERS))
            .put("object", new JsonObject().put("id", STATUS).put("type", "Tombstone").put("formerType", "Note")),
        Activity.builder(STATUS + "#delete", "Delete", ALICE).to(List.of(Vocab.PUBLIC)).cc(List.of(FOLLOWERS))
            .object(Tombstone.of(STATUS, "Note")).build().toJson());

    // An addressed activity carries cc as well, empty here (as Mastodon's Create of a direct message does).
    assertEquals(new JsonObject().put("@context", mapperPostContext()).put("id", ALICE + "#delete").put("type", "Delete")
            .put("actor", ALICE).put("to", new JsonArray().add(Vocab.PUBLIC)).put("cc", new JsonArray())
            .put("object", ALICE),
        Activity.builder(ALICE + "#delete", "Delete", ALICE).to(List.of(Vocab.PUBLIC)).object(ALICE).build().toJson());
  }

  // ---- an actor, as ActorDocument.of writes it, and its Update

  static JsonObject mapperActor() {
    return new JsonObject().put("@context", mapperActorContext()).put("id", ALICE).put("type", "Person")
        .put("preferredUsername", "alice").put("name", "Alice").put("summary", "<p>Hello</p>")
        .put("url", "https://plutro.example/@alice").put("inbox", ALICE + "/inbox").put("outbox", ALICE + "/outbox")
        .put("followers", FOLLOWERS).put("following", ALICE + "/following")
        .put("featured", ALICE + "/collections/featured")
        .put("endpoints", new JsonObject().put("sharedInbox", "https://plutro.example/inbox"))
        .put("manuallyApprovesFollowers", true).put("discoverable", true).put("indexable", false)
        .put("published", CREATED.toString())
        .put("publicKey", new JsonObject().put("id", ALICE + "#main-key").put("owner", ALICE)
            .put("publicKeyPem", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"))
        .put("assertionMethod", new JsonArray()
            .add(new JsonObject().put("id", ALICE + "#main-key").put("type", "Multikey").put("controller", ALICE)
                .put("publicKeyMultibase", "zRsa"))
            .add(new JsonObject().put("id", ALICE + "#ed25519-key").put("type", "Multikey").put("controller", ALICE)
                .put("publicKeyMultibase", "z6Mk")))
        .put("attachment", new JsonArray().add(new JsonObject().put("type", "PropertyValue").put("name", "Web")
            .put("value", "<a href=\"https://alice.example\">alice.example</a>")))
        .put("tag", new JsonArray())
        .put("icon", new JsonObject().put("type", "Image").put("mediaType", "image/png")
            .put("url", "https://plutro.example/media/avatar.png"))
        .put("image", new JsonObject().put("type", "Image").put("mediaType", "image/jpeg")
            .put("url", "https://plutro.example/media/header.jpg"));
  }

  static Actor actor() {
    return Actor.builder(ALICE, "Person").preferredUsername("alice").name("Alice").summary("<p>Hello</p>")
        .url("https://plutro.example/@alice").inbox(ALICE + "/inbox").outbox(ALICE + "/outbox").followers(FOLLOWERS)
        .following(ALICE + "/following").featured(ALICE + "/collections/featured")
        .sharedInbox("https://plutro.example/inbox").manuallyApprovesFollowers(true).discoverable(true)
        .indexable(false).published(CREATED)
        .publicKeys(List.of(new Actor.PublicKey(ALICE + "#main-key", ALICE,
            "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n")))
        .assertionMethods(List.of(Actor.Multikey.of(ALICE + "#main-key", ALICE, "zRsa"),
            Actor.Multikey.of(ALICE + "#ed25519-key", ALICE, "z6Mk")))
        .fields(List.of(new Actor.PropertyValue("Web", "<a href=\"https://alice.example\">alice.example</a>")))
        .icon(Media.image("image/png", "https://plutro.example/media/avatar.png"))
        .image(Media.image("image/jpeg", "https://plutro.example/media/header.jpg"))
        .build();
  }

  @Test
  void anActorIsWhatActorDocumentWrites() {
    assertEquals(mapperActor(), actor().toJson());
  }

  @Test
  void anUpdateOfTheActorIsWhatActorActivitiesWrite() {
    JsonObject actor = mapperActor();
    JsonArray context = (JsonArray) actor.remove("@context");
    JsonObject expected = new JsonObject().put("@context", context).put("id", ALICE + "#updates/5").put("type", "Update")
        .put("actor", ALICE).put("to", new JsonArray().add(Vocab.PUBLIC)).put("cc", new JsonArray())
        .put("object", actor);
    assertEquals(expected, Activity.builder(ALICE + "#updates/5", "Update", ALICE).to(List.of(Vocab.PUBLIC))
        .object(actor()).build().toJson());
  }

  @Test
  void aSuspendedActorIsBlankedAsActorDocumentBlanksIt() {
    JsonObject expected = mapperActor().put("suspended", true).put("name", "").put("summary", "")
        .put("attachment", new JsonArray());
    expected.remove("icon");
    expected.remove("image");
    Actor suspended = actor().toBuilder().suspended(true).name("").summary("").fields(List.of()).icon(null).image(null)
        .build();
    assertEquals(expected, suspended.toJson());
  }

  @Test
  void aDirectMessagesCreateCarriesAnEmptyCcAndAFollowNoAddressing() {
    Note direct = note().toBuilder().to(List.of(BOB)).cc(List.of()).build();
    JsonObject create = Activity.builder(STATUS + "/activity", "Create", ALICE).to(List.of(BOB)).object(direct)
        .build().toJson();
    assertEquals(new JsonArray().add(BOB), create.getJsonArray("to"));
    assertEquals(new JsonArray(), create.getJsonArray("cc"));
    assertEquals(new JsonArray(), create.getJsonObject("object").getJsonArray("cc"));
    JsonObject follow = Activity.builder(ALICE + "#follows/7", "Follow", ALICE).object(BOB).build().toJson();
    assertEquals(false, follow.containsKey("to"));
    assertEquals(false, follow.containsKey("cc"));
  }

  @Test
  void aTombstoneCarriesWhenItWasDeleted() {
    Instant deleted = Instant.parse("2026-01-03T03:04:05.123Z");
    assertEquals(new JsonObject().put("@context", mapperPostContext()).put("id", STATUS).put("type", "Tombstone")
            .put("formerType", "Note").put("deleted", "2026-01-03T03:04:05.123Z"),
        new Tombstone(STATUS, List.of("Tombstone"), "Note", deleted, null).toJson());
  }

  @Test
  void aPolicyAsTheServerWritesItReadsAsTheRecord() {
    JsonObject written = new JsonObject().put("canLike", mapperPolicyRule(List.of(Vocab.PUBLIC)))
        .put("canReply", mapperPolicyRule(List.of(ALICE, FOLLOWERS)))
        .put("canAnnounce", mapperPolicyRule(List.of(ALICE)));
    InteractionPolicy policy = Vocab.parseInteractionPolicy(written);
    assertEquals(List.of(ALICE, FOLLOWERS), policy.canReply().automatic());
    assertEquals(written, policy.toJson());
    assertEquals(mapperNote().getJsonObject("interactionPolicy"),
        Vocab.parseInteractionPolicy(mapperNote().getJsonObject("interactionPolicy")).toJson());
  }

  // ---- round trips

  @Test
  void whatWeWriteReadsBackAsTheSameRecord() {
    for (AsObject written : List.<AsObject>of(note(), actor(),
        Activity.builder(STATUS + "/activity", "Create", ALICE).to(List.of(Vocab.PUBLIC)).object(note()).build(),
        note().toBuilder().type("Question").poll(new Poll(true, List.of(new Poll.Option("a", 1)), CREATED, null, false, 1L))
            .quote("https://mastodon.example/users/bob/statuses/9").build())) {
      for (Parsing parsing : Parsing.values()) {
        assertEquals(written, parsing.parse(written.toJson().encode()), parsing + " " + written.type());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"MASTODON_CREATE", "MASTODON_ACTOR", "MASTODON_QUOTE", "MASTODON_QUESTION", "MASTODON_FLAG",
      "GOTOSOCIAL_NOTE", "GOTOSOCIAL_ACTOR", "GOTOSOCIAL_OUTBOX_PAGE", "FEDIFY_CREATE", "FEDIFY_ACTOR", "MISSKEY_NOTE",
      "MISSKEY_QUESTION", "MISSKEY_ACTOR"})
  void whatPeersSentIsWrittenBackAndReadsTheSame(String sample) throws Exception {
    String body = (String) Samples.class.getDeclaredField(sample).get(null);
    AsObject read = Parsing.AS_SERVER.parse(body);
    AsObject again = Parsing.AS_SERVER.parse(read.toJson().encode());
    assertEquals(read, again, sample);
  }

  @Test
  void aQuoteIsWrittenAsMastodonWritesIt() {
    JsonObject written = note().toBuilder().quote("https://mastodon.example/users/bob/statuses/9")
        .quoteAuthorization("https://mastodon.example/users/bob/quote_authorizations/1").build().toJson();
    assertEquals("https://mastodon.example/users/bob/statuses/9", written.getString("quote"));
    assertEquals("https://mastodon.example/users/bob/statuses/9", written.getString("quoteUri"));
    assertEquals("https://mastodon.example/users/bob/statuses/9", written.getString("_misskey_quote"));
    JsonObject terms = written.getJsonArray("@context").getJsonObject(1);
    assertEquals("https://w3id.org/fep/044f#quote", terms.getString("quote"), "defined inline, as Mastodon does");
    assertEquals("https://w3id.org/fep/044f#quoteAuthorization",
        terms.getJsonObject("quoteAuthorization").getString("@id"));
  }

  /** A copy without null values and empty arrays (for shapes the mapper writes more sparsely). */
  static JsonObject withoutEmpty(JsonObject json) {
    JsonObject copy = new JsonObject();
    json.forEach(entry -> {
      Object value = entry.getValue();
      if (value == null || value instanceof JsonArray array && array.isEmpty()) {
        return;
      }
      copy.put(entry.getKey(), value instanceof JsonObject object ? withoutEmpty(object) : value);
    });
    return copy;
  }
}
