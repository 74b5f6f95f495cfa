package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.EventStream;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Each visibility (public, unlisted, followers-only, direct) against each viewer (anonymous, a
 * stranger, a follower, the mentioned member, a member the author blocks, and the servers of a
 * remote follower, a remote stranger and a remote actor the author blocks) on every surface that
 * shows posts: who sees what is exactly Mastodon's rule, everywhere.
 */
class VisibilityMatrixTest {
  static final List<String> VISIBILITIES = List.of("public", "unlisted", "private", "direct");
  static TestInstance plutro;
  static Member author;
  static Member stranger;
  static Member follower;
  static Member mentioned;
  static Member blocked;
  static FakeRemote remote;
  /** Another server, none of whose actors follows the author. */
  static FakeRemote elsewhere;
  /** A server whose whole domain the author blocks. */
  static FakeRemote blockedServer;
  static FakeRemote.Actor remoteFollower;
  static FakeRemote.Actor remoteStranger;
  static FakeRemote.Actor remoteBlocked;
  /** Visibility → the post (as the API answered its creation). */
  static final Map<String, JsonObject> POSTS = new LinkedHashMap<>();
  /** Visibility → a reply of that visibility to {@link #root}. */
  static final Map<String, JsonObject> REPLIES = new LinkedHashMap<>();
  static JsonObject root;
  /** Streams opened before anything was posted, by name. */
  static final Map<String, BlockingQueue<JsonObject>> STREAMS = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    elsewhere = new FakeRemote();
    blockedServer = new FakeRemote();
    author = plutro.register("vauthor");
    stranger = plutro.register("vstranger");
    follower = plutro.register("vfollower");
    mentioned = plutro.register("vmentioned");
    blocked = plutro.register("vblocked");
    for (Member member : new Member[] {follower, blocked}) {
      assertEquals(200, plutro.postForm("/api/v1/accounts/" + author.id() + "/follow", Map.of(),
          "Authorization", "Bearer " + member.token()).status());
    }
    remoteFollower = remote.actor("rfollower");
    remoteStranger = elsewhere.actor("rstranger");
    remoteBlocked = remote.actor("rblocked");
    remoteFollow(remoteFollower);
    remoteFollow(remoteBlocked);
    String remoteBlockedId = Long.toString(plutro.sql("SELECT id FROM accounts WHERE uri = $1",
        remoteBlocked.uri()).iterator().next().getLong(0));
    for (String target : new String[] {blocked.id(), remoteBlockedId}) {
      assertEquals(200, plutro.postForm("/api/v1/accounts/" + target + "/block", Map.of(),
          "Authorization", "Bearer " + author.token()).status());
    }
    assertEquals(200, plutro.postForm("/api/v1/domain_blocks", Map.of("domain", blockedServer.authority()),
        "Authorization", "Bearer " + author.token()).status());
    STREAMS.put("follower:user", EventStream.open(plutro, "/api/v1/streaming/user", follower.token()));
    STREAMS.put("stranger:user", EventStream.open(plutro, "/api/v1/streaming/user", stranger.token()));
    STREAMS.put("blocked:user", EventStream.open(plutro, "/api/v1/streaming/user", blocked.token()));
    STREAMS.put("blocked:public", EventStream.open(plutro, "/api/v1/streaming/public", blocked.token()));
    STREAMS.put("anonymous:public", EventStream.open(plutro, "/api/v1/streaming/public", null));
    STREAMS.put("anonymous:hashtag", EventStream.open(plutro, "/api/v1/streaming/hashtag?tag=matrixtag", null));
    STREAMS.put("mentioned:notification", EventStream.open(plutro, "/api/v1/streaming/user/notification",
        mentioned.token()));
    STREAMS.put("mentioned:direct", EventStream.open(plutro, "/api/v1/streaming/direct", mentioned.token()));
    STREAMS.put("stranger:direct", EventStream.open(plutro, "/api/v1/streaming/direct", stranger.token()));
    Thread.sleep(300);
    for (String visibility : VISIBILITIES) {
      POSTS.put(visibility, post(Map.of("status", "@vmentioned " + visibility + " matrixword #matrixtag",
          "visibility", visibility)));
    }
    root = post(Map.of("status", "a thread to answer"));
    for (String visibility : VISIBILITIES) {
      REPLIES.put(visibility, post(Map.of("status", "@vmentioned a " + visibility + " answer",
          "visibility", visibility, "in_reply_to_id", root.getString("id"))));
    }
  }

  static JsonObject post(Map<String, String> form) {
    Reply posted = plutro.postForm("/api/v1/statuses", form, "Authorization", "Bearer " + author.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json();
  }

  /** A remote actor following the author through a real signed Follow, accepted. */
  static void remoteFollow(FakeRemote.Actor actor) {
    JsonObject follow = new JsonObject().put("id", actor.uri() + "/follows/" + UUID.randomUUID())
        .put("type", "Follow").put("actor", actor.uri()).put("object", plutro.base() + "/users/vauthor");
    assertEquals(202, SignedPost.post(plutro, "/users/vauthor/inbox", actor.signer(), follow.encode()).status());
    Eventually.within10s("the Accept reaches " + actor.username(), () -> remote.received().stream()
        .anyMatch(r -> "Accept".equals(r.json().getString("type"))
            && follow.getString("id").equals(r.json().getJsonObject("object").getString("id"))));
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
    elsewhere.close();
    blockedServer.close();
  }

  /** Which visibilities a list of statuses holds (of the matrix's posts). */
  static Set<String> shown(JsonArray statuses) {
    Set<String> found = new TreeSet<>();
    statuses.forEach(item -> POSTS.forEach((visibility, post) -> {
      if (post.getString("id").equals(((JsonObject) item).getString("id"))) {
        found.add(visibility);
      }
    }));
    return found;
  }

  static Set<String> each(Function<JsonObject, Boolean> visible) {
    return each(POSTS, visible);
  }

  static Set<String> each(Map<String, JsonObject> posts, Function<JsonObject, Boolean> visible) {
    Set<String> found = new TreeSet<>();
    posts.forEach((visibility, post) -> {
      if (visible.apply(post)) {
        found.add(visibility);
      }
    });
    return found;
  }

  static Set<String> set(String... visibilities) {
    return new TreeSet<>(List.of(visibilities));
  }

  static Reply get(String path, Member viewer) {
    return viewer == null ? plutro.get(path) : plutro.getWithToken(path, viewer.token());
  }

  @Test
  void statusGetsFollowMastodonsRule() {
    Function<Member, Set<String>> statusGet = viewer -> each(post ->
        get("/api/v1/statuses/" + post.getString("id"), viewer).status() == 200);
    assertEquals(set("public", "unlisted"), statusGet.apply(null), "anonymous");
    assertEquals(set("public", "unlisted"), statusGet.apply(stranger), "a stranger");
    assertEquals(set("public", "unlisted", "private"), statusGet.apply(follower), "a follower");
    assertEquals(set("public", "unlisted", "private", "direct"), statusGet.apply(mentioned), "mentioned");
    assertEquals(set(), statusGet.apply(blocked), "a member the author blocks (the block ended the follow)");
  }

  @Test
  void aThreadShowsEachViewerTheRepliesTheyMaySee() {
    Function<Member, Set<String>> descendants = viewer -> {
      JsonArray found = get("/api/v1/statuses/" + root.getString("id") + "/context", viewer).json()
          .getJsonArray("descendants");
      return each(REPLIES, reply -> found.stream().anyMatch(item ->
          reply.getString("id").equals(((JsonObject) item).getString("id"))));
    };
    assertEquals(set("public", "unlisted"), descendants.apply(null), "anonymous");
    assertEquals(set("public", "unlisted"), descendants.apply(stranger), "a stranger");
    assertEquals(set("public", "unlisted", "private"), descendants.apply(follower), "a follower");
    assertEquals(set("public", "unlisted", "private", "direct"), descendants.apply(mentioned), "mentioned");
    assertEquals(404, get("/api/v1/statuses/" + root.getString("id") + "/context", blocked).status(),
        "the blocked member cannot open the thread");
    // Its count says what anyone may see, as Mastodon's: the public and unlisted replies.
    for (Member viewer : new Member[] {null, stranger, follower, mentioned}) {
      assertEquals(2, get("/api/v1/statuses/" + root.getString("id"), viewer).json()
          .getInteger("replies_count"), viewer == null ? "anonymous" : viewer.username());
    }
  }

  @Test
  void notificationsAndConversationsReachOnlyTheAddressed() {
    Function<Member, Set<String>> mentions = viewer -> {
      JsonArray found = get("/api/v1/notifications?types[]=mention", viewer).array();
      return each(post -> found.stream().anyMatch(item -> post.getString("id")
          .equals(((JsonObject) item).getJsonObject("status").getString("id"))));
    };
    assertEquals(set("public", "unlisted", "private", "direct"), mentions.apply(mentioned));
    for (Member viewer : new Member[] {stranger, follower, blocked}) {
      assertEquals(set(), mentions.apply(viewer));
    }
    Function<Member, Set<String>> conversations = viewer -> {
      JsonArray found = get("/api/v1/conversations", viewer).array();
      return each(post -> found.stream().anyMatch(item -> post.getString("id")
          .equals(((JsonObject) item).getJsonObject("last_status").getString("id"))));
    };
    assertEquals(set("direct"), conversations.apply(mentioned));
    for (Member viewer : new Member[] {stranger, follower, blocked}) {
      assertEquals(set(), conversations.apply(viewer));
    }
  }

  /** Which matrix posts a stream carried as {@code event} (payload a Status, or a Conversation's last one). */
  static Set<String> streamed(String stream, String event) {
    Set<String> found = new TreeSet<>();
    for (JsonObject item : STREAMS.get(stream)) {
      if (!event.equals(item.getString("event"))) {
        continue;
      }
      JsonObject payload = new JsonObject(item.getString("data"));
      JsonObject status = payload.containsKey("last_status") ? payload.getJsonObject("last_status")
          : payload.containsKey("status") ? payload.getJsonObject("status") : payload;
      POSTS.forEach((visibility, post) -> {
        if (post.getString("id").equals(status.getString("id"))) {
          found.add(visibility);
        }
      });
    }
    return found;
  }

  @Test
  void streamsCarryEachPostOnlyToWhomMaySeeIt() {
    Eventually.within10s("the follower's home stream has the three posts it may see", () ->
        streamed("follower:user", "update").size() == 3);
    Eventually.within10s("the mentioned member's direct stream has the message", () ->
        streamed("mentioned:direct", "conversation").size() == 1);
    Eventually.within10s("the mentioned member is notified of the four", () ->
        streamed("mentioned:notification", "notification").size() == 4);
    Eventually.within10s("the public streams have the public post", () ->
        streamed("anonymous:public", "update").size() == 1 && streamed("anonymous:hashtag", "update").size() == 1);
    settle();
    assertEquals(set("public", "unlisted", "private"), streamed("follower:user", "update"));
    assertEquals(set("direct"), streamed("mentioned:direct", "conversation"));
    assertEquals(set("public", "unlisted", "private", "direct"), streamed("mentioned:notification", "notification"));
    assertEquals(set("public"), streamed("anonymous:public", "update"));
    assertEquals(set("public"), streamed("anonymous:hashtag", "update"));
    assertEquals(set(), streamed("stranger:user", "update"));
    assertEquals(set(), streamed("stranger:direct", "conversation"));
    assertEquals(set(), streamed("blocked:user", "update"), "the block ended the follow");
    assertEquals(set(), streamed("blocked:public", "update"), "not even the public post");
  }

  @Test
  void remoteServersReceiveAndFetchOnlyWhatTheirActorsMaySee() {
    Eventually.within10s("the remote follower's server has the three posts it may have", () ->
        each(post -> !created(post).isEmpty()).size() == 3);
    settle();
    assertEquals(set("public", "unlisted", "private"), each(post -> !created(post).isEmpty()),
        "delivered to the remote follower's server; the direct post to no server");
    JsonObject privateCreate = created(POSTS.get("private")).get(0).json();
    for (JsonObject addressed : new JsonObject[] {privateCreate, privateCreate.getJsonObject("object")}) {
      String audience = addressed.getJsonArray("to").encode() + addressed.getJsonArray("cc").encode();
      assertTrue(!audience.contains("#Public"), "a followers-only post is never addressed to Public");
    }

    Function<FakeRemote.Actor, Set<String>> signedGet = signer -> each(post ->
        SignedPost.get(plutro, post.getString("uri"), signer.signer()).status() == 200);
    assertEquals(set("public", "unlisted", "private"), signedGet.apply(remoteFollower), "a remote follower's server");
    assertEquals(set("public", "unlisted"), signedGet.apply(remoteStranger), "a remote stranger's server");
    assertEquals(set(), signedGet.apply(remoteBlocked), "an actor the author blocks");
    assertEquals(set(), signedGet.apply(blockedServer.actor("anyone")), "a server whose domain the author blocks");
  }

  /** Time for anything that should not arrive to arrive, before asserting it did not. */
  static void settle() {
    try {
      Thread.sleep(700);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Creates of {@code post} the fake remote server received. */
  static List<FakeRemote.Received> created(JsonObject post) {
    return remote.received().stream().filter(r -> "Create".equals(r.json().getString("type"))
        && post.getString("uri").equals(r.json().getJsonObject("object").getString("id"))).toList();
  }

  @Test
  void theAuthorsProfileShowsWhatEachViewerMaySee() {
    Function<Member, Set<String>> profile = viewer ->
        shown(get("/api/v1/accounts/" + author.id() + "/statuses", viewer).array());
    assertEquals(set("public", "unlisted"), profile.apply(null));
    assertEquals(set("public", "unlisted"), profile.apply(stranger));
    assertEquals(set("public", "unlisted", "private"), profile.apply(follower));
    assertEquals(set("public", "unlisted", "private", "direct"), profile.apply(mentioned),
        "as Mastodon: posts that mention the viewer too");
    assertEquals(set("public", "unlisted", "private", "direct"),
        shown(get("/api/v1/accounts/" + author.id() + "/statuses", author).array()), "the author");
  }

  @Test
  void timelinesAndSearchShowOnlyWhatBelongsThere() {
    assertEquals(set("public", "unlisted", "private"),
        shown(get("/api/v1/timelines/home", follower).array()), "a follower's home");
    assertEquals(set(), shown(get("/api/v1/timelines/home", mentioned).array()),
        "mentions do not make a home timeline; direct ones are conversations");
    for (Member viewer : new Member[] {null, stranger, follower, mentioned}) {
      assertEquals(set("public"), shown(get("/api/v1/timelines/public", viewer).array()));
      assertEquals(set("public"), shown(get("/api/v1/timelines/tag/matrixtag", viewer).array()));
    }
    assertEquals(set(), shown(get("/api/v1/timelines/public", blocked).array()), "not to whom the author blocks");
    assertEquals(set(), shown(get("/api/v1/timelines/tag/matrixtag", blocked).array()));
    assertEquals(set(), shown(get("/api/v1/timelines/home", blocked).array()));
    for (Member viewer : new Member[] {stranger, follower, mentioned}) {
      assertEquals(set("public"), shown(get("/api/v2/search?type=statuses&q=matrixword", viewer)
          .json().getJsonArray("statuses")), "full-text search finds public posts only");
    }
  }

  @Test
  void serversAndVisitorsWithoutSignatureSeeOnlyPublicAndUnlisted() {
    assertEquals(set("public", "unlisted"), each(post -> plutro.get(path(post.getString("uri")),
        "Accept", "application/activity+json").status() == 200), "ActivityPub GET, unsigned");
    assertEquals(set("public", "unlisted"), each(post -> plutro.get(path(post.getString("url")),
        "Accept", "text/html").status() == 200), "visitors' pages");
    String feed = plutro.get("/@vauthor.atom").body();
    assertEquals(set("public"), each(post -> feed.contains(post.getString("url"))), "the Atom feed");
    String outbox = plutro.get("/users/vauthor/outbox?page=1", "Accept", "application/activity+json").body();
    assertEquals(set("public", "unlisted"), each(post -> outbox.contains(post.getString("uri"))),
        "the outbox");
  }

  static String path(String url) {
    return url.substring(plutro.base().length());
  }
}
