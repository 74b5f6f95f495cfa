package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.federation.signature.HttpSignatureSigner;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;

/** What the inbox does with forged, tampered, stale, replayed and odd deliveries. */
class InboxSecurityTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static TestInstance.Member target;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    target = plutro.register("target");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  private static JsonObject follow(FakeRemote.Actor actor) {
    return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", actor.uri() + "/follows/" + UUID.randomUUID()).put("type", "Follow")
        .put("actor", actor.uri()).put("object", target.actorUri());
  }

  private static long followers() {
    return plutro.get("/api/v1/accounts/" + target.id()).json().getLong("followers_count");
  }

  private static Reply deliver(FakeRemote.Actor signer, JsonObject activity, Map<String, String> spoil) {
    return SignedPost.post(plutro, "/users/target/inbox", signer.signer(),
        RequestSigner.Style.CAVAGE, activity.encode(), spoil);
  }

  @Test
  void aSignedFollowIsAcceptedOnceEvenWhenDeliveredTwice() {
    FakeRemote.Actor mallory = remote.actor("honest");
    JsonObject follow = follow(mallory);
    long before = followers();
    assertEquals(202, deliver(mallory, follow, Map.of()).status());
    Eventually.within10s("the follow is stored", () -> followers() == before + 1);
    Eventually.within10s("an Accept reaches the follower", () -> remote.received().stream()
        .anyMatch(r -> r.json().getString("type").equals("Accept")
            && r.json().getJsonObject("object").getString("id").equals(follow.getString("id"))));
    assertEquals(202, deliver(mallory, follow, Map.of()).status(), "a replay is answered 202");
    assertEquals(202, SignedPost.post(plutro, "/inbox", mallory.signer(),
        RequestSigner.Style.RFC9421, follow.encode(), Map.of()).status(), "RFC 9421 too");
    sleep(500);
    assertEquals(before + 1, followers(), "and stores nothing twice");
  }

  @Test
  void forgedTamperedAndStaleRequestsAre401AndStoreNothing() {
    FakeRemote.Actor mallory = remote.actor("mallory");
    FakeRemote.Actor eve = remote.actor("eve");
    long before = followers();
    JsonObject follow = follow(mallory);

    Reply unsigned = plutro.postRaw("/users/target/inbox", "application/activity+json",
        follow.encode().getBytes());
    assertEquals(401, unsigned.status());
    assertTrue(unsigned.json().getString("error").length() > 0);

    JsonObject other = follow(mallory).put("object", plutro.base() + "/users/someone_else");
    assertEquals(401, deliver(mallory, follow, Map.of("@body", other.encode())).status(), "tampered body");
    assertEquals(401, deliver(mallory, follow, Map.of("Digest", "SHA-256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")).status(),
        "wrong digest");
    assertEquals(401, deliver(mallory, follow, Map.of("Date", "Mon, 01 Jan 2024 00:00:00 GMT")).status(),
        "a Date that is not the signed one");

    RequestSigner stale = new HttpSignatureSigner(mallory.keyId(), mallory.keys().getPrivate(),
        Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
    assertEquals(401, SignedPost.post(plutro, "/users/target/inbox", stale, RequestSigner.Style.CAVAGE,
        follow.encode(), Map.of()).status(), "signed two hours ago");
    RequestSigner future = new HttpSignatureSigner(mallory.keyId(), mallory.keys().getPrivate(),
        Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC));
    assertEquals(401, SignedPost.post(plutro, "/users/target/inbox", future, RequestSigner.Style.RFC9421,
        follow.encode(), Map.of()).status(), "signed two hours ahead");

    assertEquals(401, deliver(eve, follow, Map.of()).status(), "eve's key, mallory's activity");
    RequestSigner wrongKey = new HttpSignatureSigner(mallory.keyId(), eve.keys().getPrivate());
    assertEquals(401, SignedPost.post(plutro, "/users/target/inbox", wrongKey, RequestSigner.Style.CAVAGE,
        follow.encode(), Map.of()).status(), "mallory's key id, eve's private key");
    RequestSigner unknownKey = new HttpSignatureSigner(remote.base() + "/users/nobody#main-key",
        mallory.keys().getPrivate());
    assertEquals(401, SignedPost.post(plutro, "/users/target/inbox", unknownKey, RequestSigner.Style.CAVAGE,
        follow.encode(), Map.of()).status(), "a key nobody owns");

    sleep(500);
    assertEquals(before, followers(), "nothing was stored");
  }

  @Test
  void activitiesAndObjectsMustComeFromTheActorsOrigin() {
    FakeRemote.Actor mallory = remote.actor("mallory");
    JsonObject foreignId = follow(mallory).put("id", "https://elsewhere.example/follows/1");
    assertEquals(400, deliver(mallory, foreignId, Map.of()).status());
    JsonObject create = new JsonObject().put("id", mallory.uri() + "/create/1").put("type", "Create")
        .put("actor", mallory.uri()).put("object", new JsonObject()
            .put("id", "https://elsewhere.example/notes/1").put("type", "Note")
            .put("attributedTo", mallory.uri()).put("content", "forged")
            .put("to", "https://www.w3.org/ns/activitystreams#Public"));
    assertEquals(400, deliver(mallory, create, Map.of()).status());
    Reply garbage = SignedPost.post(plutro, "/users/target/inbox", mallory.signer(), "{not json");
    assertEquals(400, garbage.status());
    Reply noActor = SignedPost.post(plutro, "/users/target/inbox", mallory.signer(),
        new JsonObject().put("id", mallory.uri() + "/x").put("type", "Follow").encode());
    assertEquals(400, noActor.status());
  }

  @Test
  void oddButHarmlessDeliveriesAreAcceptedAndIgnored() {
    FakeRemote.Actor mallory = remote.actor("mallory");
    JsonObject dance = new JsonObject().put("id", mallory.uri() + "/dance/1").put("type", "Dance")
        .put("actor", mallory.uri()).put("object", target.actorUri());
    assertEquals(202, deliver(mallory, dance, Map.of()).status(), "unknown types are ignored");

    // A Delete of an actor we never knew: 202 at once, without fetching anything.
    FakeRemote.Actor ghost = remote.actor("ghost");
    int fetches = remote.actorFetches();
    JsonObject delete = new JsonObject().put("id", ghost.uri() + "#delete").put("type", "Delete")
        .put("actor", ghost.uri()).put("object", ghost.uri());
    assertEquals(202, deliver(ghost, delete, Map.of()).status());
    assertEquals(fetches, remote.actorFetches());
  }

  @Test
  void aBurstOfConcurrentDeliveriesWithRepeatsStoresEachActivityOnce() {
    FakeRemote.Actor chatty = remote.actor("chatty");
    List<JsonObject> creates = IntStream.range(0, 12).mapToObj(i -> {
      String note = chatty.uri() + "/notes/" + UUID.randomUUID();
      return new JsonObject().put("id", note + "/activity").put("type", "Create")
          .put("actor", chatty.uri()).put("to", "https://www.w3.org/ns/activitystreams#Public")
          .put("object", new JsonObject().put("id", note).put("type", "Note")
              .put("attributedTo", chatty.uri()).put("content", "<p>note " + i + "</p>")
              .put("to", "https://www.w3.org/ns/activitystreams#Public"));
    }).toList();
    List<JsonObject> deliveries = new ArrayList<>(creates);
    for (int i = 0; i < 6; i++) {
      deliveries.add(creates.get(i % 3));  // repeats, arriving together with the originals
    }
    List<Integer> statuses = deliveries.parallelStream()
        .map(create -> deliver(chatty, create, Map.of()).status()).toList();
    assertTrue(statuses.stream().allMatch(status -> status == 202), statuses.toString());
    String stored = "SELECT count(*) FROM statuses s JOIN accounts a ON a.id = s.account_id"
        + " WHERE a.uri = $1";
    Eventually.within10s("every note stored", () -> plutro.count(stored, chatty.uri()) == 12);
    sleep(300);
    assertEquals(12, plutro.count(stored, chatty.uri()), "each note once");
    assertEquals(12, plutro.count("SELECT count(*) FROM inbox_seen WHERE uri LIKE $1",
        chatty.uri() + "/notes/%"));
  }

  @Test
  void textPostgresCannotHoldIs400AndNotRetriedForever() {
    FakeRemote.Actor mallory = remote.actor("mallory");
    JsonObject follow = follow(mallory);
    // Valid JSON, but PostgreSQL's jsonb has no NUL character: a clear 400, nothing kept.
    String body = follow.encode().replace("\"type\":\"Follow\"",
        "\"type\":\"Follow\",\"summary\":\"a\\u0000b\"");
    Reply reply = SignedPost.post(plutro, "/users/target/inbox", mallory.signer(), body);
    assertEquals(400, reply.status(), reply.body());
    // What this request could have left: its id remembered, its job queued (other tests' work
    // goes on meanwhile, so only these are counted).
    String id = follow.getString("id");
    assertEquals(0, plutro.count("SELECT count(*) FROM inbox_seen WHERE uri = $1", id));
    assertEquals(0, plutro.count("SELECT count(*) FROM jobs WHERE strpos(payload::text, $1) > 0", id));
  }

  @Test
  void hugeBodiesAre413() {
    FakeRemote.Actor mallory = remote.actor("mallory");
    String huge = follow(mallory).put("padding", "x".repeat(1_100_000)).encode();
    Reply reply = SignedPost.post(plutro, "/users/target/inbox", mallory.signer(), huge);
    assertEquals(413, reply.status());
  }

  @Test
  void aRotatedKeyIsRefetchedOnce() {
    FakeRemote.Actor rotating = remote.actor("rotating");
    long before = followers();
    assertEquals(202, deliver(rotating, follow(rotating), Map.of()).status());
    Eventually.within10s("first follow stored", () -> followers() == before + 1);
    FakeRemote.Actor rotated = remote.rotateKey("rotating");
    JsonObject undo = new JsonObject().put("id", rotated.uri() + "/undo/1").put("type", "Undo")
        .put("actor", rotated.uri()).put("object", new JsonObject().put("type", "Follow")
            .put("actor", rotated.uri()).put("object", target.actorUri()));
    assertEquals(202, deliver(rotated, undo, Map.of()).status(), "verified with the refetched key");
    Eventually.within10s("the undo took effect", () -> followers() == before);
  }

  @Test
  void anInboxOfNobodyIs404() {
    FakeRemote.Actor mallory = remote.actor("mallory");
    Reply reply = SignedPost.post(plutro, "/users/nobody_here/inbox", mallory.signer(),
        follow(mallory).encode());
    assertEquals(404, reply.status());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
