package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Who may reply to and share a member's posts (GoToSocial's interactionPolicy): chosen in the
 * settings, fixed on each post as published, enforced for our members and for another server's,
 * whose refused interactions are answered with a Reject that withdraws them there.
 */
class InteractionPolicyTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static Reply post(TestInstance on, Member member, Map<String, String> form) {
    return on.postForm("/api/v1/statuses", form, "Authorization", "Bearer " + member.token());
  }

  static Reply reblog(TestInstance on, Member member, String statusId) {
    return on.postForm("/api/v1/statuses/" + statusId + "/reblog", Map.of(), "Authorization", "Bearer " + member.token());
  }

  static void follow(TestInstance on, Member member, String accountId) {
    assertEquals(200, on.postForm("/api/v1/accounts/" + accountId + "/follow", Map.of(),
        "Authorization", "Bearer " + member.token()).status());
  }

  static String found(TestInstance on, Member viewer, String uri) {
    Reply found = on.getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + URLEncoder.encode(uri, StandardCharsets.UTF_8), viewer.token());
    assertEquals(1, found.json().getJsonArray("statuses").size(), found.body());
    return found.json().getJsonArray("statuses").getJsonObject(0).getString("id");
  }

  @Test
  void repliesAndSharesFollowTheAuthorsChoiceHereAndOnAnotherServer() {
    Member alice = net.a().register("alice");
    Member mia = net.a().register("mia");
    Member fern = net.a().register("fern");
    Member carl = net.a().register("carl");
    Member bob = net.b().register("bob");
    Member dan = net.b().register("dan");
    follow(net.a(), fern, alice.id());
    String aliceOnB = TwoInstancesTest.resolve(net.b(), bob, net.a(), "alice");
    follow(net.b(), bob, aliceOnB);
    Eventually.within10s("bob follows alice", () ->
        net.a().get("/api/v1/accounts/" + alice.id()).json().getLong("followers_count") == 2L);
    String before = post(net.a(), alice, Map.of("status", "open to all")).json().getString("id");

    // The settings: bad values are refused and change nothing.
    Reply bad = DirectMessagePrivacyTest.settings(net.a(), alice, Map.of("replies_from", "friends", "shares_from", "nobody"));
    assertEquals(422, bad.status(), bad.body());
    assertTrue(bad.json().getJsonObject("details").containsKey("replies_from"));
    assertEquals("everyone", net.a().getWithToken("/api/v1/plutro/settings", alice.token()).json().getString("shares_from"));
    Reply set = DirectMessagePrivacyTest.settings(net.a(), alice, Map.of("replies_from", "followers", "shares_from", "nobody"));
    assertEquals(200, set.status(), set.body());
    assertEquals("followers", set.json().getString("replies_from"));

    Reply posted = post(net.a(), alice, Map.of("status", "@mia only friends answer this"));
    assertEquals(200, posted.status(), posted.body());
    JsonObject status = posted.json();
    String id = status.getString("id");
    JsonObject policy = status.getJsonObject("interaction_policy");
    assertEquals(new JsonArray().add("author").add("followers").add("mentioned"),
        policy.getJsonObject("can_reply").getJsonArray("automatic_approval"));
    assertEquals(new JsonArray().add("author"), policy.getJsonObject("can_reblog").getJsonArray("always"));
    assertEquals(new JsonArray().add("public"), policy.getJsonObject("can_favourite").getJsonArray("always"));

    // Published in the Note, as GoToSocial reads it.
    JsonObject note = net.a().get(status.getString("uri").substring(net.a().base().length()),
        "Accept", "application/activity+json").json();
    JsonObject published = note.getJsonObject("interactionPolicy");
    String aliceUri = net.a().base() + "/users/alice";
    assertEquals(new JsonArray().add(aliceUri).add(aliceUri + "/followers").add(net.a().base() + "/users/mia"),
        published.getJsonObject("canReply").getJsonArray("automaticApproval"));
    assertEquals(published.getJsonObject("canReply").getJsonArray("automaticApproval"),
        published.getJsonObject("canReply").getJsonArray("always"));
    assertEquals(new JsonArray().add(aliceUri), published.getJsonObject("canAnnounce").getJsonArray("always"));
    assertEquals(new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"),
        published.getJsonObject("canLike").getJsonArray("always"));
    assertTrue(note.getJsonArray("@context").encode().contains("https://gotosocial.org/ns#"));

    // Here: a stranger may neither reply nor share; a follower and the mentioned may reply.
    long stored = net.a().count("SELECT count(*) FROM statuses");
    Reply refused = post(net.a(), carl, Map.of("status", "let me in", "in_reply_to_id", id));
    assertEquals(403, refused.status(), refused.body());
    assertEquals(403, reblog(net.a(), carl, id).status());
    assertEquals(403, reblog(net.a(), fern, id).status(), "nobody but alice shares it");
    assertEquals(stored, net.a().count("SELECT count(*) FROM statuses"), "nothing was stored");
    assertEquals(200, post(net.a(), fern, Map.of("status", "a follower answers", "in_reply_to_id", id)).status());
    assertEquals(200, post(net.a(), mia, Map.of("status", "the mentioned answers", "in_reply_to_id", id)).status());
    assertEquals(200, reblog(net.a(), alice, id).status(), "the author may");
    // A post published before the change keeps the policy it was published with.
    assertEquals(200, post(net.a(), carl, Map.of("status", "still open", "in_reply_to_id", before)).status());
    assertEquals(200, reblog(net.a(), carl, before).status());

    // From b: bob, a follower, may reply, and gets an Accept his server can fetch back.
    String onB = found(net.b(), bob, status.getString("uri"));
    Reply bobsReply = post(net.b(), bob, Map.of("status", "bob follows, bob answers", "in_reply_to_id", onB));
    assertEquals(200, bobsReply.status(), bobsReply.body());
    String bobsUri = bobsReply.json().getString("uri");
    Eventually.within10s("alice's server keeps bob's reply", () ->
        net.a().count("SELECT count(*) FROM statuses WHERE uri = $1", bobsUri) == 1L);
    long approval = net.a().sql("SELECT id FROM interaction_approvals WHERE interaction_uri = $1", bobsUri)
        .iterator().next().getLong(0);
    JsonObject accept = net.a().get("/users/alice/approvals/" + approval, "Accept", "application/activity+json").json();
    assertEquals("Accept", accept.getString("type"));
    assertEquals(bobsUri, accept.getString("object"));
    assertEquals(status.getString("uri"), accept.getString("target"));
    assertEquals(404, net.a().get("/users/mia/approvals/" + approval, "Accept", "application/activity+json").status(),
        "only alice's own approvals are hers");

    // b holds alice's policy too, and holds its own members to it.
    String onBForDan = found(net.b(), dan, status.getString("uri"));
    assertEquals(policy.getJsonObject("can_reply"), net.b().getWithToken("/api/v1/statuses/" + onBForDan, dan.token())
        .json().getJsonObject("interaction_policy").getJsonObject("can_reply"));
    assertEquals(403, post(net.b(), dan, Map.of("status", "uninvited", "in_reply_to_id", onBForDan)).status());
    assertEquals(403, reblog(net.b(), dan, onBForDan).status());
    assertEquals(403, reblog(net.b(), bob, onB).status(), "only alice shares it");

    // A server that ignores policies (as b's copy now does): alice's server tells it no, and it
    // withdraws dan's reply and share.
    net.b().sql("UPDATE statuses SET replies_from = NULL, shares_from = NULL WHERE uri = $1", status.getString("uri"));
    Reply dansReply = post(net.b(), dan, Map.of("status", "uninvited", "in_reply_to_id", onBForDan));
    assertEquals(200, dansReply.status(), dansReply.body());
    assertEquals(200, reblog(net.b(), dan, onBForDan).status());
    Eventually.within10s("dan's reply and share are withdrawn on b", () ->
        net.b().getWithToken("/api/v1/statuses/" + dansReply.json().getString("id"), dan.token()).status() == 404
        && !net.b().getWithToken("/api/v1/statuses/" + onBForDan, dan.token()).json().getBoolean("reblogged"));
    assertEquals(0L, net.a().count("SELECT count(*) FROM statuses WHERE uri = $1", dansReply.json().getString("uri")),
        "alice's server never stored dan's reply");
    assertEquals(0L, net.a().count("SELECT count(*) FROM statuses s JOIN accounts x ON x.id = s.account_id"
        + " WHERE s.reblog_of_id = $1 AND x.domain IS NOT NULL", Long.parseLong(id)), "nor his share");
  }
}
