package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

/**
 * Polls across two Plutros: a poll goes out as a Question, a remote member's vote comes back as a
 * named Note and is counted (never shown as a post), the new counts go out as an Update; local
 * votes, and everything a vote or a poll may get wrong.
 */
class PollsTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static Reply vote(TestInstance on, Member member, String pollId, String... choices) {
    JsonArray array = new JsonArray();
    for (String choice : choices) {
      array.add(choice);
    }
    return on.postJson("/api/v1/polls/" + pollId + "/votes", new JsonObject().put("choices", array),
        "Authorization", "Bearer " + member.token());
  }

  /** The Updates of a poll's counts waiting or being sent. */
  static long countsUpdates(String statusId) {
    return net.a().count("SELECT count(*) FROM jobs WHERE kind = 'poll.counts' AND payload ->> 'subject' = $1",
        statusId);
  }

  @Test
  void aPollIsVotedOnHereAndFromAnotherServer() {
    Member alice = net.a().register("alice");
    Member carol = net.a().register("carol");
    Member bob = net.b().register("bob");
    String aliceOnB = TwoInstancesTest.resolve(net.b(), bob, net.a(), "alice");
    assertEquals(200, net.b().postForm("/api/v1/accounts/" + aliceOnB + "/follow", Map.of(),
        "Authorization", "Bearer " + bob.token()).status());
    Eventually.within10s("bob follows alice", () ->
        net.a().get("/api/v1/accounts/" + alice.id()).json().getLong("followers_count") == 1L);

    Reply posted = net.a().postJson("/api/v1/statuses", new JsonObject().put("status", "Tea or coffee?")
        .put("poll", new JsonObject().put("options", new JsonArray().add("tea").add("coffee"))
            .put("expires_in", 3600)), "Authorization", "Bearer " + alice.token());
    assertEquals(200, posted.status(), posted.body());
    JsonObject poll = posted.json().getJsonObject("poll");
    assertEquals("tea", poll.getJsonArray("options").getJsonObject(0).getString("title"));
    assertEquals(false, poll.getBoolean("expired"));
    assertEquals(0, poll.getInteger("votes_count"));
    String pollId = poll.getString("id");
    JsonObject question = net.a().get(posted.json().getString("uri").substring(net.a().base().length()),
        "Accept", "application/activity+json").json();
    assertEquals("Question", question.getString("type"));
    assertEquals("coffee", question.getJsonArray("oneOf").getJsonObject(1).getString("name"));

    // Bob's server holds the poll; his vote goes to alice's server and is counted there.
    Eventually.within10s("the poll reaches bob", () -> net.b().getWithToken("/api/v1/timelines/home", bob.token())
        .array().stream().anyMatch(s -> ((JsonObject) s).getValue("poll") != null));
    JsonObject copy = net.b().getWithToken("/api/v1/timelines/home", bob.token()).array().getJsonObject(0);
    String remotePollId = copy.getJsonObject("poll").getString("id");
    Reply voted = vote(net.b(), bob, remotePollId, "1");
    assertEquals(200, voted.status(), voted.body());
    assertEquals(true, voted.json().getBoolean("voted"));
    assertEquals(new JsonArray().add(1), voted.json().getJsonArray("own_votes"));
    Eventually.within10s("alice's server counts bob's vote", () -> net.a().getWithToken("/api/v1/polls/" + pollId,
        alice.token()).json().getJsonArray("options").getJsonObject(1).getInteger("votes_count") == 1);
    assertEquals(1L, net.a().count("SELECT count(*) FROM statuses WHERE account_id = $1",
        Long.parseLong(alice.id())), "the vote is no post");
    Eventually.within10s("the new counts reach bob's server", () -> net.b().getWithToken("/api/v1/polls/"
        + remotePollId, bob.token()).json().getInteger("voters_count") == 1);

    // A local vote; and what cannot be voted.
    assertEquals(200, vote(net.a(), carol, pollId, "0").status());
    assertEquals(422, vote(net.a(), carol, pollId, "1").status(), "already voted");
    assertEquals(422, vote(net.a(), alice, pollId, "0").status(), "not in one's own poll");
    Member dan = net.a().register("dan");
    assertEquals(422, vote(net.a(), dan, pollId, "7").status());
    assertEquals(422, vote(net.a(), dan, pollId, "0", "1").status(), "one choice only");
    assertEquals(422, vote(net.a(), dan, pollId).status());
    assertEquals(404, vote(net.a(), dan, "99999").status());
    JsonObject tally = net.a().getWithToken("/api/v1/polls/" + pollId, dan.token()).json();
    assertEquals(2, tally.getInteger("votes_count"));
    assertEquals(false, tally.getBoolean("voted"));
    // Votes in quick succession share one Update, which carries them all. The voters exist and
    // carol's Update is gone before they vote; the gathering Update is held until both votes are
    // in (a busy machine may take longer between two votes than the few seconds it waits).
    Member fern = net.a().register("fern");
    Member gil = net.a().register("gil");
    String statusId = posted.json().getString("id");
    Eventually.within10s("carol's vote is sent", () -> countsUpdates(statusId) == 0);
    assertEquals(200, vote(net.a(), fern, pollId, "1").status());
    net.a().sql("UPDATE jobs SET run_at = now() + interval '1 hour' WHERE kind = 'poll.counts'"
        + " AND payload ->> 'subject' = $1", statusId);
    assertEquals(200, vote(net.a(), gil, pollId, "1").status());
    assertEquals(1L, countsUpdates(statusId), "one Update waits for both votes");
    net.a().sql("UPDATE jobs SET run_at = now() WHERE kind = 'poll.counts'");
    Eventually.within10s("the gathered counts reach bob's server", () -> net.b().getWithToken("/api/v1/polls/"
        + remotePollId, bob.token()).json().getInteger("voters_count") == 4);

    // When it ends, its author and the members who voted are told (made due now, as time would).
    net.a().sql("UPDATE polls SET expires_at = now() - interval '1 second' WHERE id = $1", Long.parseLong(pollId));
    net.a().sql("UPDATE jobs SET run_at = now() WHERE kind = 'poll.ended'");
    Eventually.within10s("alice and carol hear that the poll ended", () -> net.a().getWithToken(
        "/api/v1/notifications?types[]=poll", alice.token()).array().size() == 1
        && net.a().getWithToken("/api/v1/notifications?types[]=poll", carol.token()).array().size() == 1);
    assertEquals(0, net.a().getWithToken("/api/v1/notifications?types[]=poll", dan.token()).array().size(),
        "dan did not vote");
    assertEquals(true, net.a().getWithToken("/api/v1/polls/" + pollId, carol.token()).json().getBoolean("expired"));
    assertEquals(422, vote(net.a(), dan, pollId, "0").status(), "too late");
  }

  @Test
  void badPollsAreRefusedAndStoreNothing() {
    Member eve = net.a().register("eve");
    long before = net.a().count("SELECT count(*) FROM statuses");
    for (JsonObject bad : new JsonObject[] {
        new JsonObject().put("options", new JsonArray().add("only")).put("expires_in", 3600),
        new JsonObject().put("options", new JsonArray().add("1").add("2").add("3").add("4").add("5")).put("expires_in", 3600),
        new JsonObject().put("options", new JsonArray().add("a").add("b")).put("expires_in", 10),
        new JsonObject().put("options", new JsonArray().add("a").add("a")).put("expires_in", 3600),
        new JsonObject().put("options", new JsonArray().add("a").add("x".repeat(51))).put("expires_in", 3600)}) {
      Reply refused = net.a().postJson("/api/v1/statuses", new JsonObject().put("status", "poll?").put("poll", bad),
          "Authorization", "Bearer " + eve.token());
      assertEquals(422, refused.status(), bad.encode() + " " + refused.body());
    }
    assertEquals(before, net.a().count("SELECT count(*) FROM statuses"));
    // Form parameters work too; hidden totals stay hidden from others until the poll ends.
    Reply form = net.a().postRaw("/api/v1/statuses", "application/x-www-form-urlencoded",
        ("status=secret+ballot&poll%5Boptions%5D%5B%5D=yes&poll%5Boptions%5D%5B%5D=no"
            + "&poll%5Bexpires_in%5D=600&poll%5Bhide_totals%5D=true").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "Authorization", "Bearer " + eve.token());
    assertEquals(200, form.status(), form.body());
    String id = form.json().getJsonObject("poll").getString("id");
    assertEquals(0, form.json().getJsonObject("poll").getJsonArray("options").getJsonObject(0)
        .getInteger("votes_count"), "the author sees the counts");
    Member fay = net.a().register("fay");
    assertNull(net.a().getWithToken("/api/v1/polls/" + id, fay.token()).json().getJsonArray("options")
        .getJsonObject(0).getValue("votes_count"), "others do not, yet");
    assertEquals(404, net.a().getWithToken("/api/v1/polls/123", eve.token()).status());
  }
}
