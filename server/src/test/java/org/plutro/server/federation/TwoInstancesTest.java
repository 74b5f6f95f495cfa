package org.plutro.server.federation;

import org.plutro.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/** Two real Plutro instances on loopback, each with its own database, federating. */
class TwoInstancesTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  /** The id that {@code on} uses for {@code member} of {@code home}, resolved like an app does. */
  static String resolve(TestInstance on, Member viewer, TestInstance home, String username) {
    Reply found = on.getWithToken("/api/v2/search?resolve=true&type=accounts&q="
        + URLEncoder.encode("@" + username + "@" + home.authority(), StandardCharsets.UTF_8),
        viewer.token());
    assertEquals(200, found.status(), found.body());
    JsonArray accounts = found.json().getJsonArray("accounts");
    assertEquals(1, accounts.size(), found.body());
    JsonObject account = accounts.getJsonObject(0);
    assertEquals(username + "@" + home.authority(), account.getString("acct"));
    return account.getString("id");
  }

  static JsonObject relationship(TestInstance on, Member member, String otherId) {
    return on.getWithToken("/api/v1/accounts/relationships?id[]=" + otherId, member.token())
        .array().getJsonObject(0);
  }

  static long count(TestInstance on, String accountId, String field) {
    return on.get("/api/v1/accounts/" + accountId).json().getLong(field);
  }

  @Test
  void followAcceptPostDeleteAndUnfollowAcrossInstances() {
    Member alice = net.a().register("alice");
    Member bob = net.b().register("bob");
    String bobOnA = resolve(net.a(), alice, net.b(), "bob");

    Reply follow = net.a().postForm("/api/v1/accounts/" + bobOnA + "/follow", Map.of(),
        "Authorization", "Bearer " + alice.token());
    assertEquals(200, follow.status(), follow.body());
    Eventually.within10s("bob's server accepts and alice's sees it",
        () -> relationship(net.a(), alice, bobOnA).getBoolean("following"));
    assertEquals(1L, count(net.b(), bob.id(), "followers_count"));
    JsonArray bobsFollowers = net.b().get("/api/v1/accounts/" + bob.id() + "/followers").array();
    assertEquals("alice@" + net.a().authority(), bobsFollowers.getJsonObject(0).getString("acct"));
    String aliceOnB = bobsFollowers.getJsonObject(0).getString("id");
    assertTrue(relationship(net.b(), bob, aliceOnB).getBoolean("followed_by"));

    // Bob posts; it reaches alice's instance.
    Reply posted = net.b().postForm("/api/v1/statuses", Map.of("status", "Hello <fediverse> & friends",
        "visibility", "public"), "Authorization", "Bearer " + bob.token());
    assertEquals(200, posted.status(), posted.body());
    JsonObject status = posted.json();
    assertEquals("<p>Hello &lt;fediverse&gt; &amp; friends</p>", status.getString("content"));
    Eventually.within10s("the post arrives on alice's instance",
        () -> net.a().get("/api/v1/accounts/" + bobOnA + "/statuses").array().size() == 1);
    JsonObject copy = net.a().get("/api/v1/accounts/" + bobOnA + "/statuses").array().getJsonObject(0);
    assertEquals(status.getString("uri"), copy.getString("uri"));
    assertEquals(status.getString("content"), copy.getString("content"));
    assertEquals("public", copy.getString("visibility"));
    assertEquals(1L, count(net.a(), bobOnA, "statuses_count"));

    // Its url is a page for visitors and the Note for servers.
    Reply page = net.b().get(status.getString("url"), "Accept", "text/html");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("Hello &lt;fediverse&gt; &amp; friends"), page.body());
    assertTrue(page.body().contains("property=\"og:type\" content=\"article\""));
    assertEquals(status.getString("uri"),
        net.b().get(status.getString("url"), "Accept", "application/activity+json").json().getString("id"));

    // The Note and its activity are fetchable at their ids.
    JsonObject note = net.b().get(status.getString("uri"), "Accept", "application/activity+json").json();
    assertEquals("Note", note.getString("type"));
    assertEquals(bob.actorUri(), note.getString("attributedTo"));

    // Bob deletes it; alice's copy goes, and the URL answers 410 with a Tombstone.
    assertEquals(200, net.b().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(net.b().base() + "/api/v1/statuses/" + status.getString("id"))).DELETE(),
        "Authorization", "Bearer " + bob.token()).status());
    Eventually.within10s("the deletion reaches alice's instance",
        () -> net.a().get("/api/v1/accounts/" + bobOnA + "/statuses").array().isEmpty());
    assertEquals(404, net.b().get(status.getString("url"), "Accept", "text/html").status());
    Reply gone = net.b().get(status.getString("uri"), "Accept", "application/activity+json");
    assertEquals(410, gone.status());
    assertEquals("Tombstone", gone.json().getString("type"));

    // Alice unfollows; bob's instance forgets the follow.
    assertEquals(200, net.a().postForm("/api/v1/accounts/" + bobOnA + "/unfollow", Map.of(),
        "Authorization", "Bearer " + alice.token()).status());
    assertFalse(relationship(net.a(), alice, bobOnA).getBoolean("following"));
    Eventually.within10s("bob loses his follower", () -> count(net.b(), bob.id(), "followers_count") == 0);
  }

  @Test
  void aLockedAccountApprovesOneRequestAndRejectsAnother() {
    Member carol = net.b().register("carol");
    lock(net.b(), "carol");
    Member dave = net.a().register("dave");
    Member erin = net.a().register("erin");
    String carolOnA = resolve(net.a(), dave, net.b(), "carol");

    net.a().postForm("/api/v1/accounts/" + carolOnA + "/follow", Map.of(), "Authorization", "Bearer " + dave.token());
    net.a().postForm("/api/v1/accounts/" + carolOnA + "/follow", Map.of(), "Authorization", "Bearer " + erin.token());
    assertTrue(relationship(net.a(), dave, carolOnA).getBoolean("requested"));
    Eventually.within10s("both requests reach carol", () ->
        net.b().getWithToken("/api/v1/follow_requests", carol.token()).array().size() == 2);
    JsonArray requests = net.b().getWithToken("/api/v1/follow_requests", carol.token()).array();
    String daveOnB = idOf(requests, "dave@" + net.a().authority());
    String erinOnB = idOf(requests, "erin@" + net.a().authority());

    Reply approve = net.b().postForm("/api/v1/follow_requests/" + daveOnB + "/authorize", Map.of(),
        "Authorization", "Bearer " + carol.token());
    assertEquals(200, approve.status(), approve.body());
    assertTrue(approve.json().getBoolean("followed_by"));
    Reply reject = net.b().postForm("/api/v1/follow_requests/" + erinOnB + "/reject", Map.of(),
        "Authorization", "Bearer " + carol.token());
    assertEquals(200, reject.status(), reject.body());
    assertFalse(reject.json().getBoolean("requested_by"));

    Eventually.within10s("dave is now following", () -> relationship(net.a(), dave, carolOnA).getBoolean("following"));
    Eventually.within10s("erin's request is gone", () -> {
      JsonObject r = relationship(net.a(), erin, carolOnA);
      return !r.getBoolean("requested") && !r.getBoolean("following");
    });
    assertEquals(1L, count(net.b(), carol.id(), "followers_count"));
    assertEquals(404, net.b().postForm("/api/v1/follow_requests/" + erinOnB + "/authorize", Map.of(),
        "Authorization", "Bearer " + carol.token()).status(), "a rejected request is gone");
  }

  @Test
  void localFollowsNeedNoHttpAndRespectLocks() {
    Member frank = net.a().register("frank");
    Member grace = net.a().register("grace");
    Reply follow = net.a().postForm("/api/v1/accounts/" + grace.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + frank.token());
    assertTrue(follow.json().getBoolean("following"), "unlocked local accounts are followed at once");
    assertEquals(1L, count(net.a(), grace.id(), "followers_count"));
    assertEquals(403, net.a().postForm("/api/v1/accounts/" + frank.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + frank.token()).status(), "not yourself");
    assertEquals(404, net.a().postForm("/api/v1/accounts/999999/follow", Map.of(),
        "Authorization", "Bearer " + frank.token()).status());
  }

  @Test
  void followersOnlyPostsReachFollowersButAreNotPublic() {
    Member henry = net.b().register("henry");
    Member iris = net.a().register("iris");
    String henryOnA = resolve(net.a(), iris, net.b(), "henry");
    net.a().postForm("/api/v1/accounts/" + henryOnA + "/follow", Map.of(), "Authorization", "Bearer " + iris.token());
    Eventually.within10s("following", () -> relationship(net.a(), iris, henryOnA).getBoolean("following"));
    JsonObject post = net.b().postForm("/api/v1/statuses", Map.of("status", "for followers",
        "visibility", "private"), "Authorization", "Bearer " + henry.token()).json();
    assertEquals("private", post.getString("visibility"));
    Eventually.within10s("delivered to the follower's instance", () ->
        net.a().getWithToken("/api/v1/accounts/" + henryOnA + "/statuses", iris.token()).array().size() == 1);
    assertEquals(0, net.a().get("/api/v1/accounts/" + henryOnA + "/statuses").array().size(),
        "anonymous viewers do not see it");
    assertEquals(0, net.b().get("/api/v1/accounts/" + henry.id() + "/statuses").array().size());
    assertEquals(404, net.b().get("/api/v1/statuses/" + post.getString("id")).status());
    assertEquals(404, net.b().get(post.getString("uri"), "Accept", "application/activity+json").status());
    assertEquals(404, net.b().get(post.getString("url"), "Accept", "text/html").status());
  }

  private static void lock(TestInstance instance, String username) {
    try {
      ServerInternals.pool(instance.server())
          .query("UPDATE accounts SET locked = true WHERE username = '" + username + "' AND domain IS NULL")
          .execute().toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String idOf(JsonArray accounts, String acct) {
    for (int i = 0; i < accounts.size(); i++) {
      if (acct.equals(accounts.getJsonObject(i).getString("acct"))) {
        return accounts.getJsonObject(i).getString("id");
      }
    }
    throw new AssertionError(acct + " not in " + accounts.encode());
  }
}
