package org.plutro.server.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.plutro.server.timeline.TimelinesAndSearchTest.ids;
import static org.plutro.server.timeline.TimelinesAndSearchTest.post;

import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Full-text search reads the newest few hundred posts one by one before it asks the index of
 * words: a page filled there must be the page the index gives (the same posts, the same order,
 * the same rules of who finds what), and a page not filled there goes on to older posts.
 */
class SearchNewestPostsTest {
  static TestInstance plutro;
  static Member sara;
  /** What sara finds for "kiwi", newest first. */
  static List<String> found;
  /** What a member who blocks no one and is blocked by no one finds. */
  static List<String> foundByOthers;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    sara = plutro.register("sara");
    Member ann = plutro.register("ann");
    Member ben = plutro.register("ben");
    Member cat = plutro.register("cat");
    Member dan = plutro.register("dan");
    Member eve = plutro.register("eve");
    plutro.sql("UPDATE accounts SET indexable = false WHERE id = $1", Long.parseLong(ben.id()));

    // A kiwi two hours ago, then 600 posts without one: it lies beyond the newest posts.
    long twoHoursAgo = (System.currentTimeMillis() - 7_200_000L) << 16;
    plutro.sql("INSERT INTO statuses (id, uri, account_id, local, content, visibility, to_uris, created_at)"
        + " VALUES ($1, $2, $3, true, '<p>an old kiwi</p>', 'public',"
        + " '{https://www.w3.org/ns/activitystreams#Public}', now() - interval '2 hours')",
        twoHoursAgo, ann.actorUri() + "/statuses/old-kiwi", Long.parseLong(ann.id()));
    long hourAgo = (System.currentTimeMillis() - 3_600_000L) << 16;
    plutro.sql("INSERT INTO statuses (id, uri, account_id, local, content, visibility, to_uris, created_at)"
        + " SELECT $1::int8 + g, $2 || g, $3, true, '<p>nothing to see</p>', 'public',"
        + " '{https://www.w3.org/ns/activitystreams#Public}', now() - interval '1 hour'"
        + " FROM generate_series(1, 600) g", hourAgo, ann.actorUri() + "/statuses/filler-",
        Long.parseLong(ann.id()));

    String annsPublic = post(plutro, ann, "kiwi a", "public").getString("id");
    post(plutro, ben, "kiwi b from someone who is not indexed", "public");
    String bookmarked = post(plutro, ben, "kiwi b2 bookmarked", "public").getString("id");
    String catsPost = post(plutro, cat, "kiwi c from someone sara blocks", "public").getString("id");
    String dansPost = post(plutro, dan, "kiwi d from someone who blocks sara", "public").getString("id");
    post(plutro, ann, "kiwi e unlisted", "unlisted");
    String own = post(plutro, sara, "kiwi f my own unlisted", "unlisted").getString("id");
    String liked = post(plutro, ben, "kiwi g unlisted but liked", "unlisted").getString("id");
    String deleted = post(plutro, ann, "kiwi h deleted", "public").getString("id");
    post(plutro, eve, "kiwi i from someone suspended", "public");
    String newest = post(plutro, ann, "kiwi j", "public").getString("id");
    post(plutro, ann, "kiwi k for followers", "private");

    assertEquals(200, act(sara, "/api/v1/accounts/" + cat.id() + "/block").status());
    assertEquals(200, act(dan, "/api/v1/accounts/" + sara.id() + "/block").status());
    assertEquals(200, act(sara, "/api/v1/statuses/" + liked + "/favourite").status());
    assertEquals(200, act(sara, "/api/v1/statuses/" + bookmarked + "/bookmark").status());
    plutro.sql("UPDATE accounts SET suspended_at = now() WHERE id = $1", Long.parseLong(eve.id()));
    assertEquals(200, plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(plutro.base()
        + "/api/v1/statuses/" + deleted)).DELETE(), "Authorization", "Bearer " + ann.token()).status());
    found = List.of(newest, liked, own, bookmarked, annsPublic, Long.toString(twoHoursAgo));
    foundByOthers = List.of(newest, dansPost, catsPost, annsPublic, Long.toString(twoHoursAgo));
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void everyMatchSaraMayFindNewestFirstFromTheNewestPostsOnBackwards() {
    assertEquals(found, kiwis("&limit=40"), "the newest posts hold 5 of them: the index finds the old one");
    assertEquals(found, kiwis(""), "twenty asked, six found");
  }

  @Test
  void aPageTheNewestPostsFillIsThePageTheIndexWouldGive() {
    assertEquals(found.subList(0, 2), kiwis("&limit=2"));
    assertEquals(found.subList(0, 5), kiwis("&limit=5"), "all five of the newest posts' kiwis");
    assertEquals(found, kiwis("&limit=6"), "one more than the newest posts hold");
    assertEquals(found.subList(2, 4), kiwis("&limit=2&max_id=" + found.get(1)), "the next page");
    assertEquals(found.subList(4, 6), kiwis("&limit=2&max_id=" + found.get(3)), "and the last");
    assertEquals(found.subList(1, 3), kiwis("&limit=2&offset=1"), "offsets count from the newest");
    assertEquals(found.subList(3, 6), kiwis("&limit=3&min_id=" + (Long.parseLong(found.get(5)) - 1)),
        "min_id pages from the oldest up, the newest of them first");
  }

  @Test
  void otherSearchersFindOnlyWhatIsOpenToThem() {
    Member zoe = plutro.register("zoe");
    assertEquals(foundByOthers, ids(plutro.getWithToken("/api/v2/search?type=statuses&q=kiwi&limit=40",
        zoe.token()).json().getJsonArray("statuses")), "public posts of indexed members, not sara's own or liked ones");
    assertEquals(foundByOthers.subList(0, 3), ids(plutro.getWithToken("/api/v2/search?type=statuses&q=kiwi"
        + "&limit=3", zoe.token()).json().getJsonArray("statuses")));
    assertEquals(0, plutro.getWithToken("/api/v2/search?type=statuses&q=kiwi+-kiwi", zoe.token()).json()
        .getJsonArray("statuses").size());
  }

  private static List<String> kiwis(String paging) {
    Reply reply = plutro.getWithToken("/api/v2/search?type=statuses&q=kiwi" + paging, sara.token());
    assertEquals(200, reply.status(), reply.body());
    JsonArray statuses = reply.json().getJsonArray("statuses");
    return ids(statuses);
  }

  private static Reply act(Member member, String path) {
    return plutro.postForm(path, Map.of(), "Authorization", "Bearer " + member.token());
  }
}
