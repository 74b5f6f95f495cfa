package org.plutro.federation.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.plutro.federation.jsonld.Normalise;

/** What Fedify and Misskey send: compact values, embedded actors, Multikeys, their quote terms. */
class FedifyAndMisskeyDocumentsTest {
  static final String QUOTED = "https://mastodon.example/users/alice/statuses/110";

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aFedifyCreateReadsItsEmbeddedActorAndCompactValues(Parsing parsing) {
    Activity create = Vocab.parseActivity(parsing.normalise(Samples.FEDIFY_CREATE));
    assertTrue(create.actor().isEmbedded());
    assertEquals("https://fedify.example/users/carol", create.actorId());
    assertEquals("carol", create.actor().embedded().orElseThrow().preferredUsername());
    assertEquals(List.of(Vocab.PUBLIC), create.to(), "as:Public in one spelling");
    assertEquals(Instant.parse("2025-02-01T10:00:00.123Z"), create.published());
    Note note = create.embeddedObject(Note.class).orElseThrow();
    assertEquals(List.of(Vocab.PUBLIC), note.to());
    assertEquals(Optional.of(QUOTED), note.quoteId(), "quoteUrl, quoteUri and _misskey_quote agree");
    assertEquals("@alice@mastodon.example", note.mentions().get(0).name());
    assertEquals("A sunset", note.attachment().get(0).name());
    assertEquals("https://fedify.example/media/1.webp", note.attachment().get(0).href());
    assertEquals("https://fedify.example/@carol/1", note.webUrl());
    assertEquals("text/html", note.url().get(0).mediaType());
    if (parsing == Parsing.AS_SERVER) {
      assertEquals("eddsa-jcs-2022", create.extra().getJsonObject("proof").getString("cryptosuite"));
    }
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aFedifyActorReadsItsMultikeys(Parsing parsing) {
    Actor actor = Vocab.parseActor(parsing.normalise(Samples.FEDIFY_ACTOR));
    assertTrue(actor.isBot());
    assertEquals("https://fedify.example/inbox", actor.sharedInbox());
    assertEquals(2, actor.assertionMethods().size());
    Actor.Multikey ed25519 = actor.assertionMethods().get(1);
    assertEquals("https://fedify.example/users/carol#key-2", ed25519.id());
    assertTrue(ed25519.isMultikey());
    assertEquals("https://fedify.example/users/carol", ed25519.controller());
    assertEquals("z6MkmM42vxfqZQsv4ehtTjFFxQ4sQKS2w6WR7emozFAn5cxu", ed25519.publicKeyMultibase());
    assertEquals(List.of(new Actor.PropertyValue("Source", "<a href=\"https://code.example\">code</a>")), actor.fields(),
        "a lone attachment is a list of one");
    assertEquals("https://fedify.example/avatars/carol.png", actor.icon().href());
    assertFalse(actor.memorial());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aMisskeyNoteReadsItsQuoteAndKeepsItsOwnTerms(Parsing parsing) {
    Note note = Vocab.parseNote(parsing.normalise(Samples.MISSKEY_NOTE));
    assertEquals(Optional.of(QUOTED), note.quoteId());
    Tag.Other link = (Tag.Other) note.tag().get(0);
    assertTrue(link.isObjectLink());
    assertEquals(List.of(Note.MISSKEY_QUOTE), link.rel());
    assertEquals(Instant.parse("2024-03-03T03:03:03.333Z"), note.published());
    assertNull(note.inReplyTo());
    assertEquals("text/x.misskeymarkdown", note.extra().getJsonObject("source").getString("mediaType"));
  }

  @Test
  void aQuoteSentOnlyAsALinkTagIsRead() throws Exception {
    String linkOnly = Samples.MISSKEY_NOTE.replace("\"_misskey_quote\":\"" + QUOTED + "\",\"quoteUrl\":\"" + QUOTED + "\",", "");
    assertFalse(linkOnly.contains("\"quoteUrl\":\"https"), "the properties are gone");
    assertEquals(Optional.of(QUOTED), Vocab.parseNote(Normalise.asServer(linkOnly)).quoteId());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aMisskeyPollWithSeveralChoicesReads(Parsing parsing) {
    Poll poll = Vocab.parseNote(parsing.normalise(Samples.MISSKEY_QUESTION)).poll();
    assertTrue(poll.multiple());
    assertEquals(List.of(new Poll.Option("red", 3), new Poll.Option("blue", 1)), poll.options());
    assertEquals(4L, poll.votersCount(), "a typed literal reads as its number");
    assertTrue(poll.closed());
  }

  @ParameterizedTest
  @EnumSource(Parsing.class)
  void aMisskeyActorReadsOnTheFullPathToo(Parsing parsing) throws Exception {
    assertFalse(Normalise.isPlain(Samples.MISSKEY_ACTOR), "Misskey's featured is not id-typed: Titanium reads it");
    Actor actor = Vocab.parseActor(parsing.normalise(Samples.MISSKEY_ACTOR));
    assertEquals("nyan", actor.preferredUsername());
    assertEquals("https://misskey.example/users/9abc/collections/featured", actor.featured());
    assertEquals("https://misskey.example/inbox", actor.sharedInbox());
    assertEquals("https://misskey.example/files/avatar.webp", actor.icon().href());
    assertEquals("Home", actor.fields().get(0).name());
    assertEquals("https://misskey.example/users/9abc", actor.publicKeys().get(0).owner());
  }
}
