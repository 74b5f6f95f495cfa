package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Each visibility (public, unlisted, followers-only, direct) against each viewer (anonymous, a
 * stranger, a follower, the mentioned member) on every surface that shows posts: who sees what
 * is exactly Mastodon's rule, everywhere.
 */
class VisibilityMatrixTest {
  static final List<String> VISIBILITIES = List.of("public", "unlisted", "private", "direct");
  static TestInstance plutro;
  static Member author;
  static Member stranger;
  static Member follower;
  static Member mentioned;
  /** Visibility → the post's id and its URI. */
  static final Map<String, JsonObject> POSTS = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    author = plutro.register("vauthor");
    stranger = plutro.register("vstranger");
    follower = plutro.register("vfollower");
    mentioned = plutro.register("vmentioned");
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + author.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + follower.token()).status());
    for (String visibility : VISIBILITIES) {
      Reply posted = plutro.postForm("/api/v1/statuses", Map.of("status",
          "@vmentioned " + visibility + " matrixword #matrixtag", "visibility", visibility),
          "Authorization", "Bearer " + author.token());
      assertEquals(200, posted.status(), posted.body());
      POSTS.put(visibility, posted.json());
    }
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  /** Which visibilities a list of statuses holds (of the matrix's posts). */
  static Set<String> shown(JsonArray statuses) {
    Set<String> found = new TreeSet<>();
    statuses.forEach(item -> POSTS.forEach((visibility, post) -> {
      if (post.getString("id").equals(((JsonObject) item).getString("id"))) {
        found.add(visibility);
      }
    }));
    return found;
  }

  static Set<String> each(Function<JsonObject, Boolean> visible) {
    Set<String> found = new TreeSet<>();
    POSTS.forEach((visibility, post) -> {
      if (visible.apply(post)) {
        found.add(visibility);
      }
    });
    return found;
  }

  static Set<String> set(String... visibilities) {
    return new TreeSet<>(List.of(visibilities));
  }

  static Reply get(String path, Member viewer) {
    return viewer == null ? plutro.get(path) : plutro.getWithToken(path, viewer.token());
  }

  @Test
  void statusGetsFollowMastodonsRule() {
    Function<Member, Set<String>> statusGet = viewer -> each(post ->
        get("/api/v1/statuses/" + post.getString("id"), viewer).status() == 200);
    assertEquals(set("public", "unlisted"), statusGet.apply(null), "anonymous");
    assertEquals(set("public", "unlisted"), statusGet.apply(stranger), "a stranger");
    assertEquals(set("public", "unlisted", "private"), statusGet.apply(follower), "a follower");
    assertEquals(set("public", "unlisted", "private", "direct"), statusGet.apply(mentioned), "mentioned");
  }

  @Test
  void theAuthorsProfileShowsWhatEachViewerMaySee() {
    Function<Member, Set<String>> profile = viewer ->
        shown(get("/api/v1/accounts/" + author.id() + "/statuses", viewer).array());
    assertEquals(set("public", "unlisted"), profile.apply(null));
    assertEquals(set("public", "unlisted"), profile.apply(stranger));
    assertEquals(set("public", "unlisted", "private"), profile.apply(follower));
    assertEquals(set("public", "unlisted", "private", "direct"), profile.apply(mentioned),
        "as Mastodon: posts that mention the viewer too");
    assertEquals(set("public", "unlisted", "private", "direct"),
        shown(get("/api/v1/accounts/" + author.id() + "/statuses", author).array()), "the author");
  }

  @Test
  void timelinesAndSearchShowOnlyWhatBelongsThere() {
    assertEquals(set("public", "unlisted", "private"),
        shown(get("/api/v1/timelines/home", follower).array()), "a follower's home");
    assertEquals(set(), shown(get("/api/v1/timelines/home", mentioned).array()),
        "mentions do not make a home timeline; direct ones are conversations");
    for (Member viewer : new Member[] {null, stranger, follower, mentioned}) {
      assertEquals(set("public"), shown(get("/api/v1/timelines/public", viewer).array()));
      assertEquals(set("public"), shown(get("/api/v1/timelines/tag/matrixtag", viewer).array()));
    }
    for (Member viewer : new Member[] {stranger, follower, mentioned}) {
      assertEquals(set("public"), shown(get("/api/v2/search?type=statuses&q=matrixword", viewer)
          .json().getJsonArray("statuses")), "full-text search finds public posts only");
    }
  }

  @Test
  void serversAndVisitorsWithoutSignatureSeeOnlyPublicAndUnlisted() {
    assertEquals(set("public", "unlisted"), each(post -> plutro.get(path(post.getString("uri")),
        "Accept", "application/activity+json").status() == 200), "ActivityPub GET, unsigned");
    assertEquals(set("public", "unlisted"), each(post -> plutro.get(path(post.getString("url")),
        "Accept", "text/html").status() == 200), "visitors' pages");
    String feed = plutro.get("/@vauthor.atom").body();
    assertEquals(set("public"), each(post -> feed.contains(post.getString("url"))), "the Atom feed");
    String outbox = plutro.get("/users/vauthor/outbox?page=1", "Accept", "application/activity+json").body();
    assertEquals(set("public", "unlisted"), each(post -> outbox.contains(post.getString("uri"))),
        "the outbox");
  }

  static String path(String url) {
    return url.substring(plutro.base().length());
  }
}
