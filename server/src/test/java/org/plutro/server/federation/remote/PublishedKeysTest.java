package org.plutro.server.federation.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.federation.vocab.Actor;
import org.plutro.federation.vocab.Vocab;
import org.plutro.server.domain.PublishedKey;

/** Which keys an actor document publishes, as Mastodon, GoToSocial, Fedify and Mitra write them. */
class PublishedKeysTest {
  static final String ACTOR = "https://f.example/users/bob";
  static final KeyPair RSA = KeyPairs.generateRsa();
  static final KeyPair ED = KeyPairs.generateEd25519();

  static JsonObject publicKey(String id, String owner) {
    return new JsonObject().put("id", id).put("owner", owner)
        .put("publicKeyPem", KeyPairs.toPem(RSA.getPublic()));
  }

  static JsonObject multikey(String id, String controller, KeyPair keys) {
    return new JsonObject().put("id", id).put("type", "Multikey").put("controller", controller)
        .put("publicKeyMultibase", KeyPairs.toMultibase(keys.getPublic()));
  }

  /** The document as the server reads it: typed, a Person. */
  static Actor actor(JsonObject document) {
    return Vocab.parseActor(document.copy().put("type", "Person"));
  }

  @Test
  void aFedifyActorPublishesItsPublicKeyAndBothMultikeys() {
    JsonObject actor = new JsonObject().put("id", ACTOR)
        .put("publicKey", publicKey(ACTOR + "#main-key", ACTOR))
        .put("assertionMethod", new JsonArray()
            .add(multikey(ACTOR + "#multikey-1", ACTOR, RSA))
            .add(multikey(ACTOR + "#multikey-2", ACTOR, ED)));
    List<PublishedKey> keys = PublishedKeys.of(actor(actor), ACTOR);
    assertEquals(List.of(ACTOR + "#main-key", ACTOR + "#multikey-1", ACTOR + "#multikey-2"),
        keys.stream().map(PublishedKey::keyId).toList());
    assertEquals(List.of("rsa", "rsa", "ed25519"), keys.stream().map(PublishedKey::algorithm).toList());
    assertEquals(RSA.getPublic(), keys.get(1).publicKey());
    assertEquals(List.of(ACTOR + "#main-key"),
        List.of(PublishedKeys.main(actor(actor), keys).keyId()));
  }

  @Test
  void onePublishingAKeyUnderTwoNamesKeepsTheFirst() {
    // Plutro itself lists its RSA key both as publicKey and as a Multikey of the same id.
    JsonObject actor = new JsonObject().put("id", ACTOR)
        .put("publicKey", publicKey(ACTOR + "#main-key", ACTOR))
        .put("assertionMethod", multikey(ACTOR + "#main-key", ACTOR, ED));
    List<PublishedKey> keys = PublishedKeys.of(actor(actor), ACTOR);
    assertEquals(1, keys.size());
    assertEquals("rsa", keys.get(0).algorithm());
  }

  @Test
  void keysOfOthersOrElsewhereOrUnreadableAreLeftOutAndSaidWhy() {
    JsonObject actor = new JsonObject().put("id", ACTOR)
        .put("publicKey", new JsonArray()
            .add(publicKey("https://elsewhere.example/keys/1", ACTOR))
            .add(publicKey(ACTOR + "#bad-pem", ACTOR).put("publicKeyPem", "-----BEGIN PUBLIC KEY-----")))
        .put("assertionMethod", new JsonArray()
            .add(multikey(ACTOR + "#theirs", "https://f.example/users/alice", ED))
            .add(multikey(ACTOR + "#bad", ACTOR, ED).put("publicKeyMultibase", "z0OIl"))
            .add(ACTOR + "#just-an-id"));
    assertEquals(List.of(), PublishedKeys.of(actor(actor), ACTOR));
    assertEquals("key https://elsewhere.example/keys/1 is on another origin than its actor in " + ACTOR,
        PublishedKeys.whyNot(actor(actor), ACTOR, "https://elsewhere.example/keys/1"));
    assertEquals("key " + ACTOR + "#theirs is controlled by another actor in " + ACTOR,
        PublishedKeys.whyNot(actor(actor), ACTOR, ACTOR + "#theirs"));
    assertEquals(true, PublishedKeys.whyNot(actor(actor), ACTOR, ACTOR + "#bad").contains("unreadable"));
    assertEquals(true, PublishedKeys.whyNot(actor(actor), ACTOR, ACTOR + "#bad-pem").contains("unreadable"));
    assertEquals("key " + ACTOR + "#nope is not among the keys " + ACTOR + " publishes",
        PublishedKeys.whyNot(actor(actor), ACTOR, ACTOR + "#nope"));
  }

  @Test
  void aPublicKeyOwnedByAnotherActorRefusesTheDocument() {
    JsonObject actor = new JsonObject().put("id", ACTOR)
        .put("publicKey", publicKey(ACTOR + "#main-key", "https://f.example/users/alice"));
    assertThrows(IllegalArgumentException.class, () -> PublishedKeys.of(actor(actor), ACTOR));
  }
}
