package org.plutro.server.federation;

import org.plutro.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.federation.integrity.IntegrityProofs;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * FEP-8b32 integrity proofs between two Plutro instances and fake peers: what Plutro sends carries
 * its actor's proof, and an activity another server forwards is taken on its actor's proof alone.
 */
class IntegrityProofsTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();
  /** Where actors post from, and where a Plutro's deliveries are watched. */
  static FakeRemote origin;
  /** A third server that forwards what others sent, signing the request as its own actor. */
  static FakeRemote relay;

  @BeforeAll
  static void start() {
    origin = new FakeRemote();
    relay = new FakeRemote();
  }

  @AfterAll
  static void stop() {
    origin.close();
    relay.close();
  }

  @Test
  void whatPlutroDeliversCarriesAProofThatVerifiesWithThePublishedMultikey() {
    Member alice = net.a().register("alice");
    Member bob = net.b().register("bob");
    FakeRemote.Actor watcher = origin.actor("watcher");
    JsonObject watch = follow(watcher, alice);
    assertEquals(202, SignedPost.post(net.a(), "/users/alice/inbox", watcher.signer(), watch.encode()).status());
    String aliceOnB = TwoInstancesTest.resolve(net.b(), bob, net.a(), "alice");
    net.b().postForm("/api/v1/accounts/" + aliceOnB + "/follow", Map.of(), "Authorization", "Bearer " + bob.token());
    Eventually.within10s("alice has both followers",
        () -> net.a().get("/api/v1/accounts/" + alice.id()).json().getLong("followers_count") == 2);

    // The Accept of the fake peer's Follow carries alice's proof.
    JsonObject accept = received(origin, "Accept", alice.actorUri());
    assertEquals(watch.getString("id"), accept.getJsonObject("object").getString("id"));
    assertProvenBy(alice, accept);

    // So does her post, signed once for every inbox it goes to.
    Reply posted = net.a().postForm("/api/v1/statuses", Map.of("status", "Signed, sealed, delivered",
        "visibility", "public"), "Authorization", "Bearer " + alice.token());
    assertEquals(200, posted.status(), posted.body());
    String noteUri = posted.json().getString("uri");
    Eventually.within10s("the Create reaches the fake peer", () -> hasReceived(origin, "Create", alice.actorUri()));
    JsonObject create = received(origin, "Create", alice.actorUri());
    assertEquals(noteUri, create.getJsonObject("object").getString("id"));
    JsonObject proof = assertProvenBy(alice, create);
    assertEquals(create.getJsonArray("@context"), proof.getJsonArray("@context"));
    assertTrue(create.getJsonArray("@context").contains(IntegrityProofs.DATA_INTEGRITY_CONTEXT),
        "the context defines the proof's terms");
    JsonObject stored = new JsonObject(net.a().sql("SELECT body FROM outbound_activities WHERE uri = $1",
        create.getString("id")).iterator().next().getString(0));
    assertEquals(proof, stored.getJsonObject("proof"), "one proof, stored with the activity");
    assertEquals(2L, net.a().count("SELECT count(*) FROM deliveries d JOIN outbound_activities o"
        + " ON o.id = d.activity_id WHERE o.uri = $1", create.getString("id")), "for two inboxes");

    // The other Plutro takes it as any delivery: the proof does not get in the way.
    Eventually.within10s("the post arrives on bob's instance",
        () -> net.b().count("SELECT count(*) FROM statuses WHERE uri = $1", noteUri) == 1);
  }

  /** Another Plutro finds the actor's Ed25519 Multikey (under {@code assertionMethod}) by its id. */
  @Test
  void aPlutroPostForwardedByAThirdServerIsTakenOnItsProof() {
    Member carol = net.a().register("carol");
    FakeRemote.Actor watcher = origin.actor("carols-watcher");
    assertEquals(202, SignedPost.post(net.a(), "/users/carol/inbox", watcher.signer(),
        follow(watcher, carol).encode()).status());
    Eventually.within10s("carol has her follower",
        () -> net.a().get("/api/v1/accounts/" + carol.id()).json().getLong("followers_count") == 1);
    String noteUri = net.a().postForm("/api/v1/statuses", Map.of("status", "Pass it on",
        "visibility", "public"), "Authorization", "Bearer " + carol.token()).json().getString("uri");
    Eventually.within10s("the Create reaches the fake peer", () -> hasReceived(origin, "Create", carol.actorUri()));
    JsonObject create = received(origin, "Create", carol.actorUri());
    String keyId = create.getJsonObject("proof").getString("verificationMethod");
    assertTrue(findsEd25519Key(net.b(), keyId), "b finds the Ed25519 Multikey " + keyId);

    FakeRemote.Actor forwarder = relay.actor("forwarder");
    JsonObject tampered = create.copy();
    tampered.getJsonObject("object").put("content", "<p>Pass it on, and send money</p>");
    assertEquals(401, SignedPost.post(net.b(), "/inbox", forwarder.signer(), tampered.encode()).status(),
        "a proof that no longer matches authenticates nothing");
    assertEquals(202, SignedPost.post(net.b(), "/inbox", forwarder.signer(), create.encode()).status());
    Eventually.within10s("the forwarded post is stored on b",
        () -> net.b().count("SELECT count(*) FROM statuses WHERE uri = $1", noteUri) == 1);
    assertEquals("<p>Pass it on</p>", net.b().sql("SELECT content FROM statuses WHERE uri = $1", noteUri)
        .iterator().next().getString(0));
  }

  @Test
  void anActivityForwardedWithItsActorsProofIsAcceptedWithoutTheActorsSignature() {
    FakeRemote.Actor dora = origin.ed25519Actor("dora");
    JsonObject create = IntegrityProofs.sign(note(dora, "Forwarded, and still mine"),
        dora.keys().getPrivate(), dora.keyId(), Instant.now());
    FakeRemote.Actor forwarder = relay.actor("forwarder");

    Reply forwarded = SignedPost.post(net.b(), "/inbox", forwarder.signer(), create.encode());
    assertEquals(202, forwarded.status(), forwarded.body());
    String noteUri = create.getJsonObject("object").getString("id");
    Eventually.within10s("the post is stored as dora's",
        () -> net.b().count("SELECT count(*) FROM statuses s JOIN accounts a ON a.id = s.account_id"
            + " WHERE s.uri = $1 AND a.uri = $2", noteUri, dora.uri()) == 1);
  }

  @Test
  void aProofIsRefusedWhenItIsTheOnlyAuthenticationAndDoesNotHold() {
    FakeRemote.Actor erin = origin.ed25519Actor("erin");
    FakeRemote.Actor mallory = origin.ed25519Actor("mallory");
    FakeRemote.Actor forwarder = relay.actor("forwarder");
    JsonObject create = IntegrityProofs.sign(note(erin, "What erin said"), erin.keys().getPrivate(),
        erin.keyId(), Instant.now());

    JsonObject tampered = create.copy();
    tampered.getJsonObject("object").put("content", "What erin did not say");
    JsonObject unproven = create.copy();
    unproven.remove("proof");
    // Mallory's own valid proof, on the same origin, does not make the activity erin's.
    JsonObject impostor = IntegrityProofs.sign(unproven, mallory.keys().getPrivate(), mallory.keyId(),
        Instant.now());
    // Nor does the forwarder's, from another origin: its key is not even looked up.
    FakeRemote.Actor relaysOwn = relay.ed25519Actor("relay-signer");
    JsonObject relayProof = IntegrityProofs.sign(unproven, relaysOwn.keys().getPrivate(), relaysOwn.keyId(),
        Instant.now());
    JsonObject otherSuite = create.copy();
    otherSuite.getJsonObject("proof").put("cryptosuite", "eddsa-rdfc-2022");
    for (JsonObject attempt : List.of(tampered, unproven, impostor, relayProof, otherSuite)) {
      Reply refused = SignedPost.post(net.b(), "/inbox", forwarder.signer(), attempt.encode());
      assertEquals(401, refused.status(), attempt.encode());
    }
    assertEquals(0L, net.b().count("SELECT count(*) FROM statuses WHERE uri = $1",
        create.getJsonObject("object").getString("id")), "nothing stored");
  }

  @Test
  void aBrokenProofDoesNotSpoilADeliveryTheActorSignedItself() {
    FakeRemote.Actor frank = origin.actor("frank");
    JsonObject create = note(frank, "My signature is enough").put("proof", new JsonObject()
        .put("type", "DataIntegrityProof").put("cryptosuite", "eddsa-jcs-2022")
        .put("verificationMethod", frank.uri() + "#ed25519-key").put("proofPurpose", "assertionMethod")
        .put("created", "2024-01-01T00:00:00Z").put("proofValue", "zNotASignature"));
    Reply delivered = SignedPost.post(net.b(), "/inbox", frank.signer(), create.encode());
    assertEquals(202, delivered.status(), delivered.body());
    String noteUri = create.getJsonObject("object").getString("id");
    Eventually.within10s("the post is stored",
        () -> net.b().count("SELECT count(*) FROM statuses WHERE uri = $1", noteUri) == 1);
  }

  /** Checks the activity's proof with the Multikey the actor's document publishes; answers it. */
  private static JsonObject assertProvenBy(Member member, JsonObject activity) {
    JsonObject proof = activity.getJsonObject("proof");
    assertEquals("DataIntegrityProof", proof.getString("type"));
    assertEquals("eddsa-jcs-2022", proof.getString("cryptosuite"));
    assertEquals("assertionMethod", proof.getString("proofPurpose"));
    String keyId = proof.getString("verificationMethod");
    JsonObject actor = net.a().get(member.actorUri(), "Accept", "application/activity+json").json();
    JsonArray methods = actor.getJsonArray("assertionMethod");
    JsonObject multikey = null;
    for (int i = 0; i < methods.size(); i++) {
      if (keyId.equals(methods.getJsonObject(i).getString("id"))) {
        multikey = methods.getJsonObject(i);
      }
    }
    assertTrue(multikey != null, keyId + " is not among " + methods.encode());
    assertEquals(member.actorUri(), multikey.getString("controller"));
    PublicKey key = KeyPairs.fromMultibase(multikey.getString("publicKeyMultibase"));
    try {
      assertEquals(keyId, IntegrityProofs.verify(activity, proof, key));
    } catch (Exception e) {
      throw new AssertionError("the proof does not verify: " + e.getMessage(), e);
    }
    return proof;
  }

  private static JsonObject follow(FakeRemote.Actor follower, Member target) {
    return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", follower.uri() + "/follows/" + UUID.randomUUID()).put("type", "Follow")
        .put("actor", follower.uri()).put("object", target.actorUri());
  }

  private static JsonObject note(FakeRemote.Actor author, String text) {
    String id = author.uri() + "/statuses/" + UUID.randomUUID();
    JsonArray to = new JsonArray().add("https://www.w3.org/ns/activitystreams#Public");
    return new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams"))
        .put("id", id + "/activity").put("type", "Create").put("actor", author.uri()).put("to", to)
        .put("object", new JsonObject().put("id", id).put("type", "Note")
            .put("attributedTo", author.uri()).put("to", to).put("content", "<p>" + text + "</p>")
            .put("published", Instant.now().toString()));
  }

  private static boolean hasReceived(FakeRemote server, String type, String actor) {
    return server.received().stream().anyMatch(r -> type.equals(r.json().getString("type"))
        && actor.equals(r.json().getString("actor")));
  }

  private static JsonObject received(FakeRemote server, String type, String actor) {
    Eventually.within10s(type + " from " + actor, () -> hasReceived(server, type, actor));
    return server.received().stream().map(FakeRemote.Received::json)
        .filter(json -> type.equals(json.getString("type")) && actor.equals(json.getString("actor")))
        .findFirst().orElseThrow();
  }

  /** Whether {@code on} finds the key as an Ed25519 key of its actor (FEP-521a Multikeys). */
  private static boolean findsEd25519Key(TestInstance on, String keyId) {
    try {
      var key = ServerInternals.remoteActors(on.server()).keyFor(keyId).toCompletionStage()
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      return KeyPairs.isEd25519(key.publicKey());
    } catch (Exception e) {
      return false;
    }
  }
}
