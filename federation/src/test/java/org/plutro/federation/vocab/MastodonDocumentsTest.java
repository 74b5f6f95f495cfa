package org.plutro.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What Mastodon sends, normalised as the server does (and through Titanium), read as records. */
class MastodonDocumentsTest {

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void theSpecFixtureActorReads(Parsing parsing) {
    Actor actor = assertInstanceOf(Actor.class, parsing.parse(Samples.MASTODON_FIXTURE_ACTOR));
    assertEquals("https://ap.example.com/users/foo", actor.id());
    assertEquals("Person", actor.type());
    assertEquals("foo", actor.preferredUsername());
    assertEquals("", actor.name());
    assertEquals("<p>test</p>", actor.summary());
    assertEquals("https://ap.example.com/@foo", actor.webUrl());
    assertEquals("https://ap.example.com/users/foo/inbox", actor.inbox());
    assertEquals("https://ap.example.com/inbox", actor.sharedInbox());
    assertEquals("https://ap.example.com/inbox", actor.deliveryInbox());
    assertFalse(actor.manuallyApprovesFollowers());
    assertEquals(1, actor.publicKeys().size());
    assertEquals("https://ap.example.com/users/foo#main-key", actor.publicKeys().get(0).id());
    assertEquals("https://ap.example.com/users/foo", actor.publicKeys().get(0).owner());
    assertTrue(actor.publicKeys().get(0).publicKeyPem().startsWith("-----BEGIN PUBLIC KEY-----\nMIIB"));
    assertEquals("https://quitter.no/avatar/7477-300-20160211190340.png", actor.icon().href());
    assertTrue(actor.isComplete());
    assertFalse(actor.isBot());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aCurrentActorReadsWithItsFieldsEmojiAndMove(Parsing parsing) {
    Actor actor = Vocab.parseActor(parsing.normalise(Samples.MASTODON_ACTOR));
    assertEquals("https://mastodon.example/users/alice/collections/featured", actor.featured());
    assertEquals("https://mastodon.example/users/alice/collections/tags", actor.featuredTags());
    assertTrue(actor.manuallyApprovesFollowers());
    assertEquals(Boolean.TRUE, actor.discoverable());
    assertEquals(Boolean.FALSE, actor.indexable());
    assertFalse(actor.memorial());
    assertFalse(actor.suspended());
    assertEquals(Instant.parse("2023-04-01T00:00:00Z"), actor.published());
    assertEquals("https://other.example/users/alice", actor.movedTo());
    assertEquals(List.of("https://old.example/users/alice"), actor.alsoKnownAs());
    assertEquals(List.of(new Actor.PropertyValue("Web", "<a href=\"https://alice.example\">alice.example</a>"),
        new Actor.PropertyValue("Pronouns", "she/her")), actor.fields());
    Tag.Emoji emoji = assertInstanceOf(Tag.Emoji.class, actor.tag().get(0));
    assertEquals(":blob:", emoji.name());
    assertEquals("https://mastodon.example/emoji/blob.png", emoji.icon().href());
    assertEquals("image/png", emoji.icon().mediaType());
    assertEquals("image/jpeg", actor.image().mediaType());
    assertEquals("https://mastodon.example/headers/alice.jpg", actor.image().href());
    if (parsing == Parsing.AS_SERVER) {
      // Kept as the normaliser gives it: a one-element array comes out as its element.
      assertEquals("alice.example", actor.extra().getValue("attributionDomains"), "what is not modelled is kept");
    }
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aCreateOfAReplyReadsWithEverythingOnIt(Parsing parsing) {
    Activity create = Vocab.parseActivity(parsing.normalise(Samples.MASTODON_CREATE));
    assertEquals("https://mastodon.example/users/alice/statuses/110/activity", create.id());
    assertEquals("Create", create.type());
    assertEquals("https://mastodon.example/users/alice", create.actorId());
    assertFalse(create.actor().isEmbedded());
    assertEquals(List.of(Vocab.PUBLIC), create.to());
    assertEquals(List.of("https://mastodon.example/users/alice/followers", "https://gts.example/users/bob"), create.cc());
    assertEquals(Instant.parse("2024-05-01T12:00:00Z"), create.published());

    Note note = create.embeddedObject(Note.class).orElseThrow();
    assertEquals("https://mastodon.example/users/alice/statuses/110", create.objectId());
    assertEquals("Note", note.type());
    assertEquals("https://mastodon.example/users/alice", note.attributedToId());
    assertEquals(java.util.Optional.of("https://gts.example/users/bob/statuses/01HX"), note.inReplyToId());
    assertNull(note.summary());
    assertFalse(note.isSensitive());
    assertEquals("https://mastodon.example/@alice/110", note.webUrl());
    assertTrue(note.content().contains("#cats"));
    assertEquals("en", note.language());
    assertEquals(Map.of("en", note.content()), note.contentMap());

    assertEquals(List.of(new Tag.Mention("https://gts.example/users/bob", "@bob@gts.example")), note.mentions());
    assertEquals("cats", note.hashtags().get(0).bareName());
    assertEquals("https://mastodon.example/emoji/blob.png", note.emojis().get(0).icon().href());
    assertEquals(Instant.parse("2023-01-01T00:00:00Z"), note.emojis().get(0).updated());

    Media image = note.attachment().get(0);
    assertEquals("Document", image.type());
    assertEquals("image/jpeg", image.mediaType());
    assertEquals("https://mastodon.example/media/1.jpg", image.href());
    assertEquals("A cat on a keyboard", image.name());
    assertEquals("UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH", image.blurhash());
    assertEquals(new Media.FocalPoint(-0.5, 0.25), image.focalPoint());
    assertEquals(1200, image.width());
    assertEquals(800, image.height());

    Collection replies = note.replies().embedded().orElseThrow();
    assertEquals("https://mastodon.example/users/alice/statuses/110/replies", replies.id());
    Collection first = replies.first().embedded().orElseThrow();
    assertNull(first.id(), "Mastodon's first page is anonymous");
    assertTrue(first.next().id().endsWith("page=true"));
    assertTrue(first.items().isEmpty());
    assertEquals(java.util.Optional.of(7L), Note.count(note.likes()));
    assertEquals(java.util.Optional.of(2L), Note.count(note.shares()));
    if (parsing == Parsing.AS_SERVER) {
      assertEquals("https://mastodon.example/users/alice/statuses/110", note.extra().getString("atomUri"));
      assertEquals("RsaSignature2017", create.extra().getJsonObject("signature").getString("type"));
    }
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aQuotePostReadsItsQuoteAuthorisationAndQuotePolicy(Parsing parsing) {
    Note note = Vocab.parseNote(parsing.normalise(Samples.MASTODON_QUOTE));
    assertEquals(java.util.Optional.of("https://gts.example/users/bob/statuses/01HY"), note.quoteId());
    assertEquals("https://gts.example/users/bob/authorizations/01HZ", note.quoteAuthorization());
    InteractionPolicy.Rule canQuote = note.interactionPolicy().canQuote();
    assertEquals(List.of("https://mastodon.example/users/alice/followers"), canQuote.automatic());
    assertEquals(List.of(Vocab.PUBLIC), canQuote.manual());
    assertNull(note.interactionPolicy().canReply(), "a rule the post does not state");
    assertTrue(note.tag().isEmpty());
    assertNull(note.inReplyTo());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aPollReadsItsOptionsAndCounts(Parsing parsing) {
    Note question = Vocab.parseNote(parsing.normalise(Samples.MASTODON_QUESTION));
    assertEquals("Question", question.type());
    Poll poll = question.poll();
    assertFalse(poll.multiple());
    assertEquals(List.of(new Poll.Option("Tea", 3), new Poll.Option("Coffee", 2)), poll.options());
    assertEquals(5L, poll.votersCount());
    assertEquals(Instant.parse("2024-06-02T08:00:00Z"), poll.endTime());
    assertEquals(Instant.parse("2024-06-02T08:00:00Z"), poll.closedAt());
    assertTrue(poll.isOver(Instant.parse("2024-06-03T00:00:00Z")));
    assertEquals(List.of(), question.cc());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aReportListsItsObjects(Parsing parsing) {
    Activity flag = Vocab.parseActivity(parsing.normalise(Samples.MASTODON_FLAG));
    assertEquals("Flag", flag.type());
    assertEquals("Spam", flag.content());
    assertEquals(List.of("https://plutro.example/users/spammer", "https://plutro.example/users/spammer/statuses/1"),
        flag.objects().stream().map(Ref::id).toList());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void anUndoCarriesTheFollowItUndoes(Parsing parsing) {
    Activity undo = Vocab.parseActivity(parsing.normalise(Samples.MASTODON_UNDO_FOLLOW));
    Activity follow = undo.embeddedObject(Activity.class).orElseThrow();
    assertEquals("Follow", follow.type());
    assertEquals("https://mastodon.example/0b6e", undo.objectId());
    assertEquals("https://mastodon.example/users/alice", follow.actorId());
    assertEquals("https://plutro.example/users/dave", follow.objectId());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aDeleteCarriesATombstone(Parsing parsing) {
    Activity delete = Vocab.parseActivity(parsing.normalise(Samples.MASTODON_DELETE));
    Tombstone tombstone = delete.embeddedObject(Tombstone.class).orElseThrow();
    assertEquals("https://mastodon.example/users/alice/statuses/110", tombstone.id());
    assertNull(tombstone.formerType());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aMoveNamesItsTarget(Parsing parsing) {
    Activity move = Vocab.parseActivity(parsing.normalise(Samples.MASTODON_MOVE));
    assertEquals(java.util.Optional.of("https://mastodon.example/users/alice"), move.targetId());
    assertEquals("https://old.example/users/alice", move.objectId());
  }
}
