package org.plutro.server.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Home timelines read from the members' feeds (written by the database as posts, follows and
 * followed tags change) for the last two weeks, and from the follows themselves further back:
 * pages that straddle the two read as one timeline.
 */
class HomeFeedTest {
  static final long DAY = 86_400_000L;
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static List<String> home(Member member, String query) {
    Reply reply = plutro.getWithToken("/api/v1/timelines/home" + query, member.token());
    assertEquals(200, reply.status(), reply.body());
    List<String> ids = new ArrayList<>();
    reply.array().forEach(s -> ids.add(((JsonObject) s).getString("id")));
    return ids;
  }

  static String post(Member member, String text) {
    Reply posted = plutro.postForm("/api/v1/statuses", Map.of("status", text),
        "Authorization", "Bearer " + member.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json().getString("id");
  }

  /** A post made {@code daysAgo} days ago (its id says when), as an old import would leave it. */
  static String oldPost(Member author, int daysAgo, int n) {
    long id = ((System.currentTimeMillis() - daysAgo * DAY) << 16) + n;
    plutro.sql("INSERT INTO statuses (id, uri, account_id, local, content, visibility, to_uris,"
        + " created_at) VALUES ($1, $2, $3, true, '<p>old</p>', 'public',"
        + " '{https://www.w3.org/ns/activitystreams#Public}', now() - make_interval(days => $4))",
        id, author.actorUri() + "/statuses/old" + id, Long.parseLong(author.id()), daysAgo);
    return Long.toString(id);
  }

  static void act(Member member, String path) {
    assertEquals(200, plutro.postForm(path, Map.of(), "Authorization", "Bearer " + member.token()).status());
  }

  @Test
  void followingReadsOneTimelineAcrossTheFeedsHorizonAndUnfollowingEmptiesIt() {
    Member pia = plutro.register("pia");
    Member quin = plutro.register("quin");
    String o1 = oldPost(quin, 40, 1);
    String o2 = oldPost(quin, 30, 2);
    String o3 = oldPost(quin, 20, 3);
    String n1 = post(quin, "one");
    act(pia, "/api/v1/accounts/" + quin.id() + "/follow");
    String n2 = post(quin, "two");
    String n3 = post(quin, "three");
    assertEquals(3L, plutro.count("SELECT count(*) FROM home_feed WHERE account_id = $1",
        Long.parseLong(pia.id())), "the recent posts, backfilled on follow and added on posting");

    assertEquals(List.of(n3, n2, n1, o3, o2), home(pia, "?limit=5"), "newest first, across the horizon");
    assertEquals(List.of(o1), home(pia, "?max_id=" + o2));
    assertEquals(List.of(n1, o3, o2), home(pia, "?min_id=" + o1 + "&limit=3"), "walking forward");
    assertEquals(List.of(o3), home(pia, "?min_id=" + o2 + "&limit=1"));
    assertEquals(List.of(n3, n2), home(pia, "?since_id=" + n1));

    assertEquals(200, plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
        plutro.base() + "/api/v1/statuses/" + n2)).DELETE(), "Authorization", "Bearer " + quin.token())
        .status());
    assertEquals(List.of(n3, n1, o3, o2, o1), home(pia, ""), "a deleted post leaves every home");

    act(pia, "/api/v1/accounts/" + quin.id() + "/unfollow");
    assertEquals(List.of(), home(pia, ""));
    assertEquals(0L, plutro.count("SELECT count(*) FROM home_feed WHERE account_id = $1",
        Long.parseLong(pia.id())));
    String own = post(pia, "mine");
    assertEquals(List.of(own), home(pia, ""), "one's own posts are home too");
  }

  @Test
  void aFollowedTagBringsItsPublicPostsHomeUntilUnfollowed() {
    Member rae = plutro.register("rae");
    Member sol = plutro.register("sol");
    String before = post(sol, "early #feedtopic");
    post(sol, "unrelated");
    assertEquals(List.of(), home(rae, ""));
    act(rae, "/api/v1/tags/feedtopic/follow");
    String after = post(sol, "later #FeedTopic");
    Reply hidden = plutro.postForm("/api/v1/statuses", Map.of("status", "quiet #feedtopic",
        "visibility", "unlisted"), "Authorization", "Bearer " + sol.token());
    assertEquals(200, hidden.status());
    assertEquals(List.of(after, before), home(rae, ""), "public posts only, old ones backfilled");

    // Followed both ways, a post stays when the tag is unfollowed.
    act(rae, "/api/v1/accounts/" + sol.id() + "/follow");
    act(rae, "/api/v1/tags/feedtopic/unfollow");
    assertEquals(4, home(rae, "").size(), "all four of sol's posts, the tagged ones included");
    act(rae, "/api/v1/accounts/" + sol.id() + "/unfollow");
    assertEquals(List.of(), home(rae, ""));
  }

  /**
   * Who may quote a post, as each viewer is told ({@code quote_approval.current_user}), the same
   * on a home page and by id: a post that lets followers quote it says so to its author's
   * followers only; one open to everyone, to everyone; one closed, to its author only.
   */
  @Test
  void aPostTellsEachViewerWhetherTheyMayQuoteIt() {
    Member tess = plutro.register("tess");
    Member follower = plutro.register("tessfollower");
    Member stranger = plutro.register("tessstranger");
    act(follower, "/api/v1/accounts/" + tess.id() + "/follow");
    String followersOnly = quotable(tess, "followers");
    String open = quotable(tess, "public");
    String closed = quotable(tess, "nobody");

    Map<String, String> onHome = new java.util.HashMap<>();
    Reply page = plutro.getWithToken("/api/v1/timelines/home", follower.token());
    assertEquals(200, page.status(), page.body());
    page.array().forEach(s -> onHome.put(((JsonObject) s).getString("id"), currentUser((JsonObject) s)));
    assertEquals(Map.of(followersOnly, "automatic", open, "automatic", closed, "denied"), onHome);
    for (String id : List.of(followersOnly, open, closed)) {
      assertEquals(onHome.get(id), currentUser(status(id, follower)), "by id, as on the page");
      assertEquals("automatic", currentUser(status(id, tess)), "its author may");
    }
    assertEquals("denied", currentUser(status(followersOnly, stranger)));
    assertEquals("automatic", currentUser(status(open, stranger)));
    assertEquals("denied", currentUser(status(closed, stranger)));
  }

  static String quotable(Member author, String policy) {
    Reply posted = plutro.postForm("/api/v1/statuses", Map.of("status", "quote me? " + policy,
        "quote_approval_policy", policy), "Authorization", "Bearer " + author.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json().getString("id");
  }

  static JsonObject status(String id, Member viewer) {
    Reply reply = plutro.getWithToken("/api/v1/statuses/" + id, viewer.token());
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  static String currentUser(JsonObject status) {
    return status.getJsonObject("quote_approval").getString("current_user");
  }

  /**
   * The feed hides, for the one viewer: accounts they block, accounts that block them, accounts
   * they mute (until the mute expires), accounts of domains they block, and shares of any of
   * these; each shows again once undone. The hidden accounts are gathered once per page.
   */
  @Test
  void theFeedHidesBlockedBlockingMutedAndDomainBlockedAuthorsAndTheirShares() {
    Member vic = plutro.register("vic");
    Member blocked = plutro.register("blockedbyvic");
    Member blocking = plutro.register("blocksvic");
    Member muted = plutro.register("mutedbyvic");
    Member far = plutro.register("farauthor");
    Member sharer = plutro.register("sharer");
    for (Member author : List.of(blocked, blocking, muted, far, sharer)) {
      act(vic, "/api/v1/accounts/" + author.id() + "/follow");
    }
    String fromBlocked = post(blocked, "from the blocked");
    String fromBlocking = post(blocking, "from one who blocks");
    String fromMuted = post(muted, "from the muted");
    String fromFar = post(far, "from a blocked domain");
    String own = post(sharer, "the sharer's own");
    String share = plutro.postForm("/api/v1/statuses/" + fromBlocked + "/reblog", Map.of(),
        "Authorization", "Bearer " + sharer.token()).json().getString("id");
    List<String> all = List.of(share, own, fromFar, fromMuted, fromBlocking, fromBlocked);
    assertEquals(all, home(vic, "?limit=10"));

    long viewer = Long.parseLong(vic.id());
    // A local account stands in for a remote one: its domain is what a domain block matches.
    plutro.sql("UPDATE accounts SET domain = 'far.example' WHERE id = $1", Long.parseLong(far.id()));
    plutro.sql("INSERT INTO account_domain_blocks (account_id, domain) VALUES ($1, 'far.example')", viewer);
    plutro.sql("INSERT INTO blocks (account_id, target_account_id) VALUES ($1, $2)", viewer,
        Long.parseLong(blocked.id()));
    plutro.sql("INSERT INTO blocks (account_id, target_account_id) VALUES ($1, $2)",
        Long.parseLong(blocking.id()), viewer);
    plutro.sql("INSERT INTO mutes (account_id, target_account_id) VALUES ($1, $2)", viewer,
        Long.parseLong(muted.id()));
    assertEquals(List.of(own), home(vic, "?limit=10"), "the share of a blocked author's post is hidden too");

    plutro.sql("UPDATE mutes SET expires_at = now() - interval '1 second' WHERE account_id = $1", viewer);
    plutro.sql("DELETE FROM account_domain_blocks WHERE account_id = $1", viewer);
    plutro.sql("DELETE FROM blocks WHERE target_account_id = $1", viewer);
    assertEquals(List.of(own, fromFar, fromMuted, fromBlocking), home(vic, "?limit=10"),
        "an expired mute, a lifted domain block and a lifted block hide nothing");
    plutro.sql("DELETE FROM blocks WHERE account_id = $1", viewer);
    assertEquals(all, home(vic, "?limit=10"));
  }
}
