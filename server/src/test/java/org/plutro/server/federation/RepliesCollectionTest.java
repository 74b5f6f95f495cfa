package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * The {@code replies} collection of a followers-only post, as GoToSocial walks it (a signed GET of
 * the Note, then of {@code ?page=true}): each server sees the collection only if it may see the
 * post, and in it only the replies it may fetch.
 */
class RepliesCollectionTest {
  static TestInstance plutro;
  static Member alice;
  static Member carol;
  static Member mallory;
  /** One server per remote actor: what a server may see follows from whom it holds. */
  static FakeRemote fanServer;
  static FakeRemote friendServer;
  static FakeRemote strangerServer;
  /** Follows alice and carol. */
  static FakeRemote.Actor fan;
  /** Follows alice only; alice's direct reply is addressed to them. */
  static FakeRemote.Actor friend;
  /** Follows nobody. */
  static FakeRemote.Actor stranger;
  static JsonObject post;
  static JsonObject publicReply;
  static JsonObject followersReply;
  static JsonObject directReply;
  static JsonObject blockedReply;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    fanServer = new FakeRemote();
    friendServer = new FakeRemote();
    strangerServer = new FakeRemote();
    alice = plutro.register("alice");
    carol = plutro.register("carol");
    mallory = plutro.register("mallory");
    fan = fanServer.actor("fan");
    friend = friendServer.actor("friend");
    stranger = strangerServer.actor("stranger");
    follow(fanServer, fan, "alice");
    follow(fanServer, fan, "carol");
    follow(friendServer, friend, "alice");
    for (Member member : new Member[] {carol, mallory}) {
      assertEquals(200, plutro.postForm("/api/v1/accounts/" + alice.id() + "/follow", Map.of(),
          "Authorization", "Bearer " + member.token()).status());
    }

    post = post(alice, Map.of("status", "for my followers", "visibility", "private"));
    String parent = post.getString("id");
    publicReply = post(alice, Map.of("status", "and everyone may read this", "visibility", "public",
        "in_reply_to_id", parent));
    followersReply = post(carol, Map.of("status", "my followers only", "visibility", "private",
        "in_reply_to_id", parent));
    directReply = post(alice, Map.of("status", "@friend@" + friendServer.authority() + " just you",
        "visibility", "direct", "in_reply_to_id", parent));
    blockedReply = post(mallory, Map.of("status", "a public reply alice will not want",
        "visibility", "public", "in_reply_to_id", parent));
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + mallory.id() + "/block", Map.of(),
        "Authorization", "Bearer " + alice.token()).status());
  }

  @AfterAll
  static void stop() {
    plutro.close();
    fanServer.close();
    friendServer.close();
    strangerServer.close();
  }

  static JsonObject post(Member author, Map<String, String> form) {
    Reply posted = plutro.postForm("/api/v1/statuses", form, "Authorization", "Bearer " + author.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json();
  }

  /** A remote actor following a member through a real signed Follow, accepted. */
  static void follow(FakeRemote server, FakeRemote.Actor actor, String username) {
    JsonObject follow = new JsonObject().put("id", actor.uri() + "/follows/" + UUID.randomUUID())
        .put("type", "Follow").put("actor", actor.uri()).put("object", plutro.base() + "/users/" + username);
    assertEquals(202, SignedPost.post(plutro, "/users/" + username + "/inbox", actor.signer(),
        follow.encode()).status());
    Eventually.within10s("the Accept reaches " + actor.username(), () -> server.received().stream()
        .anyMatch(r -> "Accept".equals(r.json().getString("type"))
            && follow.getString("id").equals(r.json().getJsonObject("object").getString("id"))));
  }

  static Reply signedGet(String url, FakeRemote.Actor signer) {
    return SignedPost.get(plutro, url, signer.signer());
  }

  static Set<String> uris(JsonArray items) {
    Set<String> uris = new TreeSet<>();
    items.forEach(item -> uris.add(item instanceof JsonObject o ? o.getString("id") : (String) item));
    return uris;
  }

  static Set<String> set(JsonObject... statuses) {
    Set<String> uris = new TreeSet<>();
    for (JsonObject status : statuses) {
      uris.add(status.getString("uri"));
    }
    return uris;
  }

  /** What a signer finds by walking the Note's replies as GoToSocial does: first page, then next. */
  static Set<String> walk(FakeRemote.Actor signer) {
    JsonObject note = signedGet(post.getString("uri"), signer).json();
    JsonObject replies = note.getJsonObject("replies");
    String next = replies.getJsonObject("first").getString("next");
    Set<String> found = new TreeSet<>();
    while (next != null) {
      Reply page = signedGet(next, signer);
      assertEquals(200, page.status(), next + ": " + page);
      found.addAll(uris(page.json().getJsonArray("items")));
      next = page.json().getString("next");
    }
    return found;
  }

  @Test
  void eachServerFindsTheRepliesItMayFetch() {
    assertEquals(set(publicReply, followersReply), walk(fan),
        "a follower of alice and carol: not the direct reply, nor the reply of whom alice blocks");
    assertEquals(set(publicReply, directReply), walk(friend),
        "alice's follower addressed by her direct reply: not carol's followers-only reply");
  }

  @Test
  void whatItListsItServes() {
    for (FakeRemote.Actor signer : new FakeRemote.Actor[] {fan, friend}) {
      for (String uri : walk(signer)) {
        assertEquals(200, signedGet(uri, signer).status(), uri + " listed to " + signer.uri());
      }
    }
  }

  @Test
  void whoMayNotSeeThePostFindsNoCollection() {
    String replies = post.getString("uri") + "/replies";
    for (String url : new String[] {replies, replies + "?page=true"}) {
      assertEquals(404, signedGet(url, stranger).status(), "a stranger's server: " + url);
      assertEquals(404, plutro.get(url, "Accept", "application/activity+json").status(), "unsigned: " + url);
    }
    assertEquals(404, signedGet(post.getString("uri"), stranger).status(), "as the post itself");
  }

  @Test
  void theCollectionIsShapedAsMastodonServesIt() {
    String id = post.getString("uri") + "/replies";
    JsonObject note = signedGet(post.getString("uri"), fan).json();
    assertEquals(id, note.getJsonObject("replies").getString("id"));
    assertEquals(id + "?page=true", note.getJsonObject("replies").getJsonObject("first").getString("next"));

    Reply collection = signedGet(id, fan);
    assertEquals(200, collection.status(), collection.body());
    assertTrue(collection.header("Content-Type").startsWith("application/activity+json"));
    assertEquals("private, no-store", collection.header("Cache-Control"));
    JsonObject body = collection.json();
    assertEquals(id, body.getString("id"));
    assertEquals("Collection", body.getString("type"));
    JsonObject first = body.getJsonObject("first");
    assertEquals("CollectionPage", first.getString("type"));
    assertEquals(id + "?page=true", first.getString("id"));
    assertEquals(id, first.getString("partOf"));
    assertEquals(set(publicReply, followersReply), uris(first.getJsonArray("items")));

    JsonObject page = signedGet(id + "?page=true", fan).json();
    assertTrue(page.containsKey("@context"));
    assertEquals(id + "?page=true", page.getString("id"));
    assertEquals("CollectionPage", page.getString("type"));
    assertEquals(id, page.getString("partOf"));
    assertNull(page.getString("next"), "one page holds them all");
  }

  @Test
  void aLongThreadIsPagedByCursor() {
    JsonObject open = post(alice, Map.of("status", "a public thread"));
    List<String> posted = new ArrayList<>();
    for (int i = 0; i < 41; i++) {
      posted.add(post(alice, Map.of("status", "part " + i, "in_reply_to_id", open.getString("id")))
          .getString("uri"));
    }
    String id = open.getString("uri") + "/replies";
    JsonObject first = plutro.get(id + "?page=true", "Accept", "application/activity+json").json();
    assertEquals(40, first.getJsonArray("items").size());
    assertEquals(posted.subList(0, 40), first.getJsonArray("items").getList(), "oldest first");
    String next = first.getString("next");
    assertTrue(next.startsWith(id + "?page=true&min_id="), next);
    JsonObject second = plutro.get(next, "Accept", "application/activity+json").json();
    assertEquals(next, second.getString("id"));
    assertEquals(List.of(posted.get(40)), second.getJsonArray("items").getList());
    assertFalse(second.containsKey("next"));
    assertTrue(walkUnsigned(open).containsAll(posted), "unsigned, a public post's public replies");
  }

  static Set<String> walkUnsigned(JsonObject status) {
    Set<String> found = new TreeSet<>();
    String next = status.getString("uri") + "/replies?page=true";
    while (next != null) {
      JsonObject page = plutro.get(next, "Accept", "application/activity+json").json();
      found.addAll(uris(page.getJsonArray("items")));
      next = page.getString("next");
    }
    return found;
  }
}
