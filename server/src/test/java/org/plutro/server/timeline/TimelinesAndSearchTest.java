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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/** Home, public and hashtag timelines, followed tags and full-text search, on two instances. */
class TimelinesAndSearchTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

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
    Member pia = net.a().register("pia");
    Member quinn = net.a().register("quinn");
    follow(net.a(), pia, quinn.id());
    List<String> posted = new ArrayList<>();   // oldest first
    for (int i = 0; i < 45; i++) {
      posted.add(post(net.a(), i % 2 == 0 ? quinn : pia, "post number " + i, "public").getString("id"));
    }
    String home = "/api/v1/timelines/home";
    Reply first = net.a().getWithToken(home + "?limit=2", pia.token());
    assertEquals(List.of(posted.get(44), posted.get(43)), ids(first.array()));
    assertEquals("<" + net.a().base() + home + "?limit=2&max_id=" + posted.get(43) + ">; rel=\"next\", <"
        + net.a().base() + home + "?limit=2&min_id=" + posted.get(44) + ">; rel=\"prev\"", first.header("Link"));
    assertEquals(List.of(posted.get(42), posted.get(41)),
        ids(net.a().getWithToken(home + "?limit=2&max_id=" + posted.get(43), pia.token()).array()));

    // since_id: the newest posts above it; min_id: the ones right after it. Both newest first.
    assertEquals(List.of(posted.get(44), posted.get(43)),
        ids(net.a().getWithToken(home + "?limit=2&since_id=" + posted.get(10), pia.token()).array()));
    assertEquals(List.of(posted.get(12), posted.get(11)),
        ids(net.a().getWithToken(home + "?limit=2&min_id=" + posted.get(10), pia.token()).array()));
    assertEquals(List.of(posted.get(12), posted.get(11)),
        ids(net.a().getWithToken(home + "?min_id=" + posted.get(10) + "&max_id=" + posted.get(13),
            pia.token()).array()));

    assertEquals(20, net.a().getWithToken(home, pia.token()).array().size(), "20 by default");
    assertEquals(40, net.a().getWithToken(home + "?limit=100", pia.token()).array().size(), "at most 40");
    assertEquals(3, net.a().getWithToken(home + "?limit=-3", pia.token()).array().size(), "as Mastodon: abs");
    Reply none = net.a().getWithToken(home + "?limit=0", pia.token());
    assertEquals(0, none.array().size());
    assertNull(none.header("Link"), "an empty page has no Link header");
    assertEquals(0, net.a().getWithToken(home + "?max_id=" + posted.get(0), pia.token()).array().size());
    assertEquals(401, net.a().get(home).status());

    // The local public timeline, with its own parameters kept in the links.
    Reply local = net.a().get("/api/v1/timelines/public?local=true&limit=1");
    assertEquals(List.of(posted.get(44)), ids(local.array()));
    assertEquals("<" + net.a().base() + "/api/v1/timelines/public?limit=1&local=true&max_id=" + posted.get(44)
        + ">; rel=\"next\", <" + net.a().base() + "/api/v1/timelines/public?limit=1&local=true&min_id="
        + posted.get(44) + ">; rel=\"prev\"", local.header("Link"));
    JsonArray remote = net.a().get("/api/v1/timelines/public?remote=true&limit=40").array();
    for (int i = 0; i < remote.size(); i++) {
      assertTrue(remote.getJsonObject(i).getJsonObject("account").getString("acct").contains("@"));
    }
    assertEquals(0, net.a().get("/api/v1/timelines/public?only_media=true").array().size(), "no post has media");

    // An account's posts page with next only while pages are full.
    Reply profile = net.a().get("/api/v1/accounts/" + quinn.id() + "/statuses?limit=30");
    assertEquals(23, profile.array().size());
    assertFalse(profile.header("Link").contains("rel=\"next\""));
  }

  @Test
  void followersOnlyPostsAppearOnlyInFollowersHomes() {
    Member henry = net.b().register("henry");
    Member iris = net.a().register("iris");
    Member jack = net.a().register("jack");
    String henryOnA = resolve(net.a(), iris, net.b(), "henry");
    follow(net.a(), iris, henryOnA);
    JsonObject secret = post(net.b(), henry, "secret zeppelin plans #plans", "private");
    JsonObject open = post(net.b(), henry, "open zeppelin plans", "public");
    Eventually.within10s("both reach iris's home", () ->
        net.a().getWithToken("/api/v1/timelines/home", iris.token()).array().size() == 2);
    assertEquals(List.of(open.getString("uri"), secret.getString("uri")),
        uris(net.a().getWithToken("/api/v1/timelines/home", iris.token()).array()));
    assertEquals(0, net.a().getWithToken("/api/v1/timelines/home", jack.token()).array().size());
    assertFalse(uris(net.a().get("/api/v1/timelines/public?limit=40").array()).contains(secret.getString("uri")));
    assertTrue(uris(net.a().get("/api/v1/timelines/public?remote=true").array()).contains(open.getString("uri")));
    assertFalse(uris(net.b().get("/api/v1/timelines/public?limit=40").array()).contains(secret.getString("uri")));
    assertTrue(uris(net.b().get("/api/v1/timelines/public?local=true").array()).contains(open.getString("uri")));

    // Tagged (as the posts work will tag it), it still stays out of the hashtag timeline.
    tag(net.a(), secret.getString("uri"), "plans");
    tag(net.b(), secret.getString("uri"), "plans");
    assertEquals(0, net.a().get("/api/v1/timelines/tag/plans").array().size());
    assertEquals(0, net.b().get("/api/v1/timelines/tag/plans").array().size());

    // Nor does search find it, not even for the follower who can read it.
    assertEquals(List.of(open.getString("uri")), uris(net.a().getWithToken(search(net.a(), iris, "zeppelin",
        "statuses"), iris.token()).json().getJsonArray("statuses")));
    assertEquals(List.of(open.getString("uri")), uris(net.b().getWithToken(search(net.b(), henry, "zeppelin",
        "statuses"), henry.token()).json().getJsonArray("statuses")));
  }

  @Test
  void aFollowedHashtagBringsARemotePostHome() {
    Member kate = net.b().register("kate");
    Member leo = net.a().register("leo");
    Member mia = net.a().register("mia");
    String kateOnA = resolve(net.a(), leo, net.b(), "kate");
    follow(net.a(), leo, kateOnA);   // brings kate's posts to instance A; mia follows no one
    JsonObject tagged = post(net.b(), kate, "Look at this #Gardening tip", "public");
    post(net.b(), kate, "An untagged post", "public");
    Eventually.within10s("the posts reach instance A", () -> net.a().count(
        "SELECT count(*) FROM statuses WHERE account_id = $1", Long.parseLong(kateOnA)) == 2);
    // Hashtag parsing belongs to the posts work; here the tag is stored as it will store it.
    tag(net.a(), tagged.getString("uri"), "gardening");
    assertEquals(0, net.a().getWithToken("/api/v1/timelines/home", mia.token()).array().size());

    Reply followed = net.a().postForm("/api/v1/tags/Gardening/follow", Map.of(),
        "Authorization", "Bearer " + mia.token());
    assertEquals(200, followed.status(), followed.body());
    assertEquals("gardening", followed.json().getString("name"));
    assertTrue(followed.json().getBoolean("following"));
    assertEquals(7, followed.json().getJsonArray("history").size());
    assertEquals("1", followed.json().getJsonArray("history").getJsonObject(0).getString("uses"));
    assertEquals(List.of(tagged.getString("uri")),
        uris(net.a().getWithToken("/api/v1/timelines/home", mia.token()).array()));
    JsonArray tags = net.a().getWithToken("/api/v1/followed_tags", mia.token()).array();
    assertEquals("gardening", tags.getJsonObject(0).getString("name"));
    assertTrue(net.a().getWithToken("/api/v1/tags/gardening", mia.token()).json().getBoolean("following"));
    assertFalse(net.a().get("/api/v1/tags/gardening").json().containsKey("following"));

    assertEquals(List.of(tagged.getString("uri")), uris(net.a().get("/api/v1/timelines/tag/gardening").array()));
    assertEquals(List.of(tagged.getString("uri")),
        uris(net.a().get("/api/v1/timelines/tag/nothing?any[]=gardening").array()));
    assertEquals(0, net.a().get("/api/v1/timelines/tag/gardening?local=true").array().size());
    assertEquals(0, net.a().get("/api/v1/timelines/tag/gardening?none[]=gardening").array().size());
    assertEquals(0, net.a().get("/api/v1/timelines/tag/gardening?all[]=unknown").array().size());
    assertEquals(0, net.a().get("/api/v1/timelines/tag/unknown").array().size());
    assertEquals("gardening", net.a().getWithToken(search(net.a(), mia, "#garden", "hashtags"), mia.token()).json()
        .getJsonArray("hashtags").getJsonObject(0).getString("name"));

    assertFalse(net.a().postForm("/api/v1/tags/gardening/unfollow", Map.of(), "Authorization",
        "Bearer " + mia.token()).json().getBoolean("following"));
    assertEquals(0, net.a().getWithToken("/api/v1/timelines/home", mia.token()).array().size());
    assertEquals(404, net.a().get("/api/v1/tags/no-such-tag!").status());
  }

  @Test
  void searchFindsPublicPostsOfIndexableMembersAtOnce() {
    Member nina = net.a().register("nina");
    Member otto = net.a().register("otto");
    Member pam = net.a().register("pam");
    net.a().sql("UPDATE accounts SET indexable = false WHERE id = $1", Long.parseLong(otto.id()));
    JsonObject found = post(net.a(), nina, "Quokkas are very friendly", "public");
    JsonObject quiet = post(net.a(), nina, "quokkas at night", "unlisted");
    JsonObject hidden = post(net.a(), otto, "I also like quokkas", "public");

    JsonArray results = net.a().getWithToken(search(net.a(), pam, "QUOKKAS", "statuses"), pam.token()).json()
        .getJsonArray("statuses");
    assertEquals(List.of(found.getString("id")), ids(results), "public, indexable, at once");
    assertEquals(List.of(hidden.getString("id"), found.getString("id")), ids(net.a().getWithToken(search(net.a(),
        otto, "quokkas", "statuses"), otto.token()).json().getJsonArray("statuses")),
        "one's own posts, and not others' unlisted");
    assertEquals(List.of(quiet.getString("id"), found.getString("id")), ids(net.a().getWithToken(
        search(net.a(), nina, "quokkas", "statuses"), nina.token()).json().getJsonArray("statuses")));
    assertEquals(0, net.a().getWithToken(search(net.a(), pam, "quokkas -friendly", "statuses"), pam.token())
        .json().getJsonArray("statuses").size());
    assertEquals(0, net.a().getWithToken(search(net.a(), pam, "p", "statuses"), pam.token()).json()
        .getJsonArray("statuses").size(), "HTML tags (<p>) are not words");
    assertEquals(0, net.a().get(search(net.a(), null, "quokkas", "statuses")).json().getJsonArray("statuses").size(),
        "visitors do not search posts");
    assertEquals(401, net.a().get("/api/v2/search?q=quokkas&resolve=true").status());
    assertEquals(422, net.a().getWithToken("/api/v2/search?q=%20", pam.token()).status());

    // Accounts are still found by handle, and a post by its URL.
    assertEquals("nina", net.a().getWithToken("/api/v2/search?q=nina&type=accounts", pam.token()).json()
        .getJsonArray("accounts").getJsonObject(0).getString("acct"));
    assertEquals(List.of(found.getString("id")), ids(net.a().getWithToken(search(net.a(), pam, found.getString("uri"),
        "statuses"), pam.token()).json().getJsonArray("statuses")));

    // A deleted post leaves the results.
    net.a().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(net.a().base() + "/api/v1/statuses/"
        + found.getString("id"))).DELETE(), "Authorization", "Bearer " + nina.token());
    assertEquals(0, net.a().getWithToken(search(net.a(), pam, "quokkas", "statuses"), pam.token()).json()
        .getJsonArray("statuses").size());
  }

  @Test
  void searchReachesBackPastTheNewestWeekNewestFirst() {
    Member ola = net.a().register("ola");
    String recent = post(net.a(), ola, "walrus sighting", "public").getString("id");
    // Posts of 3 days, 30 days and 300 days ago, as an import would leave them (ids say when).
    List<String> old = new ArrayList<>();
    int n = 0;
    for (int daysAgo : new int[] {3, 30, 300}) {
      long id = ((System.currentTimeMillis() - daysAgo * 86_400_000L) << 16) + ++n;
      net.a().sql("INSERT INTO statuses (id, uri, account_id, local, content, visibility, to_uris, created_at)"
          + " VALUES ($1, $2, $3, true, '<p>an old walrus</p>', 'public',"
          + " '{https://www.w3.org/ns/activitystreams#Public}', now() - make_interval(days => $4))",
          id, ola.actorUri() + "/statuses/walrus" + id, Long.parseLong(ola.id()), daysAgo);
      old.add(Long.toString(id));
    }
    assertEquals(List.of(recent, old.get(0), old.get(1), old.get(2)), ids(net.a().getWithToken(search(net.a(), ola,
        "walrus", "statuses"), ola.token()).json().getJsonArray("statuses")), "the week, then everything");
    assertEquals(List.of(old.get(1), old.get(2)), ids(net.a().getWithToken(search(net.a(), ola, "walrus", "statuses")
        + "&max_id=" + old.get(0), ola.token()).json().getJsonArray("statuses")), "older than the 3-day one");
    assertEquals(List.of(old.get(0)), ids(net.a().getWithToken(search(net.a(), ola, "walrus", "statuses")
        + "&max_id=" + recent + "&min_id=" + old.get(1), ola.token()).json().getJsonArray("statuses")),
        "between two of them");
  }

  @Test
  void searchWalksTheWeekBucketByBucketThenOlderPostsNewestFirst() {
    Member wren = net.a().register("wren");
    // A post every 12 hours over ten days (the week's buckets and beyond it), ids saying when, one
    // deleted, and 600 newer posts without the word, so that the newest posts read one by one do
    // not hold them: found newest first, in pages that cross from the week to older posts.
    List<String> expected = new ArrayList<>();
    long now = System.currentTimeMillis();
    net.a().sql("INSERT INTO statuses (id, uri, account_id, local, content, visibility, to_uris, created_at)"
        + " SELECT $1::int8 + g, $2 || g, $3, true, '<p>nothing here</p>', 'public',"
        + " '{https://www.w3.org/ns/activitystreams#Public}', now() - interval '30 minutes'"
        + " FROM generate_series(1, 600) g", (now - 1_800_000L) << 16, wren.actorUri() + "/statuses/filler-",
        Long.parseLong(wren.id()));
    for (int hoursAgo = 1; hoursAgo <= 240; hoursAgo += 12) {
      long id = ((now - hoursAgo * 3_600_000L) << 16) + hoursAgo;
      net.a().sql("INSERT INTO statuses (id, uri, account_id, local, content, visibility, to_uris, created_at,"
          + " deleted_at) VALUES ($1, $2, $3, true, '<p>a narwhal</p>', 'public',"
          + " '{https://www.w3.org/ns/activitystreams#Public}', now() - make_interval(hours => $4),"
          + " CASE WHEN $4 = 85 THEN now() END)",
          id, wren.actorUri() + "/statuses/narwhal" + id, Long.parseLong(wren.id()), hoursAgo);
      if (hoursAgo != 85) {
        expected.add(Long.toString(id));
      }
    }
    String narwhals = search(net.a(), wren, "narwhal", "statuses");
    assertEquals(expected, ids(net.a().getWithToken(narwhals + "&limit=40", wren.token()).json()
        .getJsonArray("statuses")));
    List<String> paged = new ArrayList<>();
    String maxId = "";
    for (int page = 0; page < 10 && paged.size() < expected.size(); page++) {
      List<String> found = ids(net.a().getWithToken(narwhals + "&limit=3" + maxId, wren.token()).json()
          .getJsonArray("statuses"));
      paged.addAll(found);
      maxId = "&max_id=" + found.get(found.size() - 1);
    }
    assertEquals(expected, paged, "pages of three");
    assertEquals(expected.subList(13, 19), ids(net.a().getWithToken(narwhals + "&max_id=" + expected.get(12),
        wren.token()).json().getJsonArray("statuses")), "older than a post of the week");
    assertEquals(expected.subList(0, 2), ids(net.a().getWithToken(narwhals + "&since_id=" + expected.get(2),
        wren.token()).json().getJsonArray("statuses")), "newer than a post of the day");
    for (String bounds : new String[] {"&max_id=1", "&max_id=-9223372036854775808", "&max_id=0",
        "&since_id=9223372036854775807", "&max_id=" + expected.get(3) + "&since_id=" + expected.get(3)}) {
      Reply none = net.a().getWithToken(narwhals + bounds, wren.token());
      assertEquals(200, none.status(), bounds);
      assertEquals(0, none.json().getJsonArray("statuses").size(), bounds);
    }
  }

  /** Stores a hashtag on a post the way the posts work does when it parses one. */
  static void tag(TestInstance on, String statusUri, String name) {
    on.sql("INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING", name);
    on.sql("INSERT INTO status_tags (status_id, tag_id) SELECT s.id, t.id FROM statuses s, tags t"
        + " WHERE s.uri = $1 AND t.name = $2 ON CONFLICT DO NOTHING", statusUri, name);
  }
}
