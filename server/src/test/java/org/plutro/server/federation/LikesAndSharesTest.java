package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/** Likes, shares, bookmarks and pins between two real Plutro instances. */
class LikesAndSharesTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static JsonObject post(TestInstance on, Member author, String text, String visibility) {
    Reply posted = on.postForm("/api/v1/statuses", Map.of("status", text, "visibility", visibility),
        "Authorization", "Bearer " + author.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json();
  }

  static Reply act(TestInstance on, Member member, String statusId, String action) {
    return on.postForm("/api/v1/statuses/" + statusId + "/" + action, Map.of(),
        "Authorization", "Bearer " + member.token());
  }

  static void follow(TestInstance on, Member follower, String targetId) {
    assertEquals(200, on.postForm("/api/v1/accounts/" + targetId + "/follow", Map.of(),
        "Authorization", "Bearer " + follower.token()).status());
    Eventually.within10s("the follow is accepted", () -> TwoInstancesTest
        .relationship(on, follower, targetId).getBoolean("following"));
  }

  /** The id {@code on} gives to the status with this uri, once it has arrived there. */
  static String idOn(TestInstance on, Member viewer, String uri) {
    Eventually.within10s("the post arrives", () -> on.count(
        "SELECT count(*) FROM statuses WHERE uri = $1", uri) == 1);
    return Long.toString(on.sql("SELECT id FROM statuses WHERE uri = $1", uri).iterator().next().getLong(0));
  }

  static JsonObject status(TestInstance on, String id, Member viewer) {
    Reply reply = viewer == null ? on.get("/api/v1/statuses/" + id)
        : on.getWithToken("/api/v1/statuses/" + id, viewer.token());
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  @Test
  void likesAndSharesAreCountedOnTheAuthorsInstanceAndUndoneThere() {
    Member bob = net.b().register("bob");
    Member alice = net.a().register("alice");
    String bobOnA = TwoInstancesTest.resolve(net.a(), alice, net.b(), "bob");
    follow(net.a(), alice, bobOnA);
    JsonObject original = post(net.b(), bob, "A post worth sharing", "public");
    String onA = idOn(net.a(), alice, original.getString("uri"));

    JsonObject liked = act(net.a(), alice, onA, "favourite").json();
    assertTrue(liked.getBoolean("favourited"));
    assertEquals(1L, liked.getLong("favourites_count"));
    assertEquals(200, act(net.a(), alice, onA, "favourite").status(), "a second like changes nothing");
    assertEquals(1L, net.a().count("SELECT count(*) FROM favourites WHERE status_id = $1", Long.parseLong(onA)));

    Reply shared = act(net.a(), alice, onA, "reblog");
    assertEquals(200, shared.status(), shared.body());
    JsonObject reblog = shared.json();
    assertEquals(onA, reblog.getJsonObject("reblog").getString("id"));
    assertTrue(reblog.getJsonObject("reblog").getBoolean("reblogged"));
    assertEquals(1L, reblog.getJsonObject("reblog").getLong("reblogs_count"));
    assertEquals(reblog.getString("id"), act(net.a(), alice, onA, "reblog").json().getString("id"),
        "sharing twice answers the same share");

    // The Announce is addressed as Mastodon's: to Public, cc the author and the sharer's followers.
    JsonObject announce = new JsonObject(net.a().sql("SELECT body FROM outbound_activities WHERE uri = $1",
        reblog.getString("uri")).iterator().next().getString(0));
    assertEquals("Announce", announce.getString("type"));
    assertEquals(original.getString("uri"), announce.getString("object"));
    assertEquals(new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"), announce.getJsonArray("to"));
    assertEquals(new JsonArray().add(bob.actorUri()).add(alice.actorUri() + "/followers"),
        announce.getJsonArray("cc"));

    Eventually.within10s("bob's instance counts the like and the share", () -> {
      JsonObject there = status(net.b(), original.getString("id"), null);
      return there.getLong("favourites_count") == 1 && there.getLong("reblogs_count") == 1;
    });
    JsonArray likers = net.b().get("/api/v1/statuses/" + original.getString("id") + "/favourited_by").array();
    assertEquals("alice@" + net.a().authority(), likers.getJsonObject(0).getString("acct"));
    JsonArray sharers = net.b().get("/api/v1/statuses/" + original.getString("id") + "/reblogged_by").array();
    assertEquals("alice@" + net.a().authority(), sharers.getJsonObject(0).getString("acct"));

    // Undone on alice's side; the Undo reaches bob's instance.
    JsonObject unliked = act(net.a(), alice, onA, "unfavourite").json();
    assertFalse(unliked.getBoolean("favourited"));
    assertEquals(0L, unliked.getLong("favourites_count"));
    JsonObject unshared = act(net.a(), alice, onA, "unreblog").json();
    assertEquals(onA, unshared.getString("id"));
    assertFalse(unshared.getBoolean("reblogged"));
    assertEquals(0L, unshared.getLong("reblogs_count"));
    Eventually.within10s("bob's instance forgets the like and the share", () -> {
      JsonObject there = status(net.b(), original.getString("id"), null);
      return there.getLong("favourites_count") == 0 && there.getLong("reblogs_count") == 0;
    });
    assertEquals(0, net.b().get("/api/v1/statuses/" + original.getString("id") + "/favourited_by").array().size());
    assertEquals(0, net.b().get("/api/v1/statuses/" + original.getString("id") + "/reblogged_by").array().size());
  }

  @Test
  void aShareOfAPostWeNeverSawIsFetchedFromItsOriginAndReachesHome() {
    Member carol = net.b().register("carol");
    Member dave = net.b().register("dave");
    Member erin = net.a().register("erin");
    String daveOnA = TwoInstancesTest.resolve(net.a(), erin, net.b(), "dave");
    follow(net.a(), erin, daveOnA);
    JsonObject original = post(net.b(), carol, "Nobody on the other side follows me", "public");
    assertEquals(200, act(net.b(), dave, original.getString("id"), "reblog").status());
    assertEquals(1L, status(net.b(), original.getString("id"), null).getLong("reblogs_count"));

    Eventually.within10s("the share, and the post it shares, reach erin's home", () -> {
      JsonArray home = net.a().getWithToken("/api/v1/timelines/home", erin.token()).array();
      return home.size() == 1 && home.getJsonObject(0).getJsonObject("reblog") != null;
    });
    JsonObject share = net.a().getWithToken("/api/v1/timelines/home", erin.token()).array().getJsonObject(0);
    assertEquals("dave@" + net.b().authority(), share.getJsonObject("account").getString("acct"));
    JsonObject shared = share.getJsonObject("reblog");
    assertEquals(original.getString("uri"), shared.getString("uri"));
    assertEquals("carol@" + net.b().authority(), shared.getJsonObject("account").getString("acct"));
    assertEquals(original.getString("content"), shared.getString("content"));

    // Dave stops sharing: the share leaves erin's home.
    assertEquals(200, act(net.b(), dave, original.getString("id"), "unreblog").status());
    Eventually.within10s("the undo reaches erin's instance", () ->
        net.a().getWithToken("/api/v1/timelines/home", erin.token()).array().isEmpty());
  }

  @Test
  void aLocalMemberLikesAndSharesARemoteMembersPostTheOtherWay() {
    Member frank = net.a().register("frank");
    Member gina = net.b().register("gina");
    String frankOnB = TwoInstancesTest.resolve(net.b(), gina, net.a(), "frank");
    follow(net.b(), gina, frankOnB);
    JsonObject post = post(net.a(), frank, "From instance A", "public");
    String onB = idOn(net.b(), gina, post.getString("uri"));
    assertEquals(200, act(net.b(), gina, onB, "favourite").status());
    assertEquals(200, act(net.b(), gina, onB, "reblog").status());
    Eventually.within10s("frank's instance counts them", () -> {
      JsonObject there = status(net.a(), post.getString("id"), frank);
      return there.getLong("favourites_count") == 1 && there.getLong("reblogs_count") == 1;
    });
  }

  @Test
  void bookmarksAreListedAndPrivate() {
    Member hal = net.a().register("hal");
    Member ivy = net.a().register("ivy");
    JsonObject post = post(net.a(), hal, "Keep this one", "public");
    JsonObject marked = act(net.a(), ivy, post.getString("id"), "bookmark").json();
    assertTrue(marked.getBoolean("bookmarked"));
    assertFalse(status(net.a(), post.getString("id"), hal).getBoolean("bookmarked"), "only for ivy");
    JsonArray bookmarks = net.a().getWithToken("/api/v1/bookmarks", ivy.token()).array();
    assertEquals(1, bookmarks.size());
    assertEquals(post.getString("id"), bookmarks.getJsonObject(0).getString("id"));
    assertEquals(0, net.a().count("SELECT count(*) FROM outbound_activities WHERE body LIKE '%Bookmark%'"));
    assertFalse(act(net.a(), ivy, post.getString("id"), "unbookmark").json().getBoolean("bookmarked"));
    assertEquals(0, net.a().getWithToken("/api/v1/bookmarks", ivy.token()).array().size());
    assertEquals(401, net.a().get("/api/v1/bookmarks").status());
  }

  @Test
  void pinsShowInTheFeaturedCollectionUpToFive() {
    Member jo = net.a().register("jo");
    Member kai = net.a().register("kai");
    String[] ids = new String[6];
    for (int i = 0; i < 6; i++) {
      ids[i] = post(net.a(), jo, "Pinned candidate " + i, i == 5 ? "private" : "public").getString("id");
    }
    JsonObject pinned = act(net.a(), jo, ids[0], "pin").json();
    assertTrue(pinned.getBoolean("pinned"));
    assertEquals(200, act(net.a(), jo, ids[0], "pin").status(), "pinning again changes nothing");
    Reply notMine = act(net.a(), kai, ids[1], "pin");
    assertEquals(422, notMine.status());
    assertEquals("Validation failed: Someone else's post cannot be pinned", notMine.json().getString("error"));
    for (int i = 1; i < 5; i++) {
      assertEquals(200, act(net.a(), jo, ids[i], "pin").status());
    }
    Reply sixth = act(net.a(), jo, ids[5], "pin");
    assertEquals(422, sixth.status(), sixth.body());
    assertEquals("Validation failed: You have already pinned the maximum number of posts",
        sixth.json().getString("error"));
    assertEquals(5, net.a().count("SELECT count(*) FROM status_pins p JOIN accounts a ON a.id = p.account_id"
        + " WHERE a.username = 'jo'"));

    JsonObject featured = net.a().get("/users/jo/collections/featured", "Accept", "application/activity+json").json();
    assertEquals(5, featured.getInteger("totalItems"));
    assertEquals("Note", featured.getJsonArray("orderedItems").getJsonObject(0).getString("type"));
    assertEquals(net.a().sql("SELECT uri FROM statuses WHERE id = $1", Long.parseLong(ids[4])).iterator().next()
        .getString(0), featured.getJsonArray("orderedItems").getJsonObject(0).getString("id"),
        "the latest pin comes first");
    assertEquals(5, net.a().get("/api/v1/accounts/" + jo.id() + "/statuses?pinned=true").array().size());

    assertFalse(act(net.a(), jo, ids[0], "unpin").json().getBoolean("pinned"));
    assertEquals(4, net.a().get("/users/jo/collections/featured").json().getInteger("totalItems"));
  }

  @Test
  void badRequestsAreRefusedAndStoreNothing() {
    Member lou = net.a().register("lou");
    Member max = net.a().register("max");
    JsonObject hidden = post(net.a(), lou, "followers only", "private");
    long favourites = net.a().count("SELECT count(*) FROM favourites");
    long bookmarks = net.a().count("SELECT count(*) FROM bookmarks");

    assertEquals(404, act(net.a(), max, hidden.getString("id"), "favourite").status(), "not visible to max");
    assertEquals(404, act(net.a(), max, hidden.getString("id"), "reblog").status());
    assertEquals(404, act(net.a(), max, hidden.getString("id"), "bookmark").status());
    assertEquals(404, act(net.a(), max, "999999999", "favourite").status());
    assertEquals(404, act(net.a(), max, "not-a-number", "favourite").status());
    assertEquals(401, net.a().postForm("/api/v1/statuses/" + hidden.getString("id") + "/favourite", Map.of()).status());

    JsonObject visible = post(net.a(), lou, "public one", "public");
    long before = net.a().count("SELECT count(*) FROM statuses");
    Reply bogus = net.a().postForm("/api/v1/statuses/" + visible.getString("id") + "/reblog",
        Map.of("visibility", "everyone"), "Authorization", "Bearer " + max.token());
    assertEquals(422, bogus.status(), bogus.body());
    assertEquals(before, net.a().count("SELECT count(*) FROM statuses"), "no share was stored");
    assertEquals(favourites, net.a().count("SELECT count(*) FROM favourites"));
    assertEquals(bookmarks, net.a().count("SELECT count(*) FROM bookmarks"));

    // Lou may share her own followers-only post (to the same followers); nobody else may.
    JsonObject own = act(net.a(), lou, hidden.getString("id"), "reblog").json();
    assertEquals("private", own.getString("visibility"));

    Reply unknownTag = net.a().postForm("/api/v1/tags/not%20a%20tag!/follow", Map.of(),
        "Authorization", "Bearer " + max.token());
    assertEquals(404, unknownTag.status());
    assertEquals(0, net.a().count("SELECT count(*) FROM tag_follows"));
    assertNull(status(net.a(), visible.getString("id"), max).getJsonObject("reblog"));
    assertNotNull(status(net.a(), visible.getString("id"), max).getString("id"));
  }
}
