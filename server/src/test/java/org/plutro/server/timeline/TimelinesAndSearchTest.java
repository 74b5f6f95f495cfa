package org.plutro.server.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** Home, public and hashtag timelines, followed tags and full-text search, on two instances. */
class TimelinesAndSearchTest {
  static TestInstance a;
  static TestInstance b;

  @BeforeAll
  static void start() {
    a = TestInstance.start();
    b = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  static JsonObject post(TestInstance on, Member author, String text, String visibility) {
    Reply posted = on.postForm("/api/v1/statuses", Map.of("status", text, "visibility", visibility),
        "Authorization", "Bearer " + author.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json();
  }

  static String resolve(TestInstance on, Member viewer, TestInstance home, String username) {
    Reply found = on.getWithToken("/api/v2/search?resolve=true&type=accounts&q="
        + URLEncoder.encode("@" + username + "@" + home.authority(), StandardCharsets.UTF_8),
        viewer.token());
    return found.json().getJsonArray("accounts").getJsonObject(0).getString("id");
  }

  static void follow(TestInstance on, Member follower, String targetId) {
    on.postForm("/api/v1/accounts/" + targetId + "/follow", Map.of(),
        "Authorization", "Bearer " + follower.token());
    Eventually.within10s("the follow is accepted", () -> on.getWithToken(
        "/api/v1/accounts/relationships?id[]=" + targetId, follower.token()).array()
        .getJsonObject(0).getBoolean("following"));
  }

  static List<String> ids(JsonArray statuses) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < statuses.size(); i++) {
      ids.add(statuses.getJsonObject(i).getString("id"));
    }
    return ids;
  }

  static List<String> uris(JsonArray statuses) {
    List<String> uris = new ArrayList<>();
    for (int i = 0; i < statuses.size(); i++) {
      uris.add(statuses.getJsonObject(i).getString("uri"));
    }
    return uris;
  }

  static String search(TestInstance on, Member viewer, String query, String type) {
    return "/api/v2/search?type=" + type + "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  @Test
  void homePagesWithMastodonsLinkHeaderAndLimits() {
    Member pia = a.register("pia");
    Member quinn = a.register("quinn");
    follow(a, pia, quinn.id());
    List<String> posted = new ArrayList<>();   // oldest first
    for (int i = 0; i < 45; i++) {
      posted.add(post(a, i % 2 == 0 ? quinn : pia, "post number " + i, "public").getString("id"));
    }
    String home = "/api/v1/timelines/home";
    Reply first = a.getWithToken(home + "?limit=2", pia.token());
    assertEquals(List.of(posted.get(44), posted.get(43)), ids(first.array()));
    assertEquals("<" + a.base() + home + "?limit=2&max_id=" + posted.get(43) + ">; rel=\"next\", <"
        + a.base() + home + "?limit=2&min_id=" + posted.get(44) + ">; rel=\"prev\"", first.header("Link"));
    assertEquals(List.of(posted.get(42), posted.get(41)),
        ids(a.getWithToken(home + "?limit=2&max_id=" + posted.get(43), pia.token()).array()));

    // since_id: the newest posts above it; min_id: the ones right after it. Both newest first.
    assertEquals(List.of(posted.get(44), posted.get(43)),
        ids(a.getWithToken(home + "?limit=2&since_id=" + posted.get(10), pia.token()).array()));
    assertEquals(List.of(posted.get(12), posted.get(11)),
        ids(a.getWithToken(home + "?limit=2&min_id=" + posted.get(10), pia.token()).array()));
    assertEquals(List.of(posted.get(12), posted.get(11)),
        ids(a.getWithToken(home + "?min_id=" + posted.get(10) + "&max_id=" + posted.get(13),
            pia.token()).array()));

    assertEquals(20, a.getWithToken(home, pia.token()).array().size(), "20 by default");
    assertEquals(40, a.getWithToken(home + "?limit=100", pia.token()).array().size(), "at most 40");
    assertEquals(3, a.getWithToken(home + "?limit=-3", pia.token()).array().size(), "as Mastodon: abs");
    Reply none = a.getWithToken(home + "?limit=0", pia.token());
    assertEquals(0, none.array().size());
    assertNull(none.header("Link"), "an empty page has no Link header");
    assertEquals(0, a.getWithToken(home + "?max_id=" + posted.get(0), pia.token()).array().size());
    assertEquals(401, a.get(home).status());

    // The local public timeline, with its own parameters kept in the links.
    Reply local = a.get("/api/v1/timelines/public?local=true&limit=1");
    assertEquals(List.of(posted.get(44)), ids(local.array()));
    assertEquals("<" + a.base() + "/api/v1/timelines/public?limit=1&local=true&max_id=" + posted.get(44)
        + ">; rel=\"next\", <" + a.base() + "/api/v1/timelines/public?limit=1&local=true&min_id="
        + posted.get(44) + ">; rel=\"prev\"", local.header("Link"));
    JsonArray remote = a.get("/api/v1/timelines/public?remote=true&limit=40").array();
    for (int i = 0; i < remote.size(); i++) {
      assertTrue(remote.getJsonObject(i).getJsonObject("account").getString("acct").contains("@"));
    }
    assertEquals(0, a.get("/api/v1/timelines/public?only_media=true").array().size(), "no post has media");

    // An account's posts page with next only while pages are full.
    Reply profile = a.get("/api/v1/accounts/" + quinn.id() + "/statuses?limit=30");
    assertEquals(23, profile.array().size());
    assertFalse(profile.header("Link").contains("rel=\"next\""));
  }

  @Test
  void followersOnlyPostsAppearOnlyInFollowersHomes() {
    Member henry = b.register("henry");
    Member iris = a.register("iris");
    Member jack = a.register("jack");
    String henryOnA = resolve(a, iris, b, "henry");
    follow(a, iris, henryOnA);
    JsonObject secret = post(b, henry, "secret zeppelin plans #plans", "private");
    JsonObject open = post(b, henry, "open zeppelin plans", "public");
    Eventually.within10s("both reach iris's home", () ->
        a.getWithToken("/api/v1/timelines/home", iris.token()).array().size() == 2);
    assertEquals(List.of(open.getString("uri"), secret.getString("uri")),
        uris(a.getWithToken("/api/v1/timelines/home", iris.token()).array()));
    assertEquals(0, a.getWithToken("/api/v1/timelines/home", jack.token()).array().size());
    assertFalse(uris(a.get("/api/v1/timelines/public?limit=40").array()).contains(secret.getString("uri")));
    assertTrue(uris(a.get("/api/v1/timelines/public?remote=true").array()).contains(open.getString("uri")));
    assertFalse(uris(b.get("/api/v1/timelines/public?limit=40").array()).contains(secret.getString("uri")));
    assertTrue(uris(b.get("/api/v1/timelines/public?local=true").array()).contains(open.getString("uri")));

    // Tagged (as the posts work will tag it), it still stays out of the hashtag timeline.
    tag(a, secret.getString("uri"), "plans");
    tag(b, secret.getString("uri"), "plans");
    assertEquals(0, a.get("/api/v1/timelines/tag/plans").array().size());
    assertEquals(0, b.get("/api/v1/timelines/tag/plans").array().size());

    // Nor does search find it, not even for the follower who can read it.
    assertEquals(List.of(open.getString("uri")), uris(a.getWithToken(search(a, iris, "zeppelin",
        "statuses"), iris.token()).json().getJsonArray("statuses")));
    assertEquals(List.of(open.getString("uri")), uris(b.getWithToken(search(b, henry, "zeppelin",
        "statuses"), henry.token()).json().getJsonArray("statuses")));
  }

  @Test
  void aFollowedHashtagBringsARemotePostHome() {
    Member kate = b.register("kate");
    Member leo = a.register("leo");
    Member mia = a.register("mia");
    String kateOnA = resolve(a, leo, b, "kate");
    follow(a, leo, kateOnA);   // brings kate's posts to instance A; mia follows no one
    JsonObject tagged = post(b, kate, "Look at this #Gardening tip", "public");
    post(b, kate, "An untagged post", "public");
    Eventually.within10s("the posts reach instance A", () -> a.count(
        "SELECT count(*) FROM statuses WHERE account_id = $1", Long.parseLong(kateOnA)) == 2);
    // Hashtag parsing belongs to the posts work; here the tag is stored as it will store it.
    tag(a, tagged.getString("uri"), "gardening");
    assertEquals(0, a.getWithToken("/api/v1/timelines/home", mia.token()).array().size());

    Reply followed = a.postForm("/api/v1/tags/Gardening/follow", Map.of(),
        "Authorization", "Bearer " + mia.token());
    assertEquals(200, followed.status(), followed.body());
    assertEquals("gardening", followed.json().getString("name"));
    assertTrue(followed.json().getBoolean("following"));
    assertEquals(7, followed.json().getJsonArray("history").size());
    assertEquals("1", followed.json().getJsonArray("history").getJsonObject(0).getString("uses"));
    assertEquals(List.of(tagged.getString("uri")),
        uris(a.getWithToken("/api/v1/timelines/home", mia.token()).array()));
    JsonArray tags = a.getWithToken("/api/v1/followed_tags", mia.token()).array();
    assertEquals("gardening", tags.getJsonObject(0).getString("name"));
    assertTrue(a.getWithToken("/api/v1/tags/gardening", mia.token()).json().getBoolean("following"));
    assertFalse(a.get("/api/v1/tags/gardening").json().containsKey("following"));

    assertEquals(List.of(tagged.getString("uri")), uris(a.get("/api/v1/timelines/tag/gardening").array()));
    assertEquals(List.of(tagged.getString("uri")),
        uris(a.get("/api/v1/timelines/tag/nothing?any[]=gardening").array()));
    assertEquals(0, a.get("/api/v1/timelines/tag/gardening?local=true").array().size());
    assertEquals(0, a.get("/api/v1/timelines/tag/gardening?none[]=gardening").array().size());
    assertEquals(0, a.get("/api/v1/timelines/tag/gardening?all[]=unknown").array().size());
    assertEquals(0, a.get("/api/v1/timelines/tag/unknown").array().size());
    assertEquals("gardening", a.getWithToken(search(a, mia, "#garden", "hashtags"), mia.token()).json()
        .getJsonArray("hashtags").getJsonObject(0).getString("name"));

    assertFalse(a.postForm("/api/v1/tags/gardening/unfollow", Map.of(), "Authorization",
        "Bearer " + mia.token()).json().getBoolean("following"));
    assertEquals(0, a.getWithToken("/api/v1/timelines/home", mia.token()).array().size());
    assertEquals(404, a.get("/api/v1/tags/no-such-tag!").status());
  }

  @Test
  void searchFindsPublicPostsOfIndexableMembersAtOnce() {
    Member nina = a.register("nina");
    Member otto = a.register("otto");
    Member pam = a.register("pam");
    a.sql("UPDATE accounts SET indexable = false WHERE id = $1", Long.parseLong(otto.id()));
    JsonObject found = post(a, nina, "Quokkas are very friendly", "public");
    JsonObject quiet = post(a, nina, "quokkas at night", "unlisted");
    JsonObject hidden = post(a, otto, "I also like quokkas", "public");

    JsonArray results = a.getWithToken(search(a, pam, "QUOKKAS", "statuses"), pam.token()).json()
        .getJsonArray("statuses");
    assertEquals(List.of(found.getString("id")), ids(results), "public, indexable, at once");
    assertEquals(List.of(hidden.getString("id"), found.getString("id")), ids(a.getWithToken(search(a,
        otto, "quokkas", "statuses"), otto.token()).json().getJsonArray("statuses")),
        "one's own posts, and not others' unlisted");
    assertEquals(List.of(quiet.getString("id"), found.getString("id")), ids(a.getWithToken(
        search(a, nina, "quokkas", "statuses"), nina.token()).json().getJsonArray("statuses")));
    assertEquals(0, a.getWithToken(search(a, pam, "quokkas -friendly", "statuses"), pam.token())
        .json().getJsonArray("statuses").size());
    assertEquals(0, a.getWithToken(search(a, pam, "p", "statuses"), pam.token()).json()
        .getJsonArray("statuses").size(), "HTML tags (<p>) are not words");
    assertEquals(0, a.get(search(a, null, "quokkas", "statuses")).json().getJsonArray("statuses").size(),
        "visitors do not search posts");
    assertEquals(401, a.get("/api/v2/search?q=quokkas&resolve=true").status());
    assertEquals(422, a.getWithToken("/api/v2/search?q=%20", pam.token()).status());

    // Accounts are still found by handle, and a post by its URL.
    assertEquals("nina", a.getWithToken("/api/v2/search?q=nina&type=accounts", pam.token()).json()
        .getJsonArray("accounts").getJsonObject(0).getString("acct"));
    assertEquals(List.of(found.getString("id")), ids(a.getWithToken(search(a, pam, found.getString("uri"),
        "statuses"), pam.token()).json().getJsonArray("statuses")));

    // A deleted post leaves the results.
    a.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.base() + "/api/v1/statuses/"
        + found.getString("id"))).DELETE(), "Authorization", "Bearer " + nina.token());
    assertEquals(0, a.getWithToken(search(a, pam, "quokkas", "statuses"), pam.token()).json()
        .getJsonArray("statuses").size());
  }

  @Test
  void searchReachesBackPastTheNewestWeekNewestFirst() {
    Member ola = a.register("ola");
    String recent = post(a, ola, "walrus sighting", "public").getString("id");
    // Posts of 3 days, 30 days and 300 days ago, as an import would leave them (ids say when).
    List<String> old = new ArrayList<>();
    int n = 0;
    for (int daysAgo : new int[] {3, 30, 300}) {
      long id = ((System.currentTimeMillis() - daysAgo * 86_400_000L) << 16) + ++n;
      a.sql("INSERT INTO statuses (id, uri, account_id, local, content, visibility, to_uris, created_at)"
          + " VALUES ($1, $2, $3, true, '<p>an old walrus</p>', 'public',"
          + " '{https://www.w3.org/ns/activitystreams#Public}', now() - make_interval(days => $4))",
          id, ola.actorUri() + "/statuses/walrus" + id, Long.parseLong(ola.id()), daysAgo);
      old.add(Long.toString(id));
    }
    assertEquals(List.of(recent, old.get(0), old.get(1), old.get(2)), ids(a.getWithToken(search(a, ola,
        "walrus", "statuses"), ola.token()).json().getJsonArray("statuses")), "the week, then everything");
    assertEquals(List.of(old.get(1), old.get(2)), ids(a.getWithToken(search(a, ola, "walrus", "statuses")
        + "&max_id=" + old.get(0), ola.token()).json().getJsonArray("statuses")), "older than the 3-day one");
    assertEquals(List.of(old.get(0)), ids(a.getWithToken(search(a, ola, "walrus", "statuses")
        + "&max_id=" + recent + "&min_id=" + old.get(1), ola.token()).json().getJsonArray("statuses")),
        "between two of them");
  }

  /** Stores a hashtag on a post the way the posts work does when it parses one. */
  static void tag(TestInstance on, String statusUri, String name) {
    on.sql("INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING", name);
    on.sql("INSERT INTO status_tags (status_id, tag_id) SELECT s.id, t.id FROM statuses s, tags t"
        + " WHERE s.uri = $1 AND t.name = $2 ON CONFLICT DO NOTHING", statusUri, name);
  }
}
