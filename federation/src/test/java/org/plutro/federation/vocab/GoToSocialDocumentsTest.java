package org.plutro.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What GoToSocial sends (its federation documentation's examples), read as records. */
class GoToSocialDocumentsTest {

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aNoteWithSingleValuesReadsAsLists(Parsing parsing) {
    Note note = Vocab.parseNote(parsing.normalise(Samples.GOTOSOCIAL_NOTE));
    assertEquals("http://example.org/users/i_p_freely/statuses/01FF25D5Q0DH7CHD57CTRS6WK0", note.id());
    assertEquals(List.of(Vocab.PUBLIC), note.to());
    assertEquals(List.of("http://example.org/users/i_p_freely/followers"), note.cc());
    assertEquals(List.of(new Tag.Hashtag("https://example.org/tags/welcome", "#welcome")), note.tag());
    assertEquals("", note.summary());
    assertEquals("en", note.language());
    assertEquals(Instant.parse("2021-11-20T13:32:16Z"), note.published());
    Collection first = note.replies().embedded().orElseThrow().first().embedded().orElseThrow();
    assertEquals("CollectionPage", first.type());
    assertTrue(first.id().endsWith("replies?page=true"));
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void itsInteractionPolicyReadsUnderBothNames(Parsing parsing) {
    InteractionPolicy policy = Vocab.parseNote(parsing.normalise(Samples.GOTOSOCIAL_NOTE)).interactionPolicy();
    assertEquals(List.of(Vocab.PUBLIC), policy.canLike().automatic());
    assertEquals(List.of("http://example.org/users/i_p_freely", "http://example.org/users/i_p_freely/followers"),
        policy.canReply().automatic());
    assertEquals(List.of(Vocab.PUBLIC), policy.canReply().manual());
    assertEquals(List.of(Vocab.PUBLIC), policy.canReply().approvalRequired());
    assertEquals(List.of("http://example.org/users/i_p_freely"), policy.canAnnounce().always());
    assertNull(policy.canQuote());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void anActorReadsItsFieldsAndAliases(Parsing parsing) {
    Actor actor = Vocab.parseActor(parsing.normalise(Samples.GOTOSOCIAL_ACTOR));
    assertEquals("1happyturtle", actor.preferredUsername());
    assertEquals("happy little turtle :3", actor.name());
    assertTrue(actor.manuallyApprovesFollowers());
    assertEquals(Boolean.FALSE, actor.discoverable());
    assertNull(actor.indexable(), "not stated");
    assertNull(actor.sharedInbox(), "GoToSocial has no shared inbox");
    assertEquals("http://example.org/users/1happyturtle/inbox", actor.deliveryInbox());
    assertEquals(List.of(new Actor.PropertyValue("should you follow me?", "maybe!"), new Actor.PropertyValue("age", "120")),
        actor.fields());
    assertEquals("http://example.org/users/1happyturtle/main-key", actor.publicKeys().get(0).id());
    assertEquals(2, actor.alsoKnownAs().size());
    assertTrue(actor.tag().isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void theBareKeyActorReadsAsAnIncompleteActor(Parsing parsing) {
    Actor bare = Vocab.parseActor(parsing.normalise(Samples.GOTOSOCIAL_KEY_ACTOR));
    assertEquals("https://gts.example/users/bob", bare.id());
    assertNull(bare.inbox());
    assertFalse(bare.isComplete(), "no inbox: fetch the actor itself");
    assertEquals("https://gts.example/users/bob/main-key", bare.publicKeys().get(0).id());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void anOutboxPageHoldsItsActivities(Parsing parsing) {
    Collection page = Vocab.parseCollection(parsing.normalise(Samples.GOTOSOCIAL_OUTBOX_PAGE));
    assertTrue(page.isOrdered());
    assertEquals("https://example.org/users/whatever/outbox", page.partOf());
    assertTrue(page.next().id().contains("max_id="));
    assertTrue(page.prev().id().contains("min_id="));
    Activity create = assertInstanceOf(Activity.class, page.items().get(0).embedded().orElseThrow());
    assertEquals("https://example.org/users/whatever/statuses/01FJC1MKPVX2VMWP2ST93Q90K7", create.objectId());
    assertFalse(create.object().isEmbedded());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void collectionsOfIdsAndCounts(Parsing parsing) {
    Collection following = Vocab.parseCollection(parsing.normalise(Samples.GOTOSOCIAL_FOLLOWING));
    assertEquals(397L, following.totalItems());
    assertEquals("https://example.org/users/someone/following?limit=40", following.first().id());
    assertTrue(following.items().isEmpty());
    Collection featured = Vocab.parseCollection(parsing.normalise(Samples.GOTOSOCIAL_FEATURED));
    assertEquals(List.of("https://example.org/users/some_user/statuses/01GS7VTYH0S77NNXTP6W4G9EAG"), featured.itemIds());
  }

  @org.junit.jupiter.api.Test
  void theNormalisersOwnTreeParsesToo() throws Exception {
    var tree = new org.plutro.federation.jsonld.JsonLdNormalizer()
        .normalize(Samples.GOTOSOCIAL_FOLLOWING.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(397L, ((Collection) Vocab.parse(tree)).totalItems());
  }
}
