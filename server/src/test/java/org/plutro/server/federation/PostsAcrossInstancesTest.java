package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/** Posts between two real Plutros (and a fake remote that records what it is sent). */
class PostsAcrossInstancesTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();
  static FakeRemote remote;
  static FakeRemote stranger;

  @BeforeAll
  static void start() {
    remote = new FakeRemote();
    stranger = new FakeRemote();
  }

  @AfterAll
  static void stop() {
    remote.close();
    stranger.close();
  }

  static Reply post(TestInstance on, Member author, Map<String, String> form) {
    return on.postForm("/api/v1/statuses", form, "Authorization", "Bearer " + author.token());
  }

  static JsonObject posted(TestInstance on, Member author, Map<String, String> form) {
    Reply reply = post(on, author, form);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  static void follow(TestInstance on, Member follower, String targetId) {
    assertEquals(200, on.postForm("/api/v1/accounts/" + targetId + "/follow", Map.of(),
        "Authorization", "Bearer " + follower.token()).status());
    Eventually.within10s("the follow is accepted", () -> TwoInstancesTest
        .relationship(on, follower, targetId).getBoolean("following"));
  }

  /** The id {@code on} gives the status with this uri, once it has arrived. */
  static String arrived(TestInstance on, String uri) {
    Eventually.within10s("status " + uri + " arrives", () ->
        on.count("SELECT count(*) FROM statuses WHERE uri = $1", uri) == 1);
    return on.sql("SELECT id FROM statuses WHERE uri = $1", uri).iterator().next().getLong(0).toString();
  }

  static List<String> uris(JsonArray statuses) {
    return statuses.stream().map(s -> ((JsonObject) s).getString("uri")).collect(Collectors.toList());
  }

  static JsonArray notifications(TestInstance on, Member member, String query) {
    Reply reply = on.getWithToken("/api/v1/notifications" + query, member.token());
    assertEquals(200, reply.status(), reply.body());
    return reply.array();
  }

  @Test
  void aReplyThreadSpansBothInstancesAndMentionsNotify() {
    Member alice = net.a().register("alice");
    Member bob = net.b().register("bob");
    String bobOnA = TwoInstancesTest.resolve(net.a(), alice, net.b(), "bob");
    follow(net.a(), alice, bobOnA);

    JsonObject root = posted(net.b(), bob, Map.of("status", "What do you think of #Federation?"));
    String rootOnA = arrived(net.a(), root.getString("uri"));

    // Alice replies on her instance, mentioning bob by handle with its port.
    JsonObject reply = posted(net.a(), alice, Map.of("status", "@bob@" + net.b().authority() + " I like it",
        "in_reply_to_id", rootOnA));
    assertEquals(rootOnA, reply.getString("in_reply_to_id"));
    assertEquals(bobOnA, reply.getString("in_reply_to_account_id"));
    JsonObject mention = reply.getJsonArray("mentions").getJsonObject(0);
    assertEquals("bob@" + net.b().authority(), mention.getString("acct"));
    assertEquals(bobOnA, mention.getString("id"));
    assertTrue(reply.getString("content").contains(
        "<span class=\"h-card\" translate=\"no\"><a href=\"" + net.b().base() + "/@bob\" class=\"u-url mention\">@<span>bob</span></a></span>"),
        reply.getString("content"));

    // It reaches bob's instance, joins his thread and notifies him.
    String replyOnB = arrived(net.b(), reply.getString("uri"));
    JsonObject replyCopy = net.b().getWithToken("/api/v1/statuses/" + replyOnB, bob.token()).json();
    assertEquals(root.getString("id"), replyCopy.getString("in_reply_to_id"));
    assertEquals(bob.id(), replyCopy.getJsonArray("mentions").getJsonObject(0).getString("id"));
    Eventually.within10s("bob is notified", () -> notifications(net.b(), bob, "?types[]=mention").size() == 1);
    JsonObject notification = notifications(net.b(), bob, "").getJsonObject(0);
    assertEquals("mention", notification.getString("type"));
    assertEquals(replyOnB, notification.getJsonObject("status").getString("id"));
    assertEquals("alice@" + net.a().authority(), notification.getJsonObject("account").getString("acct"));

    // Bob answers on his side; alice follows him, so it reaches her instance too.
    JsonObject answer = posted(net.b(), bob, Map.of("status", "@alice@" + net.a().authority() + " thanks!",
        "in_reply_to_id", replyOnB));
    String answerOnA = arrived(net.a(), answer.getString("uri"));
    Eventually.within10s("alice is notified", () -> notifications(net.a(), alice, "?types[]=mention").size() == 1);

    // The thread reads the same on both sides.
    JsonObject contextOnA = net.a().getWithToken("/api/v1/statuses/" + reply.getString("id") + "/context",
        alice.token()).json();
    assertEquals(List.of(root.getString("uri")), uris(contextOnA.getJsonArray("ancestors")));
    assertEquals(List.of(answer.getString("uri")), uris(contextOnA.getJsonArray("descendants")));
    JsonObject contextOnB = net.b().get("/api/v1/statuses/" + replyOnB + "/context").json();
    assertEquals(List.of(root.getString("uri")), uris(contextOnB.getJsonArray("ancestors")));
    assertEquals(List.of(answer.getString("uri")), uris(contextOnB.getJsonArray("descendants")));
    JsonObject rootContextOnB = net.b().get("/api/v1/statuses/" + root.getString("id") + "/context").json();
    assertEquals(List.of(reply.getString("uri"), answer.getString("uri")),
        uris(rootContextOnB.getJsonArray("descendants")));
    assertEquals(answerOnA, contextOnA.getJsonArray("descendants").getJsonObject(0).getString("id"));

    // The Note carries its reply target, tags and a replies collection listing local replies.
    JsonObject note = net.a().get(reply.getString("uri"), "Accept", "application/activity+json").json();
    assertEquals(root.getString("uri"), note.getString("inReplyTo"));
    JsonObject tag = note.getJsonArray("tag").getJsonObject(0);
    assertEquals("Mention", tag.getString("type"));
    assertEquals(bob.actorUri(), tag.getString("href"));
    assertTrue(note.getJsonArray("cc").contains(bob.actorUri()), note.encode());
    JsonObject rootNote = net.b().get(root.getString("uri"), "Accept", "application/activity+json").json();
    assertEquals("#federation", rootNote.getJsonArray("tag").getJsonObject(0).getString("name"));
    assertEquals(net.b().base() + "/tags/federation", rootNote.getJsonArray("tag").getJsonObject(0).getString("href"));
    JsonObject replies = net.b().get(rootNote.getJsonObject("replies").getString("id"),
        "Accept", "application/activity+json").json();
    assertEquals(new JsonArray(), replies.getJsonObject("first").getJsonArray("items"),
        "alice's reply is not bob's instance's own");
    JsonObject answerReplies = net.a().get(reply.getString("uri") + "/replies?page=true",
        "Accept", "application/activity+json").json();
    assertEquals(new JsonArray(), answerReplies.getJsonArray("items"));
    JsonObject localReply = posted(net.b(), bob, Map.of("status", "and me again", "in_reply_to_id",
        root.getString("id")));
    assertEquals(new JsonArray().add(localReply.getString("uri")),
        net.b().get(rootNote.getJsonObject("replies").getString("id"), "Accept", "application/activity+json")
            .json().getJsonObject("first").getJsonArray("items"));
  }

  @Test
  void aRemoteParentIsFetchedWhenTheThreadIsRead() {
    Member carol = net.b().register("carol");
    Member dave = net.b().register("dave");
    Member frank = net.a().register("frank");
    JsonObject root = posted(net.b(), carol, Map.of("status", "A root nobody on A follows"));
    JsonObject reply = posted(net.b(), dave, Map.of("status", "@frank@" + net.a().authority() + " look at this",
        "in_reply_to_id", root.getString("id")));
    String replyOnA = arrived(net.a(), reply.getString("uri"));
    assertEquals(0L, net.a().count("SELECT count(*) FROM statuses WHERE uri = $1", root.getString("uri")));
    Eventually.within10s("frank is notified of the mention", () ->
        notifications(net.a(), frank, "").size() == 1);

    JsonObject context = net.a().getWithToken("/api/v1/statuses/" + replyOnA + "/context", frank.token()).json();
    assertEquals(List.of(root.getString("uri")), uris(context.getJsonArray("ancestors")));
    assertEquals(1L, net.a().count("SELECT count(*) FROM statuses WHERE uri = $1", root.getString("uri")));
    JsonObject copy = net.a().getWithToken("/api/v1/statuses/" + replyOnA, frank.token()).json();
    assertNotNull(copy.getString("in_reply_to_id"), "the reply is now linked to its parent");
  }

  @Test
  void aDirectMessageIsAddressedAndDeliveredToTheMentionedOnly() {
    Member henry = net.a().register("henry");
    Member ines = net.a().register("ines");
    FakeRemote.Actor fiona = remote.actor("fiona");
    FakeRemote.Actor george = remote.actor("george");
    // george (on the same remote server) follows henry: the server has a follower's shared inbox.
    JsonObject followActivity = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", george.uri() + "/follows/" + UUID.randomUUID()).put("type", "Follow")
        .put("actor", george.uri()).put("object", henry.actorUri());
    assertEquals(202, SignedPost.post(net.a(), "/users/henry/inbox", george.signer(),
        followActivity.encode()).status());
    Eventually.within10s("george follows henry", () ->
        net.a().get("/api/v1/accounts/" + henry.id()).json().getLong("followers_count") == 1);

    JsonObject direct = posted(net.a(), henry, Map.of("status", "@fiona@" + remote.authority() + " a secret",
        "visibility", "direct"));
    JsonObject open = posted(net.a(), henry, Map.of("status", "for everyone"));
    Eventually.within10s("the public post reaches the shared inbox", () -> delivered(open.getString("uri")).size() == 1);
    Eventually.within10s("the direct message reaches fiona", () -> delivered(direct.getString("uri")).size() == 1);
    sleep(300);
    List<FakeRemote.Received> deliveries = delivered(direct.getString("uri"));
    assertEquals(1, deliveries.size(), "delivered once, to fiona only");
    assertEquals("/users/fiona/inbox", deliveries.get(0).path(), "her own inbox, not the shared one");
    JsonObject create = deliveries.get(0).json();
    assertEquals(new JsonArray().add(fiona.uri()), create.getJsonArray("to"));
    assertEquals(new JsonArray(), create.getJsonArray("cc"));
    assertEquals(new JsonArray().add(fiona.uri()), create.getJsonObject("object").getJsonArray("to"));
    assertEquals("Mention", create.getJsonObject("object").getJsonArray("tag").getJsonObject(0).getString("type"));
    assertEquals("/inbox", delivered(open.getString("uri")).get(0).path());
    assertEquals("direct", direct.getString("visibility"));

    // Nobody else can read it: not the API, not an unsigned or a stranger's signed fetch.
    assertEquals(200, net.a().getWithToken("/api/v1/statuses/" + direct.getString("id"), henry.token()).status());
    assertEquals(404, net.a().getWithToken("/api/v1/statuses/" + direct.getString("id"), ines.token()).status());
    assertEquals(404, net.a().get("/api/v1/statuses/" + direct.getString("id")).status());
    assertEquals(404, net.a().get("/api/v1/statuses/" + direct.getString("id") + "/context").status());
    assertEquals(404, net.a().get(direct.getString("uri"), "Accept", "application/activity+json").status());
    assertEquals(404, SignedPost.get(net.a(), direct.getString("uri"), stranger.actor("eve").signer()).status());
    Reply byFiona = SignedPost.get(net.a(), direct.getString("uri"), fiona.signer());
    assertEquals(200, byFiona.status(), byFiona.body());
    assertEquals(direct.getString("uri"), byFiona.json().getString("id"));
    // A follower's server may fetch followers-only posts, but not direct ones.
    JsonObject followersOnly = posted(net.a(), henry, Map.of("status", "followers only", "visibility", "private"));
    assertEquals(200, SignedPost.get(net.a(), followersOnly.getString("uri"), george.signer()).status());
    assertEquals(404, SignedPost.get(net.a(), followersOnly.getString("uri"), stranger.actor("eve").signer()).status());
    assertEquals(404, net.a().get(followersOnly.getString("uri"), "Accept", "application/activity+json").status());

    // Mentioning a local member lets her see it, and only her.
    Member jack = net.a().register("jack");
    JsonObject toIne = posted(net.a(), henry, Map.of("status", "@ines psst", "visibility", "direct"));
    assertEquals(200, net.a().getWithToken("/api/v1/statuses/" + toIne.getString("id"), ines.token()).status());
    assertEquals(404, net.a().getWithToken("/api/v1/statuses/" + toIne.getString("id"), jack.token()).status());
    assertEquals("mention", notifications(net.a(), ines, "").getJsonObject(0).getString("type"));
  }

  @Test
  void anEditReachesTheOtherSideWithItsHistory() {
    Member kate = net.a().register("kate");
    Member liam = net.b().register("liam");
    String liamOnA = TwoInstancesTest.resolve(net.a(), kate, net.b(), "liam");
    follow(net.a(), kate, liamOnA);
    JsonObject original = posted(net.b(), liam, Map.of("status", "first draft", "language", "en"));
    String onA = arrived(net.a(), original.getString("uri"));
    // Kate shares it (as her instance would store her share) so that she hears of edits.
    net.a().sql("INSERT INTO statuses (uri, account_id, local, visibility, reblog_of_id) VALUES ($1, $2, true, 'public', $3)",
        net.a().base() + "/users/kate/statuses/share-" + onA, Long.parseLong(kate.id()), Long.parseLong(onA));

    Reply edited = net.b().send(HttpRequest.newBuilder(URI.create(net.b().base() + "/api/v1/statuses/"
            + original.getString("id"))).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject().put("status", "second draft #Edits")
            .put("spoiler_text", "careful").encode())), "Authorization", "Bearer " + liam.token());
    assertEquals(200, edited.status(), edited.body());
    assertNotNull(edited.json().getString("edited_at"));
    assertEquals("careful", edited.json().getString("spoiler_text"));
    assertTrue(edited.json().getBoolean("sensitive"));
    assertEquals("edits", edited.json().getJsonArray("tags").getJsonObject(0).getString("name"));

    Eventually.within10s("the edit reaches kate's instance", () -> net.a().getWithToken("/api/v1/statuses/" + onA,
        kate.token()).json().getString("content").contains("second draft"));
    JsonObject copy = net.a().getWithToken("/api/v1/statuses/" + onA, kate.token()).json();
    assertNotNull(copy.getString("edited_at"));
    assertEquals("careful", copy.getString("spoiler_text"));
    assertEquals("edits", copy.getJsonArray("tags").getJsonObject(0).getString("name"));
    JsonArray historyOnA = net.a().get("/api/v1/statuses/" + onA + "/history").array();
    JsonArray historyOnB = net.b().get("/api/v1/statuses/" + original.getString("id") + "/history").array();
    for (JsonArray history : List.of(historyOnA, historyOnB)) {
      assertEquals(2, history.size(), history.encode());
      assertTrue(history.getJsonObject(0).getString("content").contains("first draft"));
      assertTrue(history.getJsonObject(1).getString("content").contains("second draft"));
      assertEquals("careful", history.getJsonObject(1).getString("spoiler_text"));
    }
    Eventually.within10s("kate is told the post she shared was edited", () ->
        notifications(net.a(), kate, "?types[]=update").size() == 1);

    JsonObject source = net.b().getWithToken("/api/v1/statuses/" + original.getString("id") + "/source",
        liam.token()).json();
    assertEquals("second draft #Edits", source.getString("text"));
    assertEquals("careful", source.getString("spoiler_text"));

    // Someone else cannot edit it; an over-long edit changes nothing.
    Member mia = net.b().register("mia");
    assertEquals(404, put(net.b(), mia, original.getString("id"), "hijacked").status());
    assertEquals(422, put(net.b(), liam, original.getString("id"), "x".repeat(501)).status());
    assertEquals(2, net.b().get("/api/v1/statuses/" + original.getString("id") + "/history").array().size());
    assertTrue(net.b().get("/api/v1/statuses/" + original.getString("id")).json().getString("content")
        .contains("second draft"));

    // Deleting answers the redraft shape and the deletion reaches kate's instance.
    Reply deleted = net.b().send(HttpRequest.newBuilder(URI.create(net.b().base() + "/api/v1/statuses/"
        + original.getString("id"))).DELETE(), "Authorization", "Bearer " + liam.token());
    assertEquals(200, deleted.status());
    assertEquals("second draft #Edits", deleted.json().getString("text"));
    Eventually.within10s("the deletion reaches kate's instance", () ->
        net.a().getWithToken("/api/v1/statuses/" + onA, kate.token()).status() == 404);
    assertEquals(404, net.b().get("/api/v1/statuses/" + original.getString("id")).status());
  }

  static Reply put(TestInstance on, Member member, String id, String text) {
    return on.send(HttpRequest.newBuilder(URI.create(on.base() + "/api/v1/statuses/" + id))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString("status=" + java.net.URLEncoder.encode(text,
            java.nio.charset.StandardCharsets.UTF_8))), "Authorization", "Bearer " + member.token());
  }

  /** Deliveries to the fake remote whose object (or object id) is {@code uri}. */
  static List<FakeRemote.Received> delivered(String uri) {
    return remote.received().stream().filter(r -> {
      Object object = r.json().getValue("object");
      return object instanceof JsonObject o ? uri.equals(o.getString("id")) : uri.equals(object);
    }).filter(r -> "Create".equals(r.json().getString("type"))).collect(Collectors.toList());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
