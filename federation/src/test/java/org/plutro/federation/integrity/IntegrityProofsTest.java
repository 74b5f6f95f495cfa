package org.plutro.federation.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.plutro.federation.keys.KeyPairs;

/** eddsa-jcs-2022 against the published vectors, then what a verifier must refuse. */
class IntegrityProofsTest {
  static final String W3C = "/integrity/w3c-eddsa-jcs-2022/";
  static final String FEP = "/integrity/fep-8b32/";
  static final JsonObject KEY_PAIR = json(W3C + "keyPair.json");
  static final PrivateKey PRIVATE = privateKey(KEY_PAIR.getString("privateKeyMultibase"));
  static final PublicKey PUBLIC = KeyPairs.fromMultibase(KEY_PAIR.getString("publicKeyMultibase"));
  static final Instant CREATED = Instant.parse("2023-02-24T23:36:38Z");

  @Nested
  class TheW3cVectors {
    final JsonObject unsigned = json(W3C + "unsigned.json");
    final JsonObject proofConfig = json(W3C + "proofConfigJCS.json");

    @Test
    void canonicalFormsAndHashesAreThePublishedOnes() throws Exception {
      assertEquals(text(W3C + "canonDocJCS.txt"), Jcs.canonicalText(unsigned));
      assertEquals(text(W3C + "proofCanonJCS.txt"), Jcs.canonicalText(proofConfig));
      assertEquals(text(W3C + "docHashJCS.txt"), hex(sha256(Jcs.canonicalize(unsigned))));
      assertEquals(text(W3C + "proofHashJCS.txt"), hex(sha256(Jcs.canonicalize(proofConfig))));
      assertEquals(text(W3C + "combinedHashJCS.txt"), hex(IntegrityProofs.hashData(proofConfig, unsigned)));
    }

    @Test
    void theProofWeCreateIsThePublishedOne() {
      String method = proofConfig.getString("verificationMethod");
      JsonObject proof = IntegrityProofs.create(unsigned, PRIVATE, method, CREATED);
      assertEquals(text(W3C + "sigBTC58JCS.txt"), proof.getString("proofValue"));
      assertEquals(text(W3C + "sigHexJCS.txt"),
          hex(KeyPairs.Base58.decode(proof.getString("proofValue").substring(1))));
      assertEquals(json(W3C + "signedJCS.json").getJsonObject("proof"), proof);
    }

    @Test
    void thePublishedSignedCredentialVerifies() throws Exception {
      JsonObject signed = json(W3C + "signedJCS.json");
      assertEquals(proofConfig.getString("verificationMethod"),
          IntegrityProofs.verify(signed, signed.getJsonObject("proof"), PUBLIC));
    }
  }

  @Nested
  class TheFep8b32Vectors {
    static final String KEY_ID = "https://server.example/users/alice#ed25519-key";

    @Test
    void signingTheDocumentGivesThePublishedProof() {
      JsonObject signed = IntegrityProofs.sign(json(FEP + "document.json"), PRIVATE, KEY_ID, CREATED);
      assertEquals(json(FEP + "signed.json"), signed);
    }

    @Test
    void thePublishedDocumentsVerifyWithTheActorsMultikey() throws Exception {
      JsonObject multikey = json(FEP + "actor.json").getJsonArray("assertionMethod").getJsonObject(0);
      PublicKey key = KeyPairs.fromMultibase(multikey.getString("publicKeyMultibase"));
      for (String name : new String[] {"signed.json", "signed-data-integrity-v1.json"}) {
        JsonObject signed = json(FEP + name);
        assertEquals(multikey.getString("id"),
            IntegrityProofs.verify(signed, signed.getJsonObject("proof"), key), name);
      }
    }
  }

  @Nested
  class WhatAVerifierRefuses {
    final JsonObject signed = json(FEP + "signed.json");
    final JsonObject proof = signed.getJsonObject("proof");

    @Test
    void aChangedDocument() {
      JsonObject tampered = signed.copy();
      tampered.getJsonObject("object").put("content", "Hello world!");
      assertRefused(tampered, proof, PUBLIC, "the proof does not verify");
      JsonObject moved = signed.copy();
      moved.getJsonObject("object").getJsonObject("location").put("latitude", 25.273963);
      assertRefused(moved, proof, PUBLIC, "the proof does not verify");
    }

    @Test
    void aChangedProof() {
      assertRefused(signed, proof.copy().put("created", "2023-02-24T23:36:39Z"), PUBLIC,
          "the proof does not verify");
      assertRefused(signed, proof.copy().put("verificationMethod", "https://server.example/users/bob#key"),
          PUBLIC, "the proof does not verify");
      String value = proof.getString("proofValue");
      assertRefused(signed, proof.copy().put("proofValue", value.substring(0, value.length() - 1) + "M"),
          PUBLIC, "the proof does not verify");
    }

    @Test
    void anotherKey() {
      assertRefused(signed, proof, KeyPairs.generateEd25519().getPublic(), "the proof does not verify");
      assertRefused(signed, proof, KeyPairs.generateRsa().getPublic(),
          "the verification method is not an Ed25519 key");
    }

    @Test
    void anotherCryptosuiteTypeOrPurpose() {
      assertRefused(signed, proof.copy().put("cryptosuite", "eddsa-rdfc-2022"), PUBLIC,
          "unsupported cryptosuite");
      assertRefused(signed, proof.copy().put("cryptosuite", "jcs-eddsa-2022"), PUBLIC,
          "unsupported cryptosuite");
      assertRefused(signed, proof.copy().put("type", "Ed25519Signature2020"), PUBLIC,
          "not a DataIntegrityProof");
      assertRefused(signed, proof.copy().put("proofPurpose", "authentication"), PUBLIC,
          "the proof's purpose is not assertionMethod");
    }

    @Test
    void malformedValuesAndDates() {
      assertRefused(signed, proof.copy().put("proofValue", "uAAAA"), PUBLIC,
          "the proof value is not a base58btc multibase signature");
      assertRefused(signed, proof.copy().put("proofValue", "z" + "1".repeat(500)), PUBLIC,
          "the proof value is not a base58btc multibase signature");
      assertRefused(signed, proof.copy().put("proofValue", "z3mJ"), PUBLIC,
          "the proof value is not an Ed25519 signature");
      assertRefused(signed, proof.copy().put("created", "yesterday"), PUBLIC, "created is not a dateTime");
      assertRefused(signed, proof.copy().remove("verificationMethod") == null ? proof : withoutMethod(),
          PUBLIC, "the proof names no verification method");
    }

    @Test
    void aProofWhoseContextIsNotTheDocuments() {
      JsonObject other = proof.copy().put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
          .add("https://w3id.org/security/data-integrity/v1"));
      assertRefused(signed, other, PUBLIC, "the proof's @context is not the document's");
    }

    @Test
    void anExpiredProof() {
      // Signed with an expiry already passed: correct signature, but no longer valid.
      JsonObject document = json(FEP + "document.json");
      JsonObject expiring = IntegrityProofs.create(document, PRIVATE, "k", CREATED);
      assertTrue(expiring.containsKey("proofValue"));
      JsonObject withExpiry = expiring.copy().put("expires", "2024-01-01T00:00:00Z");
      assertRefused(document.copy().put("proof", withExpiry), withExpiry, PUBLIC, "the proof has expired");
    }

    private JsonObject withoutMethod() {
      JsonObject copy = proof.copy();
      copy.remove("verificationMethod");
      return copy;
    }
  }

  @Nested
  class WhatWeSend {
    final JsonObject activity = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
            .add(new JsonObject().put("toot", "http://joinmastodon.org/ns#")))
        .put("id", "https://plutro.example/users/alice/statuses/1/activity")
        .put("type", "Create")
        .put("actor", "https://plutro.example/users/alice")
        .put("object", new JsonObject().put("type", "Note").put("content", "caf\u00e9 \ud83d\ude00")
            .put("votes", 3).put("ratio", 0.1));

    @Test
    void theDataIntegrityContextIsAddedAfterTheContextUrls() {
      JsonObject signed = IntegrityProofs.sign(activity, PRIVATE, "https://plutro.example/users/alice#ed25519-key",
          Instant.parse("2025-01-02T03:04:05.678Z"));
      assertEquals(new JsonArray().add("https://www.w3.org/ns/activitystreams")
          .add(IntegrityProofs.DATA_INTEGRITY_CONTEXT).add(new JsonObject().put("toot", "http://joinmastodon.org/ns#")),
          signed.getJsonArray("@context"));
      assertEquals("@context", signed.fieldNames().iterator().next());
      JsonObject proof = signed.getJsonObject("proof");
      assertEquals("2025-01-02T03:04:05Z", proof.getString("created"), "to the second");
      assertEquals(signed.getJsonArray("@context"), proof.getJsonArray("@context"));
      assertFalse(activity.containsKey("proof"), "the original is left alone");
      // A context that has it already is kept as it is.
      JsonObject fep = json(FEP + "document.json");
      assertEquals(fep.getValue("@context"), IntegrityProofs.withDataIntegrityContext(fep).getValue("@context"));
      assertEquals(new JsonArray().add("https://www.w3.org/ns/activitystreams").add(IntegrityProofs.DATA_INTEGRITY_CONTEXT),
          IntegrityProofs.withDataIntegrityContext(new JsonObject()
              .put("@context", "https://www.w3.org/ns/activitystreams")).getValue("@context"));
    }

    @Test
    void whatWeSignVerifiesAfterTravellingAsText() throws Exception {
      JsonObject signed = IntegrityProofs.sign(activity, PRIVATE, "https://plutro.example/users/alice#ed25519-key",
          Instant.now());
      JsonObject received = new JsonObject(signed.encodePrettily());
      assertEquals("https://plutro.example/users/alice#ed25519-key",
          IntegrityProofs.verify(received, received.getJsonObject("proof"), PUBLIC));
    }

    @Test
    void aProofWithoutContextIsCheckedWithTheDocumentsAsFedifySendsIt() throws Exception {
      JsonObject signed = IntegrityProofs.sign(activity, PRIVATE, "k", Instant.now());
      signed.getJsonObject("proof").remove("@context");
      assertEquals("k", IntegrityProofs.verify(signed, signed.getJsonObject("proof"), PUBLIC));
    }

    @Test
    void aLinkedDataSignatureAddedAfterwardsDoesNotSpoilTheProof() throws Exception {
      JsonObject signed = IntegrityProofs.sign(activity, PRIVATE, "k", Instant.now());
      signed.put("signature", new JsonObject().put("type", "RsaSignature2017").put("signatureValue", "abc"));
      assertEquals("k", IntegrityProofs.verify(signed, signed.getJsonObject("proof"), PUBLIC));
    }

    @Test
    void aSecondProofMakesAProofSetWhoseMembersEachVerify() throws Exception {
      var other = KeyPairs.generateEd25519();
      JsonObject once = IntegrityProofs.sign(activity, PRIVATE, "first", Instant.now());
      JsonObject twice = IntegrityProofs.sign(once, other.getPrivate(), "second", Instant.now());
      var proofs = IntegrityProofs.proofs(twice);
      assertEquals(2, proofs.size());
      assertEquals("first", IntegrityProofs.verify(twice, proofs.get(0), PUBLIC));
      assertEquals("second", IntegrityProofs.verify(twice, proofs.get(1), other.getPublic()));
    }
  }

  private static void assertRefused(JsonObject document, JsonObject proof, PublicKey key, String why) {
    ProofException refused = assertThrows(ProofException.class,
        () -> IntegrityProofs.verify(document, proof, key));
    assertEquals(why, refused.getMessage());
  }

  static PrivateKey privateKey(String multibase) {
    byte[] bytes = KeyPairs.Base58.decode(multibase.substring(1));
    // Multicodec ed25519-priv (0x1300, varint 0x80 0x26), then the 32-byte seed.
    assertEquals(0x80, bytes[0] & 0xff);
    assertEquals(0x26, bytes[1] & 0xff);
    byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420");
    byte[] der = Arrays.copyOf(pkcs8, pkcs8.length + 32);
    System.arraycopy(bytes, 2, der, pkcs8.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519", KeyPairs.BC).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject json(String resource) {
    return new JsonObject(text(resource));
  }

  static String text(String resource) {
    try (InputStream in = IntegrityProofsTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("no test resource " + resource, e);
    }
  }

  static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
