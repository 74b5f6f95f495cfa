package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * ActivityPub client-to-server: a member drives Plutro by POSTing activities to their outbox, and
 * what they do reaches a second real Plutro exactly as the Mastodon API path would send it.
 */
class ClientToServerTest {
  // Jobs of activities; not the mails of the members a test registers, sent meanwhile.
  private static final String ACTIVITY_JOBS = "SELECT count(*) FROM jobs WHERE kind <> 'mail.account'";
  static final String AS = "https://www.w3.org/ns/activitystreams";
  static final String PUBLIC = AS + "#Public";
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static Reply send(Member member, JsonObject activity) {
    return send(member, member, activity);
  }

  static Reply send(Member owner, Member sender, JsonObject activity) {
    return net.a().postRaw("/users/" + owner.username() + "/outbox", "application/ld+json; profile=\"" + AS + "\"",
        activity.encode().getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + sender.token());
  }

  static String created(Reply reply) {
    assertEquals(201, reply.status(), reply.body());
    String location = reply.header("Location");
    assertTrue(location != null && location.startsWith(net.a().base()), String.valueOf(location));
    return location;
  }

  static JsonArray bobsNotifications(Member bob) {
    return net.b().getWithToken("/api/v1/notifications", bob.token()).array();
  }

  @Test
  void followLikePostEditUndoAndDeleteReachTheOtherInstance() {
    Member alice = net.a().register("alice");
    Member bob = net.b().register("bob");

    // Follow, by the actor's id alone: the remote actor is fetched and followed.
    created(send(alice, new JsonObject().put("@context", AS).put("type", "Follow")
        .put("object", bob.actorUri())));
    Eventually.within10s("bob's server has alice as a follower", () ->
        net.b().get("/api/v1/accounts/" + bob.id()).json().getLong("followers_count") == 1L);

    // A Like of bob's post, by its id.
    JsonObject bobsPost = net.b().postForm("/api/v1/statuses", Map.of("status", "like this"),
        "Authorization", "Bearer " + bob.token()).json();
    String like = created(send(alice, new JsonObject().put("type", "Like")
        .put("object", bobsPost.getString("uri"))));
    Eventually.within10s("the like is counted on bob's server", () ->
        net.b().get("/api/v1/statuses/" + bobsPost.getString("id")).json().getLong("favourites_count") == 1L);

    // A bare Note addressed to bob alone is wrapped in a Create and is a direct message to him.
    String create = created(send(alice, new JsonObject().put("@context", AS).put("type", "Note")
        .put("content", "<p>just between us</p>").put("to", new JsonArray().add(bob.actorUri()))));
    assertTrue(create.endsWith("/activity"), create);
    String noteUri = create.substring(0, create.length() - "/activity".length());
    JsonObject mine = net.a().getWithToken("/api/v1/accounts/" + alice.id() + "/statuses", alice.token())
        .array().getJsonObject(0);
    assertEquals(noteUri, mine.getString("uri"));
    assertEquals("direct", mine.getString("visibility"));
    Eventually.within10s("bob is notified of the direct mention", () -> bobsNotifications(bob).stream()
        .anyMatch(n -> "mention".equals(((JsonObject) n).getString("type"))));
    JsonObject dm = bobsNotifications(bob).getJsonObject(0).getJsonObject("status");
    assertEquals("direct", dm.getString("visibility"));
    assertTrue(dm.getString("content").contains("just between us"), dm.getString("content"));

    // Update: the edit reaches bob's copy.
    created(send(alice, new JsonObject().put("type", "Update").put("object", new JsonObject()
        .put("id", noteUri).put("type", "Note").put("content", "<p>just between us, edited</p>"))));
    Eventually.within10s("bob's copy is edited", () -> net.b().getWithToken("/api/v1/statuses/" + dm.getString("id"),
        bob.token()).json().getString("content").contains("edited"));

    // Undo of the Like, named by the id the server gave it.
    created(send(alice, new JsonObject().put("type", "Undo").put("object", like)));
    Eventually.within10s("the like is withdrawn on bob's server", () ->
        net.b().get("/api/v1/statuses/" + bobsPost.getString("id")).json().getLong("favourites_count") == 0L);

    // Delete: gone on both sides.
    created(send(alice, new JsonObject().put("type", "Delete").put("object", noteUri)));
    assertEquals(404, net.a().getWithToken("/api/v1/statuses/" + mine.getString("id"), alice.token()).status());
    Eventually.within10s("bob's copy is deleted", () ->
        net.b().getWithToken("/api/v1/statuses/" + dm.getString("id"), bob.token()).status() == 404);

    // The inbox, for its owner only: bob's post came in as a Create.
    Reply inbox = net.a().getWithToken("/users/alice/inbox", alice.token());
    assertEquals(200, inbox.status(), inbox.body());
    assertTrue(inbox.json().getJsonArray("orderedItems").stream().anyMatch(item ->
        bobsPost.getString("uri").equals(((JsonObject) item).getJsonObject("object").getString("id"))),
        inbox.body());

    // Block and its Undo, by the id the server gave the Block.
    String bobOnA = net.a().getWithToken("/api/v1/accounts/lookup?acct=bob@" + net.b().authority(), alice.token())
        .json().getString("id");
    String block = created(send(alice, new JsonObject().put("type", "Block").put("object", bob.actorUri())));
    assertTrue(net.a().getWithToken("/api/v1/accounts/relationships?id[]=" + bobOnA, alice.token()).array()
        .getJsonObject(0).getBoolean("blocking"));
    created(send(alice, new JsonObject().put("type", "Undo").put("object", block)));
    assertTrue(!net.a().getWithToken("/api/v1/accounts/relationships?id[]=" + bobOnA, alice.token()).array()
        .getJsonObject(0).getBoolean("blocking"));
  }

  @Test
  void badActivitiesAreRefusedAndChangeNothing() {
    Member cleo = net.a().register("cleo");
    Member dan = net.a().register("dan");
    String dansPost = net.a().postForm("/api/v1/statuses", Map.of("status", "mine"),
        "Authorization", "Bearer " + dan.token()).json().getString("uri");
    long statuses = net.a().count("SELECT count(*) FROM statuses");
    long jobs = net.a().count(ACTIVITY_JOBS);
    JsonObject note = new JsonObject().put("type", "Note").put("content", "hi").put("to", PUBLIC);

    assertEquals(400, net.a().postRaw("/users/cleo/outbox", "application/activity+json",
        "{not json".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + cleo.token()).status());
    assertEquals(415, net.a().postRaw("/users/cleo/outbox", "text/plain",
        note.encode().getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + cleo.token()).status());
    assertEquals(401, net.a().postRaw("/users/cleo/outbox", "application/activity+json",
        note.encode().getBytes(StandardCharsets.UTF_8)).status());
    assertEquals(403, send(cleo, dan, note).status(), "another member's outbox");
    assertEquals(422, send(cleo, new JsonObject().put("type", "Travel").put("object", "x")).status());
    assertEquals(422, send(cleo, new JsonObject().put("type", "Note").put("content", "")
        .put("to", PUBLIC)).status(), "empty text");
    assertEquals(422, send(cleo, new JsonObject().put("type", "Note").put("content", "nobody")).status(),
        "a Note addressed to no one");
    assertEquals(422, send(cleo, note.copy().put("sensitive", "very")).status(), "a malformed Note");
    assertEquals(422, send(cleo, new JsonObject().put("type", "Like").put("object", 42)).status(),
        "a malformed object");
    assertEquals(400, send(cleo, note.copy().put("@context", "https://unknown.example/context")).status(),
        "a context we cannot read");
    assertEquals(422, send(cleo, note.copy().put("attachment", new JsonArray()
        .add(new JsonObject().put("type", "Document").put("url", "https://x.example/a.png")))).status());
    assertEquals(403, send(cleo, new JsonObject().put("type", "Create").put("actor", dan.actorUri())
        .put("object", note)).status(), "acting as someone else");
    assertEquals(404, send(cleo, new JsonObject().put("type", "Update").put("object", new JsonObject()
        .put("id", dansPost).put("type", "Note").put("content", "taken over"))).status());
    assertEquals(404, send(cleo, new JsonObject().put("type", "Delete").put("object", dansPost)).status());
    assertEquals(404, send(cleo, new JsonObject().put("type", "Undo")
        .put("object", net.a().base() + "/nothing")).status());
    assertEquals(403, net.a().getWithToken("/users/cleo/inbox", dan.token()).status());
    assertEquals(404, send(cleo, new JsonObject().put("type", "Follow").put("object", net.a().base() + "/users/nobody")).status());

    assertEquals(statuses, net.a().count("SELECT count(*) FROM statuses"));
    assertEquals(jobs, net.a().count(ACTIVITY_JOBS));
    assertEquals("mine", net.a().get("/api/v1/statuses/" + dansPost.substring(dansPost.lastIndexOf('/') + 1))
        .json().getString("content").replaceAll("<[^>]+>", ""));
  }

  @Test
  void aNoteWithoutAQuotePolicyFollowsTheMembersDefaultAndOneWithCanQuoteKeepsIt() {
    Member eli = net.a().register("eli");
    assertEquals(200, net.a().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(net.a().base()
            + "/api/v1/accounts/update_credentials")).header("Content-Type", "application/x-www-form-urlencoded")
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("source%5Bquote_policy%5D=followers")),
        "Authorization", "Bearer " + eli.token()).status());

    created(send(eli, new JsonObject().put("@context", AS).put("type", "Note").put("content", "<p>by default</p>")
        .put("to", new JsonArray().add(PUBLIC))));
    assertEquals(new JsonArray().add("followers"), latestQuoteApproval(eli).getJsonArray("automatic"));

    // The Note says who may quote it, as Mastodon and GoToSocial write it: that wins over the default.
    JsonObject gts = new JsonObject().put("gts", "https://gotosocial.org/ns#")
        .put("interactionPolicy", new JsonObject().put("@id", "gts:interactionPolicy").put("@type", "@id"))
        .put("canQuote", new JsonObject().put("@id", "gts:canQuote").put("@type", "@id"))
        .put("automaticApproval", new JsonObject().put("@id", "gts:automaticApproval").put("@type", "@id"));
    created(send(eli, new JsonObject().put("@context", new JsonArray().add(AS).add(gts)).put("type", "Note")
        .put("content", "<p>quote me, anyone</p>").put("to", new JsonArray().add(PUBLIC))
        .put("interactionPolicy", new JsonObject().put("canQuote", new JsonObject()
            .put("automaticApproval", new JsonArray().add(PUBLIC))))));
    assertEquals(new JsonArray().add("public"), latestQuoteApproval(eli).getJsonArray("automatic"));
    created(send(eli, new JsonObject().put("@context", new JsonArray().add(AS).add(gts)).put("type", "Note")
        .put("content", "<p>no quotes</p>").put("to", new JsonArray().add(PUBLIC))
        .put("interactionPolicy", new JsonObject().put("canQuote", new JsonObject()
            .put("automaticApproval", new JsonArray().add(eli.actorUri()))))));
    assertEquals(new JsonArray(), latestQuoteApproval(eli).getJsonArray("automatic"));
  }

  static JsonObject latestQuoteApproval(Member member) {
    return net.a().getWithToken("/api/v1/accounts/" + member.id() + "/statuses", member.token()).array()
        .getJsonObject(0).getJsonObject("quote_approval");
  }
}
