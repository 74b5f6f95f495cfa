package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/** Blocks (federated), mutes and member domain blocks, between two real Plutros. */
class SafetyToolsTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static Reply act(TestInstance on, Member member, String accountId, String action,
      Map<String, String> form) {
    return on.postForm("/api/v1/accounts/" + accountId + "/" + action, form,
        "Authorization", "Bearer " + member.token());
  }

  static JsonObject acted(TestInstance on, Member member, String accountId, String action) {
    Reply reply = act(on, member, accountId, action, Map.of());
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  static String body(TestInstance on, String path, Member member) {
    Reply reply = on.getWithToken(path, member.token());
    assertEquals(200, reply.status(), reply.body());
    return reply.body();
  }

  /** Waits until {@code from} delivered everything and {@code on} processed it. */
  static void settled(TestInstance from, TestInstance on) {
    Eventually.within10s("everything is delivered", () ->
        from.count("SELECT count(*) FROM deliveries WHERE state = 'queued'") == 0);
    settled(on);
  }

  /** Waits until {@code on} has processed every activity it was sent. */
  static void settled(TestInstance on) {
    Eventually.within10s("the inbox is processed", () ->
        on.count("SELECT count(*) FROM jobs WHERE kind = 'inbox'") == 0);
  }

  @Test
  void aBlockIsFederatedRemovesFollowsAndDropsTheBlockedDeliveries() {
    Member alice = net.a().register("alice");
    Member bob = net.b().register("bob");
    String bobOnA = TwoInstancesTest.resolve(net.a(), alice, net.b(), "bob");
    String aliceOnB = TwoInstancesTest.resolve(net.b(), bob, net.a(), "alice");
    PostsAcrossInstancesTest.follow(net.a(), alice, bobOnA);
    PostsAcrossInstancesTest.follow(net.b(), bob, aliceOnB);

    JsonObject relationship = acted(net.a(), alice, bobOnA, "block");
    assertTrue(relationship.getBoolean("blocking"));
    assertFalse(relationship.getBoolean("following"));
    assertFalse(relationship.getBoolean("followed_by"));
    assertEquals(0L, net.a().count("SELECT count(*) FROM follows WHERE (account_id = $1 AND target_account_id = $2)"
        + " OR (account_id = $2 AND target_account_id = $1)", Long.parseLong(alice.id()), Long.parseLong(bobOnA)));
    Eventually.within10s("bob's server hears of the block", () ->
        TwoInstancesTest.relationship(net.b(), bob, aliceOnB).getBoolean("blocked_by"));
    JsonObject onB = TwoInstancesTest.relationship(net.b(), bob, aliceOnB);
    assertFalse(onB.getBoolean("following"));
    assertFalse(onB.getBoolean("followed_by"));
    JsonArray blocks = new JsonArray(body(net.a(), "/api/v1/blocks", alice));
    assertEquals(1, blocks.size());
    assertEquals(bobOnA, blocks.getJsonObject(0).getString("id"));
    assertNotNull(net.a().get("/api/v1/blocks").status() == 401 ? "" : null);

    // What bob sends her now is dropped: a message is not stored, a mention does not notify.
    JsonObject dm = ConversationsTest.dm(net.b(), bob, "@alice@" + net.a().authority() + " let me in");
    JsonObject mention = PostsAcrossInstancesTest.posted(net.b(), bob, Map.of("status",
        "@alice@" + net.a().authority() + " hello #blocked"));
    PostsAcrossInstancesTest.arrived(net.a(), mention.getString("uri"));
    settled(net.b(), net.a());
    assertEquals(0L, net.a().count("SELECT count(*) FROM statuses WHERE uri = $1", dm.getString("uri")));
    assertEquals(0, ConversationsTest.conversations(net.a(), alice).size());
    assertEquals(0, PostsAcrossInstancesTest.notifications(net.a(), alice, "").size());
    assertFalse(body(net.a(), "/api/v1/timelines/public", alice).contains(mention.getString("uri")));
    assertTrue(net.a().get("/api/v1/timelines/public").body().contains(mention.getString("uri")),
        "others still see it");
    assertFalse(body(net.a(), "/api/v1/timelines/tag/blocked", alice).contains(mention.getString("uri")));

    // Unblock: Undo(Block) reaches bob's server.
    JsonObject unblocked = acted(net.a(), alice, bobOnA, "unblock");
    assertFalse(unblocked.getBoolean("blocking"));
    Eventually.within10s("bob's server hears of the unblock", () ->
        !TwoInstancesTest.relationship(net.b(), bob, aliceOnB).getBoolean("blocked_by"));
    assertEquals(0, new JsonArray(body(net.a(), "/api/v1/blocks", alice)).size());
    assertTrue(body(net.a(), "/api/v1/timelines/public", alice).contains(mention.getString("uri")));

    // Unknown accounts are 404 and change nothing.
    assertEquals(404, act(net.a(), alice, "999999", "block", Map.of()).status());
    assertEquals(404, act(net.a(), alice, "nope", "mute", Map.of()).status());
    assertEquals(422, act(net.a(), alice, alice.id(), "block", Map.of()).status());
    assertEquals(0L, net.a().count("SELECT count(*) FROM blocks WHERE account_id = $1", Long.parseLong(alice.id())));
  }

  @Test
  void aMuteHidesPostsAndOptionallyNotificationsUntilItEnds() {
    Member dan = net.a().register("dan");
    Member eve = net.a().register("eve");
    PostsAcrossInstancesTest.follow(net.a(), dan, eve.id());
    JsonObject post = PostsAcrossInstancesTest.posted(net.a(), eve, Map.of("status", "eve speaks #mutes"));
    assertTrue(body(net.a(), "/api/v1/timelines/home", dan).contains(post.getString("uri")));

    // Bad durations change nothing.
    assertEquals(422, act(net.a(), dan, eve.id(), "mute", Map.of("duration", "soon")).status());
    assertEquals(422, act(net.a(), dan, eve.id(), "mute", Map.of("duration", "-5")).status());
    assertFalse(TwoInstancesTest.relationship(net.a(), dan, eve.id()).getBoolean("muting"));

    Member fox = net.a().register("fox");
    PostsAcrossInstancesTest.follow(net.a(), dan, fox.id());
    Reply shared = net.a().postForm("/api/v1/statuses/" + post.getString("id") + "/reblog", Map.of(),
        "Authorization", "Bearer " + fox.token());
    assertEquals(200, shared.status(), shared.body());
    String share = shared.json().getString("id");
    assertTrue(body(net.a(), "/api/v1/timelines/home", dan).contains("\"id\":\"" + share + "\""));

    Reply muted = act(net.a(), dan, eve.id(), "mute", Map.of("notifications", "false"));
    assertEquals(200, muted.status(), muted.body());
    assertTrue(muted.json().getBoolean("muting"));
    assertFalse(muted.json().getBoolean("muting_notifications"));
    assertTrue(muted.json().getBoolean("following"), "a mute keeps the follow");
    for (String path : new String[] {"/api/v1/timelines/home", "/api/v1/timelines/public",
        "/api/v1/timelines/tag/mutes"}) {
      assertFalse(body(net.a(), path, dan).contains(post.getString("uri")), path);
    }
    assertFalse(body(net.a(), "/api/v1/timelines/home", dan).contains("\"id\":\"" + share + "\""),
        "a share of her post is hidden too");
    // Her mention still notifies (notifications=false), her message's conversation is hidden.
    ConversationsTest.dm(net.a(), eve, "@dan psst");
    assertEquals(1, PostsAcrossInstancesTest.notifications(net.a(), dan, "").size());
    assertEquals(0, ConversationsTest.conversations(net.a(), dan).size());

    Reply withNotifications = act(net.a(), dan, eve.id(), "mute", Map.of("duration", "3600"));
    assertTrue(withNotifications.json().getBoolean("muting_notifications"));
    assertEquals(0, PostsAcrossInstancesTest.notifications(net.a(), dan, "").size());
    JsonObject listed = new JsonArray(body(net.a(), "/api/v1/mutes", dan)).getJsonObject(0);
    assertEquals(eve.id(), listed.getString("id"));
    assertTrue(listed.getString("mute_expires_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
        listed.getString("mute_expires_at"));

    // An ended mute hides nothing.
    net.a().sql("UPDATE mutes SET expires_at = now() - interval '1 second'");
    assertFalse(TwoInstancesTest.relationship(net.a(), dan, eve.id()).getBoolean("muting"));
    assertTrue(body(net.a(), "/api/v1/timelines/home", dan).contains(post.getString("uri")));
    assertEquals(0, new JsonArray(body(net.a(), "/api/v1/mutes", dan)).size());
    act(net.a(), dan, eve.id(), "mute", Map.of());
    JsonObject unmuted = acted(net.a(), dan, eve.id(), "unmute");
    assertFalse(unmuted.getBoolean("muting"));
    assertTrue(body(net.a(), "/api/v1/timelines/home", dan).contains(post.getString("uri")));
    assertEquals(1, ConversationsTest.conversations(net.a(), dan).size());
  }

  @Test
  void aMemberBlocksAWholeDomain() {
    Member fred = net.a().register("fred");
    Member gina = net.b().register("gina");
    String ginaOnA = TwoInstancesTest.resolve(net.a(), fred, net.b(), "gina");
    String fredOnB = TwoInstancesTest.resolve(net.b(), gina, net.a(), "fred");
    PostsAcrossInstancesTest.follow(net.b(), gina, fredOnB);
    PostsAcrossInstancesTest.follow(net.a(), fred, ginaOnA);
    JsonObject post = PostsAcrossInstancesTest.posted(net.b(), gina, Map.of("status", "from the other side"));
    PostsAcrossInstancesTest.arrived(net.a(), post.getString("uri"));
    assertTrue(body(net.a(), "/api/v1/timelines/public", fred).contains(post.getString("uri")));

    for (String bad : new String[] {"", "not a domain", "exa mple.org", net.a().authority()}) {
      Reply refused = net.a().postForm("/api/v1/domain_blocks", Map.of("domain", bad),
          "Authorization", "Bearer " + fred.token());
      assertEquals(422, refused.status(), bad + ": " + refused.body());
    }
    assertEquals(0L, net.a().count("SELECT count(*) FROM account_domain_blocks"));

    Reply blocked = net.a().postForm("/api/v1/domain_blocks", Map.of("domain", net.b().authority().toUpperCase()),
        "Authorization", "Bearer " + fred.token());
    assertEquals(200, blocked.status(), blocked.body());
    assertEquals(new JsonArray().add(net.b().authority()), new JsonArray(body(net.a(), "/api/v1/domain_blocks", fred)));
    assertTrue(TwoInstancesTest.relationship(net.a(), fred, ginaOnA).getBoolean("domain_blocking"));
    assertFalse(TwoInstancesTest.relationship(net.a(), fred, ginaOnA).getBoolean("followed_by"),
        "her follow is removed");
    assertFalse(body(net.a(), "/api/v1/timelines/public", fred).contains(post.getString("uri")));
    JsonObject dm = ConversationsTest.dm(net.b(), gina, "@fred@" + net.a().authority() + " hi");
    settled(net.b(), net.a());
    assertEquals(0L, net.a().count("SELECT count(*) FROM statuses WHERE uri = $1", dm.getString("uri")));

    Reply removed = net.a().send(HttpRequest.newBuilder(URI.create(net.a().base() + "/api/v1/domain_blocks"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .method("DELETE", HttpRequest.BodyPublishers.ofString("domain="
            + URLEncoder.encode(net.b().authority(), StandardCharsets.UTF_8))),
        "Authorization", "Bearer " + fred.token());
    assertEquals(200, removed.status(), removed.body());
    assertEquals(new JsonArray(), new JsonArray(body(net.a(), "/api/v1/domain_blocks", fred)));
    // As JSON, and with the domain in the query, as clients send it.
    assertEquals(200, net.a().postJson("/api/v1/domain_blocks", new JsonObject().put("domain", net.b().authority()),
        "Authorization", "Bearer " + fred.token()).status());
    assertEquals(1, new JsonArray(body(net.a(), "/api/v1/domain_blocks", fred)).size());
    assertEquals(200, net.a().send(HttpRequest.newBuilder(URI.create(net.a().base() + "/api/v1/domain_blocks?domain="
        + URLEncoder.encode(net.b().authority(), StandardCharsets.UTF_8))).DELETE(),
        "Authorization", "Bearer " + fred.token()).status());
    assertEquals(new JsonArray(), new JsonArray(body(net.a(), "/api/v1/domain_blocks", fred)));
    assertTrue(body(net.a(), "/api/v1/timelines/public", fred).contains(post.getString("uri")));
  }
}
