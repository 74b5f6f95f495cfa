package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * The instance actor ({@code /actor}) answers at every address it advertises: its inbox takes
 * what the shared inbox takes, its outbox and featured collection are empty, and it is not
 * followed (as Mastodon's).
 */
class InstanceActorTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static Member ivy;
  static JsonObject actor;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    ivy = plutro.register("ivy");
    actor = plutro.get("/actor", "Accept", "application/activity+json").json();
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  static String path(String url) {
    assertTrue(url.startsWith(plutro.base()), url);
    return url.substring(plutro.base().length());
  }

  @Test
  void itsInboxTakesASignedFollowAsTheSharedInboxDoes() {
    String inbox = path(actor.getString("inbox"));
    assertEquals("/actor/inbox", inbox);
    FakeRemote.Actor otto = remote.actor("otto");
    JsonObject follow = new JsonObject().put("id", otto.uri() + "/follows/" + UUID.randomUUID())
        .put("type", "Follow").put("actor", otto.uri()).put("object", ivy.actorUri());
    assertEquals(202, SignedPost.post(plutro, inbox, otto.signer(), follow.encode()).status());
    Eventually.within10s("otto's follow is accepted", () -> remote.received().stream()
        .anyMatch(r -> "Accept".equals(r.json().getString("type"))
            && follow.getString("id").equals(r.json().getJsonObject("object").getString("id"))));
    assertEquals(1L, plutro.get("/api/v1/accounts/" + ivy.id()).json().getLong("followers_count"));
  }

  @Test
  void itsInboxTakesASignedCreate() {
    FakeRemote.Actor pia = remote.actor("pia");
    String note = pia.uri() + "/notes/" + UUID.randomUUID();
    JsonObject create = new JsonObject().put("id", note + "/activity").put("type", "Create")
        .put("actor", pia.uri()).put("to", "https://www.w3.org/ns/activitystreams#Public")
        .put("cc", new JsonArray().add(ivy.actorUri()))
        .put("object", new JsonObject().put("id", note).put("type", "Note")
            .put("attributedTo", pia.uri()).put("content", "<p>@ivy hello</p>")
            .put("to", "https://www.w3.org/ns/activitystreams#Public")
            .put("cc", new JsonArray().add(ivy.actorUri()))
            .put("tag", new JsonArray().add(new JsonObject().put("type", "Mention")
                .put("href", ivy.actorUri()).put("name", "@ivy@" + plutro.authority()))));
    assertEquals(202, SignedPost.post(plutro, "/actor/inbox", pia.signer(), create.encode()).status());
    Eventually.within10s("the note is stored and ivy notified", () ->
        plutro.count("SELECT count(*) FROM statuses WHERE uri = $1", note) == 1
            && plutro.getWithToken("/api/v1/notifications?types[]=mention", ivy.token()).array().size() == 1);
  }

  @Test
  void anUnsignedDeliveryIsRefused() {
    FakeRemote.Actor quinn = remote.actor("quinn");
    JsonObject follow = new JsonObject().put("id", quinn.uri() + "/follows/" + UUID.randomUUID())
        .put("type", "Follow").put("actor", quinn.uri()).put("object", ivy.actorUri());
    Reply unsigned = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/actor/inbox"))
        .header("Content-Type", "application/activity+json")
        .POST(HttpRequest.BodyPublishers.ofString(follow.encode())));
    assertEquals(401, unsigned.status(), unsigned.body());
    assertEquals(0L, plutro.count("SELECT count(*) FROM follows WHERE uri = $1", follow.getString("id")));
  }

  @Test
  void theInstanceActorRefusesFollowers() {
    FakeRemote.Actor rex = remote.actor("rex");
    JsonObject follow = new JsonObject().put("id", rex.uri() + "/follows/" + UUID.randomUUID())
        .put("type", "Follow").put("actor", rex.uri()).put("object", actor.getString("id"));
    assertEquals(202, SignedPost.post(plutro, "/actor/inbox", rex.signer(), follow.encode()).status());
    Eventually.within10s("rex's follow is rejected", () -> remote.received().stream()
        .anyMatch(r -> "Reject".equals(r.json().getString("type"))
            && follow.getString("id").equals(r.json().getJsonObject("object").getString("id"))));
    assertEquals(0L, plutro.count("SELECT count(*) FROM follows WHERE uri = $1", follow.getString("id")));
  }

  @Test
  void itsOutboxAndFeaturedCollectionAreEmptyCollections() {
    FakeRemote.Actor reader = remote.actor("reader");
    for (String field : new String[] {"outbox", "featured"}) {
      String url = actor.getString(field);
      for (Reply reply : new Reply[] {SignedPost.get(plutro, url, reader.signer()),
          plutro.get(path(url), "Accept", "application/activity+json")}) {
        assertEquals(200, reply.status(), field + ": " + reply);
        assertTrue(reply.header("Content-Type").startsWith("application/activity+json"));
        JsonObject collection = reply.json();
        assertEquals(url, collection.getString("id"));
        assertEquals("OrderedCollection", collection.getString("type"));
        assertEquals(0, collection.getInteger("totalItems"));
        assertEquals(new JsonArray(), collection.getJsonArray("orderedItems"));
      }
    }
  }
}
