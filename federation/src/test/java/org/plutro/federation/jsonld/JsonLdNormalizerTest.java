package org.plutro.federation.jsonld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Documents shaped as Mastodon, GoToSocial and Fedify send them come out in one shape. */
class JsonLdNormalizerTest {
  private final JsonLdNormalizer normalizer = new JsonLdNormalizer();

  private ObjectNode normalize(String json) throws JsonLdException {
    return normalizer.normalize(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A Create(Note) as Mastodon sends it. */
  static final String CREATE_AS_SENT = """
      {"@context":["https://www.w3.org/ns/activitystreams",{"ostatus":"http://ostatus.org#",
        "atomUri":"ostatus:atomUri","inReplyToAtomUri":"ostatus:inReplyToAtomUri",
        "conversation":"ostatus:conversation","sensitive":"as:sensitive","toot":"http://joinmastodon.org/ns#",
        "votersCount":"toot:votersCount","Hashtag":"as:Hashtag"}],
       "id":"https://m.example/users/alice/statuses/1/activity","type":"Create",
       "actor":"https://m.example/users/alice","published":"2026-11-24T10:00:00Z",
       "to":["https://www.w3.org/ns/activitystreams#Public"],"cc":["https://m.example/users/alice/followers"],
       "object":{"id":"https://m.example/users/alice/statuses/1","type":"Note","summary":null,
         "inReplyTo":null,"published":"2026-11-24T10:00:00Z","url":"https://m.example/@alice/1",
         "attributedTo":"https://m.example/users/alice",
         "to":["https://www.w3.org/ns/activitystreams#Public"],"cc":["https://m.example/users/alice/followers"],
         "sensitive":false,"content":"<p>Hello #fedi</p>","contentMap":{"en":"<p>Hello #fedi</p>"},
         "attachment":[],"tag":[{"type":"Hashtag","href":"https://m.example/tags/fedi","name":"#fedi"}]}}""";

  @Test
  void aMastodonCreateKeepsItsShape() throws Exception {
    ObjectNode create = normalize(CREATE_AS_SENT);
    assertFalse(create.has("@context"));
    assertEquals("Create", create.get("type").asText());
    assertEquals("https://m.example/users/alice", create.get("actor").asText());
    assertEquals(JsonLdNormalizer.PUBLIC, create.get("to").get(0).asText());
    JsonNode note = create.get("object");
    assertEquals("Note", note.get("type").asText());
    assertEquals("<p>Hello #fedi</p>", note.get("content").asText());
    assertEquals("https://m.example/users/alice", note.get("attributedTo").asText());
    assertTrue(note.get("tag").isArray());
    assertEquals("Hashtag", note.get("tag").get(0).get("type").asText());
    assertEquals(false, note.get("sensitive").asBoolean());
    assertEquals("<p>Hello #fedi</p>", note.get("contentMap").get("en").asText());
  }

  @Test
  void fedifyCompactValuesBecomeArraysAndPublicHasOneSpelling() throws Exception {
    ObjectNode create = normalize("""
        {"@context":"https://www.w3.org/ns/activitystreams","id":"https://f.example/c/1","type":"Create",
         "actor":{"id":"https://f.example/u/bob","type":"Person"},"to":"as:Public","cc":"https://f.example/u/bob/followers",
         "object":{"id":"https://f.example/n/1","type":"Note","to":"Public","content":"hi",
           "tag":{"type":"Mention","href":"https://m.example/users/alice"}}}""");
    assertTrue(create.get("to").isArray());
    assertEquals(JsonLdNormalizer.PUBLIC, create.get("to").get(0).asText());
    assertEquals("https://f.example/u/bob/followers", create.get("cc").get(0).asText());
    assertEquals("https://f.example/u/bob", create.get("actor").get("id").asText(), "embedded actor stays embedded");
    assertEquals(JsonLdNormalizer.PUBLIC, create.get("object").get("to").get(0).asText());
    assertTrue(create.get("object").get("tag").isArray());
  }

  @Test
  void anActorWithKeysAndMastodonTermsReadsPlainly() throws Exception {
    ObjectNode actor = normalize("""
        {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",
          {"manuallyApprovesFollowers":"as:manuallyApprovesFollowers","toot":"http://joinmastodon.org/ns#",
           "discoverable":"toot:discoverable","indexable":"toot:indexable",
           "featured":{"@id":"toot:featured","@type":"@id"},"schema":"http://schema.org#",
           "PropertyValue":"schema:PropertyValue","value":"schema:value"}],
         "id":"https://m.example/users/alice","type":"Person","preferredUsername":"alice",
         "inbox":"https://m.example/users/alice/inbox","manuallyApprovesFollowers":true,"discoverable":true,
         "featured":"https://m.example/users/alice/collections/featured",
         "endpoints":{"sharedInbox":"https://m.example/inbox"},
         "attachment":{"type":"PropertyValue","name":"Site","value":"<a href=\\"https://a.example\\">a</a>"},
         "publicKey":{"id":"https://m.example/users/alice#main-key","owner":"https://m.example/users/alice",
           "publicKeyPem":"-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\\n"}}""");
    assertEquals("alice", actor.get("preferredUsername").asText());
    assertTrue(actor.get("manuallyApprovesFollowers").asBoolean());
    assertTrue(actor.get("discoverable").asBoolean());
    assertEquals("https://m.example/users/alice/collections/featured", actor.get("featured").asText());
    assertEquals("https://m.example/inbox", actor.get("endpoints").get("sharedInbox").asText());
    assertEquals("https://m.example/users/alice", actor.get("publicKey").get("owner").asText());
    assertTrue(actor.get("publicKey").get("publicKeyPem").asText().startsWith("-----BEGIN"));
    assertEquals("PropertyValue", actor.get("attachment").get(0).get("type").asText());
    assertEquals("Site", actor.get("attachment").get(0).get("name").asText());
  }

  /** Fedify (and Plutro) publish Multikeys under did/v1's assertionMethod, typed by multikey/v1. */
  @Test
  void aFedifyActorsMultikeysReadAsPlainStrings() throws Exception {
    ObjectNode actor = normalize("""
        {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",
          "https://w3id.org/security/data-integrity/v1","https://www.w3.org/ns/did/v1",
          "https://w3id.org/security/multikey/v1"],
         "id":"https://f.example/u/bob","type":"Person","preferredUsername":"bob",
         "inbox":"https://f.example/u/bob/inbox",
         "publicKey":{"id":"https://f.example/u/bob#main-key","type":"CryptographicKey",
           "owner":"https://f.example/u/bob","publicKeyPem":"-----BEGIN PUBLIC KEY-----"},
         "assertionMethod":[{"id":"https://f.example/u/bob#multikey-1","type":"Multikey",
           "controller":"https://f.example/u/bob","publicKeyMultibase":"z6MkmM42vxfqZQsv4ehtTjFFxQ4sQKS2w6WR7emozFAn5cxu"}]}""");
    JsonNode multikey = actor.get("assertionMethod").get(0);
    assertEquals("https://f.example/u/bob#multikey-1", multikey.get("id").asText());
    assertEquals("Multikey", multikey.get("type").asText());
    assertEquals("https://f.example/u/bob", multikey.get("controller").asText());
    assertEquals("z6MkmM42vxfqZQsv4ehtTjFFxQ4sQKS2w6WR7emozFAn5cxu",
        multikey.get("publicKeyMultibase").asText());
    assertEquals("https://f.example/u/bob", actor.get("publicKey").get("owner").asText());
  }

  @Test
  void aGoToSocialFollowWithItsOwnContextReads() throws Exception {
    ObjectNode follow = normalize("""
        {"@context":["https://gotosocial.org/ns","https://www.w3.org/ns/activitystreams"],
         "actor":"https://g.example/users/carol","id":"https://g.example/users/carol/follow/01","object":"https://p.example/users/dave","type":"Follow"}""");
    assertEquals("Follow", follow.get("type").asText());
    assertEquals("https://p.example/users/dave", follow.get("object").asText());
  }

  @Test
  void aGoToSocialInteractionPolicyKeepsItsNames() throws Exception {
    ObjectNode note = normalize("""
        {"@context":["https://gotosocial.org/ns","https://www.w3.org/ns/activitystreams"],
         "id":"https://g.example/users/carol/statuses/01","type":"Note","attributedTo":"https://g.example/users/carol",
         "content":"no replies please","to":"https://www.w3.org/ns/activitystreams#Public",
         "interactionPolicy":{
           "canLike":{"automaticApproval":"https://www.w3.org/ns/activitystreams#Public","always":"https://www.w3.org/ns/activitystreams#Public"},
           "canReply":{"automaticApproval":["https://g.example/users/carol","https://g.example/users/carol/followers"],
                       "manualApproval":"https://www.w3.org/ns/activitystreams#Public"},
           "canAnnounce":{"always":"https://g.example/users/carol"}}}""");
    JsonNode policy = note.get("interactionPolicy");
    assertTrue(policy.get("canReply").get("automaticApproval").toString().contains("https://g.example/users/carol/followers"),
        policy.toString());
    assertTrue(policy.get("canReply").get("manualApproval").toString().contains("Public"), policy.toString());
    assertTrue(policy.get("canAnnounce").get("always").toString().contains("https://g.example/users/carol"),
        policy.toString());
  }

  @Test
  void aContextWeDoNotBundleIsRefusedWithoutAnyFetch() {
    JsonLdException e = assertThrows(JsonLdException.class, () -> normalize("""
        {"@context":["https://www.w3.org/ns/activitystreams","https://evil.example/context.jsonld"],
         "id":"https://evil.example/1","type":"Note"}"""));
    assertTrue(e.getMessage().contains("evil.example"), e.getMessage());
  }

  @Test
  void garbageAndDepthBombsAreRefused() {
    assertThrows(JsonLdException.class, () -> normalize("{not json"));
    assertThrows(JsonLdException.class, () -> normalize("[1, 2]"));
    assertThrows(JsonLdException.class, () -> normalize("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
  }

  @Test
  void noContextMeansActivityStreams() throws Exception {
    ObjectNode like = normalize("""
        {"id":"https://x.example/likes/1","type":"Like","actor":"https://x.example/u","object":"https://p.example/n/1"}""");
    assertEquals("Like", like.get("type").asText());
    assertEquals("https://p.example/n/1", like.get("object").asText());
  }

  /** Fedify's shape: the proof without a context of its own, and a Linked Data signature after it. */
  static final String FEDIFY_SIGNED_CREATE = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/data-integrity/v1",
        {"toot":"http://joinmastodon.org/ns#","Emoji":"toot:Emoji"}],
       "id":"https://f.example/c/1","type":"Create","actor":"https://f.example/u/bob",
       "object":{"id":"https://f.example/n/1","type":"Note","attributedTo":"https://f.example/u/bob","content":"hi"},
       "proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022",
         "verificationMethod":"https://f.example/u/bob#ed25519-key","proofPurpose":"assertionMethod",
         "proofValue":"z3sXaxjKs4M3BRicwWA9peyNPJvJqxtGsDmpt1jjoHCjgeUf71TRFz56osPSfDErszyLp5Ks1EhYSgpDaNM977Rg2",
         "created":"2024-06-01T00:00:00Z"},
       "signature":{"type":"RsaSignature2017","creator":"https://f.example/u/bob#main-key",
         "created":"2024-06-01T00:00:00Z","signatureValue":"abc"}}""";

  /** FEP-8b32's current shape: a proof repeating the document's context (data integrity v2). */
  static final String FEP_SIGNED_CREATE = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/data-integrity/v2"],
       "id":"https://server.example/activities/1","type":"Create","actor":"https://server.example/users/alice",
       "object":{"id":"https://server.example/objects/1","type":"Note",
         "attributedTo":"https://server.example/users/alice","content":"Hello world",
         "location":{"type":"Place","longitude":-71.184902,"latitude":25.273962}},
       "proof":{"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/data-integrity/v2"],
         "type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022",
         "verificationMethod":"https://server.example/users/alice#ed25519-key","proofPurpose":"assertionMethod",
         "proofValue":"z42ffGu6AUKPCFcFPiabmUvnGLPJzC7e4DGWC52NUasSSH37UMa9c58tdgVszUcZfytxa4fQ5TYHaJENCxUDe9SdL",
         "created":"2023-02-24T23:36:38Z"}}""";

  @Test
  void integrityProofsAndLinkedDataSignaturesDoNotStopTheActivityFromReading() throws Exception {
    for (String sent : new String[] {FEDIFY_SIGNED_CREATE, FEP_SIGNED_CREATE}) {
      ObjectNode create = normalize(sent);
      assertEquals("Create", create.get("type").asText(), sent);
      assertTrue(create.get("object").get("content").asText().startsWith("H")
          || create.get("object").get("content").asText().equals("hi"), create.toString());
      assertTrue(create.get("actor").asText().endsWith("bob") || create.get("actor").asText().endsWith("alice"));
    }
    // Without a nested context, a data integrity proof needs no JSON-LD processing at all.
    assertTrue(normalizer.normalizeIfPlain(JsonLdNormalizer.MAPPER.readTree(FEDIFY_SIGNED_CREATE)) != null);
  }

  /** Mastodon's quote post (its own context) and Fedify's (as:quoteUrl, a typed votersCount). */
  static final String MASTODON_QUOTE = """
      {"@context":["https://www.w3.org/ns/activitystreams",{"toot":"http://joinmastodon.org/ns#",
        "quote":"https://w3id.org/fep/044f#quote","quoteUri":"http://fedibird.com/ns#quoteUri",
        "_misskey_quote":"https://misskey-hub.net/ns#_misskey_quote",
        "quoteAuthorization":{"@id":"https://w3id.org/fep/044f#quoteAuthorization","@type":"@id"},
        "gts":"https://gotosocial.org/ns#","interactionPolicy":{"@id":"gts:interactionPolicy","@type":"@id"},
        "canQuote":{"@id":"gts:canQuote","@type":"@id"},
        "automaticApproval":{"@id":"gts:automaticApproval","@type":"@id"}}],
       "id":"https://m.example/users/a/statuses/2","type":"Note","content":"<p>look</p>",
       "quote":"https://m.example/users/b/statuses/1","quoteUri":"https://m.example/users/b/statuses/1",
       "_misskey_quote":"https://m.example/users/b/statuses/1",
       "quoteAuthorization":"https://m.example/users/b/quote_authorizations/1",
       "interactionPolicy":{"canQuote":{"automaticApproval":"https://www.w3.org/ns/activitystreams#Public"}}}""";

  static final String FEDIFY_QUESTION = """
      {"@context":["https://www.w3.org/ns/activitystreams",{"toot":"http://joinmastodon.org/ns#",
        "votersCount":{"@id":"toot:votersCount","@type":"http://www.w3.org/2001/XMLSchema#nonNegativeInteger"},
        "misskey":"https://misskey-hub.net/ns#","_misskey_quote":"misskey:_misskey_quote","quoteUrl":"as:quoteUrl"}],
       "id":"https://f.example/q/1","type":"Question","content":"which?","votersCount":3,
       "quoteUrl":"https://m.example/users/b/statuses/1","_misskey_quote":"https://m.example/users/b/statuses/1",
       "oneOf":[{"type":"Note","name":"A","replies":{"type":"Collection","totalItems":2}}]}""";

  @Test
  void quotePropertiesKeepTheirNamesOnBothPaths() throws Exception {
    ObjectNode document = (ObjectNode) JsonLdNormalizer.MAPPER.readTree(MASTODON_QUOTE);
    for (ObjectNode note : new ObjectNode[] {normalizer.normalize(document), normalizer.normalizeFully(document)}) {
      assertEquals("https://m.example/users/b/statuses/1", note.get("quote").asText(), note.toString());
      assertEquals("https://m.example/users/b/statuses/1", note.get("quoteUri").asText(), note.toString());
      assertEquals("https://m.example/users/b/statuses/1", note.get("_misskey_quote").asText(), note.toString());
      assertEquals("https://m.example/users/b/quote_authorizations/1", note.get("quoteAuthorization").asText());
      JsonNode automatic = note.get("interactionPolicy").get("canQuote").get("automaticApproval");
      assertTrue(automatic.isArray(), note.toString());
      assertEquals(JsonLdNormalizer.PUBLIC, automatic.get(0).asText(), "Public in one spelling, even as as:Public");
    }
  }

  @Test
  void aTypedLiteralComesOutAsItsValueAndQuoteUrlKeepsItsName() throws Exception {
    ObjectNode document = (ObjectNode) JsonLdNormalizer.MAPPER.readTree(FEDIFY_QUESTION);
    for (ObjectNode question : new ObjectNode[] {normalizer.normalize(document), normalizer.normalizeFully(document)}) {
      assertTrue(question.get("votersCount").isNumber(), question.toString());
      assertEquals(3, question.get("votersCount").asInt());
      assertEquals("https://m.example/users/b/statuses/1", question.get("quoteUrl").asText(), question.toString());
      assertEquals("https://m.example/users/b/statuses/1", question.get("_misskey_quote").asText());
    }
  }

  /** Misskey defines featured as a plain value; GoToSocial's actors use manuallyApprovesFollowers undefined. */
  @Test
  void ourTermsKeepTheirNamesWhenAPeersContextSpellsThemOtherwise() throws Exception {
    ObjectNode misskey = (ObjectNode) JsonLdNormalizer.MAPPER.readTree("""
        {"@context":["https://www.w3.org/ns/activitystreams",{"toot":"http://joinmastodon.org/ns#","featured":"toot:featured"}],
         "id":"https://k.example/users/9a","type":"Person","featured":"https://k.example/users/9a/collections/featured"}""");
    assertFalse(normalizer.readsAsIs(misskey));
    assertEquals("https://k.example/users/9a/collections/featured", normalize(misskey.toString()).get("featured").asText());
    ObjectNode gotosocial = (ObjectNode) JsonLdNormalizer.MAPPER.readTree("""
        {"@context":["http://joinmastodon.org/ns","https://w3id.org/security/v1","https://www.w3.org/ns/activitystreams"],
         "id":"https://g.example/users/t","type":"Person","manuallyApprovesFollowers":true}""");
    assertTrue(normalizer.normalizeFully(gotosocial).get("manuallyApprovesFollowers").asBoolean());
    assertTrue(normalizer.normalize(gotosocial).get("manuallyApprovesFollowers").asBoolean());
  }

  /**
   * GoToSocial's actors name schema.org's context by URL (docs/federation/actors.md). We never
   * fetch it: a bundled stand-in defines the terms actors use from it, as Mastodon inlines them.
   */
  @Test
  void aGoToSocialActorWithSchemaOrgInItsContextIsRead() throws Exception {
    ObjectNode actor = normalize("""
        {"@context": ["http://joinmastodon.org/ns", "https://w3id.org/security/v1",
          "https://www.w3.org/ns/activitystreams", "http://schema.org"],
         "attachment": [{"name": "age", "type": "PropertyValue", "value": "120"}],
         "featured": "http://example.org/users/t/collections/featured",
         "id": "http://example.org/users/t", "inbox": "http://example.org/users/t/inbox",
         "manuallyApprovesFollowers": true, "preferredUsername": "t",
         "publicKey": {"id": "http://example.org/users/t#main-key", "owner": "http://example.org/users/t",
           "publicKeyPem": "pem"},
         "type": "Person"}
        """);
    assertEquals("http://example.org/users/t/inbox", actor.get("inbox").asText());
    assertEquals("http://example.org/users/t#main-key", actor.get("publicKey").get("id").asText());
    assertEquals("PropertyValue", actor.get("attachment").get(0).get("type").asText());
    assertEquals("120", actor.get("attachment").get(0).get("value").asText());
    assertEquals("http://example.org/users/t/collections/featured", actor.get("featured").asText());
    assertTrue(actor.get("manuallyApprovesFollowers").asBoolean());
  }
}
