package org.plutro.federation.jsonld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Documents whose contexts agree with ours skip Titanium; for those, the result must be exactly
 * what full JSON-LD processing gives. Documents that redefine what we read must not skip it.
 */
class FastPathTest {
  private final JsonLdNormalizer normalizer = new JsonLdNormalizer();

  /** An actor as Mastodon serves it. */
  static final String ACTOR_AS_SENT = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",
        {"manuallyApprovesFollowers":"as:manuallyApprovesFollowers","toot":"http://joinmastodon.org/ns#",
         "featured":{"@id":"toot:featured","@type":"@id"},"featuredTags":{"@id":"toot:featuredTags","@type":"@id"},
         "alsoKnownAs":{"@id":"as:alsoKnownAs","@type":"@id"},"movedTo":{"@id":"as:movedTo","@type":"@id"},
         "schema":"http://schema.org#","PropertyValue":"schema:PropertyValue","value":"schema:value",
         "discoverable":"toot:discoverable","suspended":"toot:suspended","memorial":"toot:memorial",
         "indexable":"toot:indexable","attributionDomains":{"@id":"toot:attributionDomains","@type":"@id"},
         "focalPoint":{"@container":"@list","@id":"toot:focalPoint"}}],
       "id":"https://m.example/users/alice","type":"Person","following":"https://m.example/users/alice/following",
       "followers":"https://m.example/users/alice/followers","inbox":"https://m.example/users/alice/inbox",
       "outbox":"https://m.example/users/alice/outbox","featured":"https://m.example/users/alice/collections/featured",
       "preferredUsername":"alice","name":"Alice","summary":"<p>Hi</p>","url":"https://m.example/@alice",
       "manuallyApprovesFollowers":false,"discoverable":true,"indexable":false,"published":"2024-01-01T00:00:00Z",
       "memorial":false,"publicKey":{"id":"https://m.example/users/alice#main-key","owner":"https://m.example/users/alice",
       "publicKeyPem":"-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\\n"},
       "tag":[],"attachment":[{"type":"PropertyValue","name":"Web","value":"<a href=\\"https://a.example\\">a</a>"}],
       "endpoints":{"sharedInbox":"https://m.example/inbox"},
       "icon":{"type":"Image","mediaType":"image/png","url":"https://m.example/a.png"}}""";

  static final String FEDIFY_NOTE = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/data-integrity/v1",
        {"toot":"http://joinmastodon.org/ns#","sensitive":"as:sensitive","Emoji":"toot:Emoji","Hashtag":"as:Hashtag"}],
       "id":"https://f.example/c/1","type":"Create","actor":"https://f.example/u/bob",
       "to":"as:Public","cc":"https://f.example/u/bob/followers",
       "object":{"id":"https://f.example/n/1","type":"Note","attributedTo":"https://f.example/u/bob",
         "content":"<p>hi</p>","to":"as:Public","sensitive":false,"summary":null,
         "tag":{"type":"Hashtag","href":"https://f.example/tags/x","name":"#x"},"published":"2026-11-24T10:00:00Z"},
       "proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022","verificationMethod":"https://f.example/u/bob#key-2",
         "proofPurpose":"assertionMethod","proofValue":"z3abc","created":"2026-11-24T10:00:00Z"}}""";

  static final String GOTOSOCIAL_FOLLOW = """
      {"@context":"https://www.w3.org/ns/activitystreams","actor":"https://g.example/users/carol",
       "id":"https://g.example/users/carol/follow/01","object":"https://p.example/users/dave","type":"Follow"}""";

  @ParameterizedTest
  @ValueSource(strings = {"mastodon-create", "mastodon-actor", "fedify-note", "gotosocial-follow"})
  void theFastPathGivesWhatFullJsonLdGives(String name) throws Exception {
    String json = switch (name) {
      case "mastodon-create" -> JsonLdNormalizerTest.CREATE_AS_SENT;
      case "mastodon-actor" -> ACTOR_AS_SENT;
      case "fedify-note" -> FEDIFY_NOTE;
      default -> GOTOSOCIAL_FOLLOW;
    };
    ObjectNode document = (ObjectNode) JsonLdNormalizer.MAPPER.readTree(json);
    assertTrue(normalizer.readsAsIs(document), name + " takes the fast path");
    ObjectNode fast = normalizer.normalize(document);
    ObjectNode full = normalizer.normalizeFully(document);
    // Terms only the sender defines (Mastodon's memorial, Fedify's proof) are read by nobody here
    // and come out as compact IRIs from full processing; every term we define must agree.
    assertEquals(ourTerms(full), ourTerms(fast), name);
    assertTrue(ourTerms(fast).size() >= 4, "the comparison is not empty");
  }

  private JsonNode ourTerms(JsonNode node) {
    if (node.isArray()) {
      ArrayNode copy = JsonLdNormalizer.MAPPER.createArrayNode();
      node.forEach(item -> copy.add(ourTerms(item)));
      return copy;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode copy = JsonLdNormalizer.MAPPER.createObjectNode();
    node.fields().forEachRemaining(field -> {
      if (normalizer.defines(field.getKey())) {
        copy.set(field.getKey(), ourTerms(field.getValue()));
      }
    });
    return copy;
  }

  @Test
  void aContextThatRedefinesWhatWeReadTakesTheFullPath() throws Exception {
    ObjectNode hostile = (ObjectNode) JsonLdNormalizer.MAPPER.readTree("""
        {"@context":["https://www.w3.org/ns/activitystreams",{"content":"https://evil.example/ns#content"}],
         "id":"https://e.example/n/1","type":"Note","content":"<script>x</script>"}""");
    assertFalse(normalizer.readsAsIs(hostile));
    ObjectNode normalized = normalizer.normalize(hostile);
    assertFalse(normalized.has("content"), "that 'content' is not ActivityStreams content");
  }

  @Test
  void keywordsCompactIrisAndNestedContextsTakeTheFullPath() throws Exception {
    for (String json : new String[] {
        "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"@id\":\"https://x.example/1\",\"type\":\"Note\"}",
        "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"https://x.example/1\",\"as:content\":\"x\"}",
        "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"https://x.example/1\",\"object\":{\"@context\":{\"content\":\"https://e.example/c\"},\"content\":\"x\"}}",
        "{\"@context\":[\"https://www.w3.org/ns/activitystreams\",{\"@vocab\":\"https://e.example/\"}],\"id\":\"https://x.example/1\"}",
        "{\"@context\":[\"https://www.w3.org/ns/activitystreams\",{\"as\":\"https://e.example/\"}],\"id\":\"https://x.example/1\"}"}) {
      assertFalse(normalizer.readsAsIs((ObjectNode) JsonLdNormalizer.MAPPER.readTree(json)), json);
    }
  }
}
