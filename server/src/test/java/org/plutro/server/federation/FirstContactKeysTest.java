package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.keys.KeyPairs;
import org.plutro.federation.signature.HttpSignatureSigner;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.FakeRemote.KeyShape;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;

/**
 * An actor we have never seen delivers its first activity, signed with a key in whichever shape
 * its server publishes keys (GoToSocial does not retry a 4xx: a wrong refusal loses it for good).
 * A key is accepted only as its owner's own document, on the key's origin, publishes it.
 */
class FirstContactKeysTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static FakeRemote elsewhere;
  static TestInstance.Member target;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    elsewhere = new FakeRemote();
    target = plutro.register("firstcontact");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
    elsewhere.close();
  }

  private static JsonObject follow(String actorUri) {
    return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", actorUri + "/follows/" + UUID.randomUUID()).put("type", "Follow")
        .put("actor", actorUri).put("object", target.actorUri());
  }

  private static Reply deliver(RequestSigner signer, RequestSigner.Style style, JsonObject activity) {
    return SignedPost.post(plutro, "/users/" + target.username() + "/inbox", signer, style,
        activity.encode(), Map.of());
  }

  private static Reply deliver(FakeRemote.Actor actor, JsonObject activity) {
    return deliver(actor.signer(), RequestSigner.Style.CAVAGE, activity);
  }

  private static long follows(String actorUri) {
    return plutro.count("SELECT count(*) FROM follows f JOIN accounts a ON a.id = f.account_id"
        + " WHERE a.uri = $1 AND f.target_account_id = $2", actorUri, Long.parseLong(target.id()));
  }

  private static long accounts(String actorUri) {
    return plutro.count("SELECT count(*) FROM accounts WHERE uri = $1", actorUri);
  }

  private static String ownerOfKey(String keyId) {
    var rows = plutro.sql("SELECT a.uri FROM account_keys k JOIN accounts a ON a.id = k.account_id"
        + " WHERE k.key_id = $1", keyId);
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }

  /** Refused, and nothing of it kept: no follow, no account for the claimed actor, no key. */
  private static void refusedAndNothingStored(Reply reply, String actorUri, String keyId, String why) {
    assertEquals(401, reply.status(), why + ": " + reply.body());
    assertEquals(0, follows(actorUri), why);
    assertEquals(0, accounts(actorUri), why);
    assertEquals(null, ownerOfKey(keyId), why);
  }

  @ParameterizedTest
  @EnumSource(KeyShape.class)
  void aFollowAsTheFirstActivityIsAcceptedWhateverShapeTheKeyHas(KeyShape shape) {
    FakeRemote.Actor actor = remote.actor("first_" + shape.name().toLowerCase(), shape);
    Reply reply = deliver(actor, follow(actor.uri()));
    assertEquals(202, reply.status(), reply.body());
    Eventually.within10s("the follow is stored", () -> follows(actor.uri()) == 1);
    assertEquals(actor.uri(), ownerOfKey(actor.keyId()), "the key is kept, under its owner");
    // Every key the actor publishes is kept, so that any of them verifies from now on.
    long published = shape == KeyShape.MULTIKEY_ED25519 ? 3 : shape == KeyShape.MULTIKEY_RSA ? 2 : 1;
    assertEquals(published, plutro.count("SELECT count(*) FROM account_keys k JOIN accounts a"
        + " ON a.id = k.account_id WHERE a.uri = $1", actor.uri()));
    Eventually.within10s("an Accept reaches the follower", () -> remote.received().stream()
        .anyMatch(r -> r.json().getString("type").equals("Accept")
            && r.json().getString("actor").equals(target.actorUri())
            && r.body().contains(actor.uri())));
  }

  @Test
  void aKeyDocumentTypedKeyAsMisskeyWritesItIsFollowedToItsOwner() {
    FakeRemote.Actor actor = remote.actor("misskey_key", KeyShape.KEY_DOCUMENT);
    remote.serve("/keys/misskey_key", remote.keyDocument(actor).put("type", "Key"));
    Reply reply = deliver(actor, follow(actor.uri()));
    assertEquals(202, reply.status(), reply.body());
    Eventually.within10s("the follow is stored", () -> follows(actor.uri()) == 1);
  }

  @Test
  void aGoToSocialMentionAsTheFirstActivityNotifies() {
    FakeRemote.Actor gts = remote.actor("gts_mentions", KeyShape.BARE_ACTOR);
    String noteId = gts.uri() + "/statuses/" + UUID.randomUUID();
    JsonObject create = new JsonObject()
        .put("@context", new JsonArray().add("https://www.w3.org/ns/activitystreams")
            .add("https://gotosocial.org/ns"))
        .put("id", noteId + "/activity").put("type", "Create").put("actor", gts.uri())
        .put("to", target.actorUri())
        .put("object", new JsonObject().put("id", noteId).put("type", "Note")
            .put("attributedTo", gts.uri()).put("to", target.actorUri())
            .put("content", "<p>hello @" + target.username() + "</p>")
            .put("tag", new JsonObject().put("type", "Mention").put("href", target.actorUri())
                .put("name", "@" + target.username() + "@" + plutro.authority())));
    Reply reply = deliver(gts, create);
    assertEquals(202, reply.status(), reply.body());
    Eventually.within10s("the mention notifies", () -> {
      JsonArray notifications = plutro.getWithToken("/api/v1/notifications?types[]=mention",
          target.token()).array();
      return notifications.stream().anyMatch(n -> noteId.equals(
          ((JsonObject) n).getJsonObject("status").getString("uri")));
    });
  }

  @Test
  void anEd25519MultikeyVerifiesRfc9421AndHs2019Signatures() {
    FakeRemote.Actor fedify = remote.actor("ed_rfc9421", KeyShape.MULTIKEY_ED25519);
    Reply first = deliver(fedify.standardSigner(), RequestSigner.Style.RFC9421, follow(fedify.uri()));
    assertEquals(202, first.status(), first.body());
    Eventually.within10s("the follow is stored", () -> follows(fedify.uri()) == 1);
    JsonObject undo = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", fedify.uri() + "/undo/" + UUID.randomUUID()).put("type", "Undo")
        .put("actor", fedify.uri()).put("object", follow(fedify.uri()));
    assertEquals(202, deliver(fedify, undo).status(), "draft-cavage hs2019 with the Ed25519 key");

    // The Ed25519 key's signature under the id of the actor's RSA Multikey is not its signature.
    RequestSigner misnamed = new HttpSignatureSigner(fedify.uri() + "#multikey-1",
        fedify.keys().getPrivate());
    assertEquals(401, deliver(misnamed, RequestSigner.Style.RFC9421, follow(fedify.uri())).status());
  }

  @Test
  void aBareActorNamingAnActorOnAnotherOriginIsRefused() {
    // Mallory's server answers her key id with a bare actor saying the key is a victim's, elsewhere;
    // the victim's document even lists mallory's key id (a key on another origin: ignored too).
    FakeRemote.Actor mallory = remote.actor("bare_mallory", KeyShape.BARE_ACTOR);
    FakeRemote.Actor victim = elsewhere.actor("bare_victim");
    remote.serve("/users/bare_mallory/main-key", remote.bareActor(mallory).put("id", victim.uri()));
    elsewhere.serve("/users/bare_victim", elsewhere.document(victim)
        .put("publicKey", FakeRemote.publicKey(mallory, mallory.keyId()).put("owner", victim.uri())));
    refusedAndNothingStored(deliver(mallory, follow(victim.uri())), victim.uri(), mallory.keyId(),
        "a bare actor pointing to another origin");

    // A key document whose owner is on another origin: the same.
    FakeRemote.Actor keyed = remote.actor("doc_mallory", KeyShape.KEY_DOCUMENT);
    remote.serve("/keys/doc_mallory", remote.keyDocument(keyed).put("owner", victim.uri()));
    refusedAndNothingStored(deliver(keyed, follow(victim.uri())), victim.uri(), keyed.keyId(),
        "a key document owned on another origin");
  }

  @Test
  void anOwnerThatDoesNotListTheKeyIsRefused() {
    FakeRemote.Actor liar = remote.actor("unlisted", KeyShape.BARE_ACTOR);
    remote.serve("/users/unlisted", remote.document(liar)
        .put("publicKey", FakeRemote.publicKey(liar, liar.uri() + "#another-key")));
    refusedAndNothingStored(deliver(liar, follow(liar.uri())), liar.uri(), liar.keyId(),
        "the bare actor's owner does not list the key id");

    FakeRemote.Actor fedify = remote.actor("unlisted_multikey", KeyShape.MULTIKEY_ED25519);
    JsonObject document = remote.document(fedify);
    document.getJsonArray("assertionMethod").remove(1);
    remote.serve("/users/unlisted_multikey", document);
    refusedAndNothingStored(deliver(fedify, follow(fedify.uri())), fedify.uri(), fedify.keyId(),
        "the actor does not list the Multikey");
  }

  @Test
  void aKeyOwnedByAnotherActorIsRefused() {
    // A key document naming as owner an honest actor of the same server, which lists its own
    // key only: the key is not the honest actor's.
    FakeRemote.Actor honest = remote.actor("owned_honest");
    FakeRemote.Actor thief = remote.actor("owned_thief", KeyShape.KEY_DOCUMENT);
    remote.serve("/keys/owned_thief", remote.keyDocument(thief).put("owner", honest.uri()));
    Reply reply = deliver(thief, follow(honest.uri()));
    assertEquals(401, reply.status(), reply.body());
    assertEquals(0, follows(honest.uri()));
    assertEquals(null, ownerOfKey(thief.keyId()));

    // An actor whose publicKey says another actor owns it is not stored at all.
    FakeRemote.Actor impostor = remote.actor("owned_impostor");
    remote.serve("/users/owned_impostor", remote.document(impostor)
        .put("publicKey", FakeRemote.publicKey(impostor, impostor.keyId()).put("owner", honest.uri())));
    refusedAndNothingStored(deliver(impostor, follow(impostor.uri())), impostor.uri(),
        impostor.keyId(), "a publicKey owned by someone else");

    // A Multikey controlled by another actor is not the actor's key.
    FakeRemote.Actor borrower = remote.actor("owned_borrower", KeyShape.MULTIKEY_ED25519);
    JsonObject document = remote.document(borrower);
    document.getJsonArray("assertionMethod").getJsonObject(1).put("controller", honest.uri());
    remote.serve("/users/owned_borrower", document);
    Reply borrowed = deliver(borrower, follow(borrower.uri()));
    assertEquals(401, borrowed.status(), borrowed.body());
    assertEquals(0, follows(borrower.uri()));
    assertEquals(null, ownerOfKey(borrower.keyId()));
  }

  @Test
  void anActorCannotTakeOverAKeyAnotherActorHolds() {
    FakeRemote.Actor first = remote.actor("holder");
    assertEquals(202, deliver(first, follow(first.uri())).status());
    assertEquals(first.uri(), ownerOfKey(first.keyId()));

    // Another actor of the same server lists the holder's key id (with its own key) besides its own.
    FakeRemote.Actor grabber = remote.actor("grabber", KeyShape.MULTIKEY_RSA);
    JsonObject document = remote.document(grabber);
    document.getJsonArray("assertionMethod").add(new JsonObject().put("id", first.keyId())
        .put("type", "Multikey").put("controller", grabber.uri())
        .put("publicKeyMultibase", KeyPairs.toMultibase(grabber.keys().getPublic())));
    remote.serve("/users/grabber", document);
    assertEquals(202, deliver(grabber, follow(grabber.uri())).status(), "its own key is fine");
    assertEquals(first.uri(), ownerOfKey(first.keyId()), "the held key stays its holder's");

    RequestSigner grabbing = new HttpSignatureSigner(first.keyId(), grabber.keys().getPrivate());
    assertEquals(401, deliver(grabbing, RequestSigner.Style.CAVAGE, follow(grabber.uri())).status());
  }

  @Test
  void anUnreadableKeyIsACleanRefusal() {
    FakeRemote.Actor badPem = remote.actor("bad_pem");
    remote.serve("/users/bad_pem", remote.document(badPem).put("publicKey", new JsonObject()
        .put("id", badPem.keyId()).put("owner", badPem.uri())
        .put("publicKeyPem", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n")));
    Reply pem = deliver(badPem, follow(badPem.uri()));
    assertEquals(401, pem.status(), pem.body());
    assertEquals(0, follows(badPem.uri()));

    FakeRemote.Actor badMultibase = remote.actor("bad_multibase", KeyShape.MULTIKEY_ED25519);
    JsonObject document = remote.document(badMultibase);
    document.getJsonArray("assertionMethod").getJsonObject(1).put("publicKeyMultibase", "z0OIl");
    remote.serve("/users/bad_multibase", document);
    Reply multibase = deliver(badMultibase, follow(badMultibase.uri()));
    assertEquals(401, multibase.status(), multibase.body());
    assertEquals(0, follows(badMultibase.uri()));
  }
}
