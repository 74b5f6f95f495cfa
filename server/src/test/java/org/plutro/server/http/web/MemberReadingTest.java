package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * A member's timelines and the buttons under posts, as plain forms (no script): what they change
 * is what the API shows, a form without its token or on someone else's post changes nothing.
 */
class MemberReadingTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  private static void follow(Member who, Member whom) {
    Reply followed = plutro.postForm("/api/v1/accounts/" + whom.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + who.token());
    assertEquals(200, followed.status(), followed.toString());
  }

  private static JsonStatus status(Member viewer, String id) {
    var json = plutro.getWithToken("/api/v1/statuses/" + id, viewer.token()).json();
    return new JsonStatus(json.getBoolean("favourited"), json.getBoolean("reblogged"),
        json.getBoolean("bookmarked"), json.getLong("favourites_count"));
  }

  private record JsonStatus(boolean favourited, boolean reblogged, boolean bookmarked, long likes) {}

  @Test
  void homeShowsFollowedPostsAndTheButtonsActAsTheApiDoes() {
    Member ann = plutro.register("ann");
    Member ben = plutro.register("ben");
    follow(ann, ben);
    String id = plutro.post(ben, "Hello from <b>Ben</b> <script>alert(1)</script>");
    Browser browser = WebSignIn.as(plutro, ann);

    Reply home = browser.get("/home");
    assertEquals(200, home.status());
    assertFalse(home.body().contains("<script>alert"), "a post's script is never a script");
    Document page = browser.page("/home");
    Element post = page.getElementById("post-" + id);
    assertNotNull(post, page.html());
    assertTrue(post.text().contains("Hello from <b>Ben</b> <script>"), "shown as the text it is: " + post.text());
    assertNotNull(page.selectFirst("label[for=compose-status]:contains(Post text)"), "the compose form");
    assertNotNull(page.selectFirst("nav.main-nav a[href=/bookmarks]"), "the member's navigation");

    String token = Browser.csrf(page);
    Reply liked = browser.post("/statuses/" + id + "/favourite",
        Browser.form(token, "return_to", "/home"));
    assertEquals(303, liked.status());
    assertEquals("/home#post-" + id, liked.header("Location"));
    browser.post("/statuses/" + id + "/reblog", Browser.form(token, "return_to", "/home"));
    browser.post("/statuses/" + id + "/bookmark", Browser.form(token, "return_to", "/home"));
    JsonStatus seen = status(ann, id);
    assertTrue(seen.favourited() && seen.reblogged() && seen.bookmarked(), seen.toString());
    assertEquals(1, seen.likes());

    Document after = browser.page("/home");
    Element buttons = after.getElementById("post-" + id);
    assertNotNull(buttons, "the post (or her share of it) is still at its place");
    Document bookmarks = browser.page("/bookmarks");
    assertNotNull(bookmarks.getElementById("post-" + id), "the bookmark is listed");
    assertNotNull(bookmarks.selectFirst("button:contains(Remove bookmark)"));
    assertNotNull(browser.page("/favourites").getElementById("post-" + id));

    browser.post("/statuses/" + id + "/unfavourite", Browser.form(token, "return_to", "/favourites"));
    assertFalse(status(ann, id).favourited());
    assertNull(browser.page("/favourites").getElementById("post-" + id));

    // A return address elsewhere is not followed.
    Reply away = browser.post("/statuses/" + id + "/unbookmark",
        Browser.form(token, "return_to", "//evil.example/"));
    assertEquals("/home#post-" + id, away.header("Location"));
  }

  @Test
  void aFormWithoutItsTokenChangesNothing() {
    Member cy = plutro.register("cy");
    String id = plutro.post(cy, "Mine");
    Browser browser = WebSignIn.as(plutro, cy);
    browser.page("/home");
    Reply refused = browser.post("/statuses/" + id + "/favourite", Map.of("return_to", "/home"));
    assertEquals(403, refused.status());
    Reply wrong = browser.post("/statuses/" + id + "/delete", Browser.form("not-the-token", "return_to", "/home"));
    assertEquals(403, wrong.status());
    assertFalse(status(cy, id).favourited());
    assertEquals(200, plutro.getWithToken("/api/v1/statuses/" + id, cy.token()).status(), "not deleted");
  }

  @Test
  void onlyTheAuthorDeletesAPost() {
    Member dee = plutro.register("dee");
    Member eve = plutro.register("eve");
    String hers = plutro.post(dee, "Dee's post");
    String secret = plutro.post(dee, "Only followers", "visibility", "private");
    Browser eveBrowser = WebSignIn.as(plutro, eve);
    String token = Browser.csrf(eveBrowser.page("/home"));
    assertEquals(404, eveBrowser.post("/statuses/" + hers + "/delete",
        Browser.form(token, "return_to", "/home")).status());
    assertEquals(200, plutro.getWithToken("/api/v1/statuses/" + hers, dee.token()).status());
    assertEquals(404, eveBrowser.post("/statuses/" + secret + "/favourite",
        Browser.form(token, "return_to", "/home")).status(), "a post she may not see");
    assertEquals(404, eveBrowser.post("/statuses/12345x/favourite",
        Browser.form(token, "return_to", "/home")).status());

    Browser deeBrowser = WebSignIn.as(plutro, dee);
    Document home = deeBrowser.page("/home");
    assertNotNull(home.selectFirst("#post-" + hers + " a[href=/statuses/" + hers + "/edit]"));
    Reply deleted = deeBrowser.post("/statuses/" + hers + "/delete",
        Browser.form(Browser.csrf(home), "return_to", "/home"));
    assertEquals(303, deleted.status());
    assertEquals("/home", deleted.header("Location"));
    assertEquals(404, plutro.getWithToken("/api/v1/statuses/" + hers, dee.token()).status());
  }

  /** The member's stream by their web session: from our own pages only (same origin). */
  @Test
  void theStreamTakesTheWebSessionOnlyFromThisServersPages() throws Exception {
    Member hal = plutro.register("hal");
    Member ida = plutro.register("ida");
    follow(hal, ida);
    Browser browser = WebSignIn.as(plutro, hal);
    String cookie = "plutro_session=" + browser.cookie("plutro_session");
    HttpClient http = HttpClient.newHttpClient();
    for (String site : new String[] {"cross-site", "same-site", null}) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/streaming/user"))
          .header("Cookie", cookie);
      if (site != null) {
        request.header("Sec-Fetch-Site", site);
      }
      assertEquals(401, http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
          "asked from " + site);
    }
    assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/streaming/user"))
        .header("Sec-Fetch-Site", "same-origin").build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
        "no session, no stream");

    HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(
            URI.create(plutro.base() + "/api/v1/streaming/user"))
        .header("Cookie", cookie).header("Sec-Fetch-Site", "same-origin").build(),
        HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, stream.statusCode());
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> stream.body().filter(line -> line.startsWith("event: "))
        .forEach(events::add));
    reader.setDaemon(true);
    reader.start();
    plutro.post(ida, "Streamed to Hal's page");
    assertEquals("event: update", events.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void aListIsMadeFilledReadRenamedAndDeleted() {
    Member joy = plutro.register("joy");
    Member kim = plutro.register("kim");
    Member lou = plutro.register("lou");
    follow(joy, kim);
    Browser browser = WebSignIn.as(plutro, joy);
    String token = Browser.csrf(browser.page("/lists"));
    Reply created = browser.post("/lists", Browser.form(token, "title", "Friends <i>"));
    assertEquals(303, created.status());
    String path = created.header("Location");
    String listId = path.substring("/lists/".length());
    Document list = browser.page(path);
    assertEquals("Friends <i>", list.selectFirst("h1").text());
    assertNotNull(list.selectFirst("#add-account option[value=" + kim.id() + "]"), "a followed account is offered");
    assertNull(list.selectFirst("#add-account option[value=" + lou.id() + "]"), "others are not");
    assertEquals(303, browser.post(path + "/accounts", Browser.form(token, "account_id", kim.id())).status());
    assertEquals(404, browser.post(path + "/accounts", Browser.form(token, "account_id", lou.id())).status());
    String id = plutro.post(kim, "For the list");
    assertNotNull(browser.page(path).getElementById("post-" + id), "the list's timeline");
    assertEquals(1, plutro.getWithToken("/api/v1/lists/" + listId + "/accounts", joy.token()).array().size());

    browser.post(path, Browser.form(token, "title", "Close friends"));
    assertEquals("Close friends", plutro.getWithToken("/api/v1/lists/" + listId, joy.token()).json().getString("title"));
    browser.post(path + "/accounts/remove", Browser.form(token, "account_id", kim.id()));
    assertEquals(0, plutro.getWithToken("/api/v1/lists/" + listId + "/accounts", joy.token()).array().size());

    Browser other = WebSignIn.as(plutro, lou);
    assertEquals(404, other.get(path).status(), "someone else's list");
    assertEquals(404, other.post(path + "/delete", Browser.form(Browser.csrf(other.page("/lists")))).status());
    assertEquals(403, browser.post(path + "/delete", Map.of()).status(), "no token");
    assertEquals(303, browser.post(path + "/delete", Browser.form(token)).status());
    assertEquals(404, plutro.getWithToken("/api/v1/lists/" + listId, joy.token()).status());
  }

  @Test
  void aThreadShowsTheMemberEachPostWithItsButtons() {
    Member max = plutro.register("max");
    Member ned = plutro.register("ned");
    String first = plutro.post(ned, "Where shall we ride?");
    String reply = plutro.post(max, "@ned Along the river", "in_reply_to_id", first);
    Browser browser = WebSignIn.as(plutro, max);
    Document thread = browser.page("/@ned/" + first);
    assertNotNull(thread.selectFirst("#post-" + first + " button:contains(Like)"), thread.html());
    assertNotNull(thread.selectFirst("#post-" + reply + " a[href=/statuses/" + reply + "/edit]"), "her reply, hers to edit");
    assertNull(new Browser(plutro).page("/@ned/" + first).selectFirst("form.act"), "visitors get no buttons");
  }

  @Test
  void newerPostsComeAsAFragmentForTheScript() {
    Member oli = plutro.register("oli");
    String older = plutro.post(oli, "Older one");
    String newer = plutro.post(oli, "Newer one");
    Browser browser = WebSignIn.as(plutro, oli);
    Reply fragment = browser.get("/home?partial=1&since_id=" + older);
    assertEquals(200, fragment.status());
    assertFalse(fragment.body().contains("<html"), "only the posts");
    assertTrue(fragment.body().contains("id=\"post-" + newer + "\""), fragment.body());
    assertFalse(fragment.body().contains("id=\"post-" + older + "\""));
  }

  @Test
  void visitorsAreSentToSignIn() {
    Browser visitor = new Browser(plutro);
    for (String path : new String[] {"/home", "/public/local", "/public", "/bookmarks", "/favourites"}) {
      Reply reply = visitor.get(path);
      assertEquals(303, reply.status(), path + ": " + reply);
      assertTrue(reply.header("Location").startsWith("/auth/sign_in"), reply.header("Location"));
    }
  }

  @Test
  void theLocalTimelineAndAHashtagShowPostsWithButtons() {
    Member fay = plutro.register("fay");
    Member gus = plutro.register("gus");
    String id = plutro.post(gus, "Riding today #cycling");
    Browser browser = WebSignIn.as(plutro, fay);
    assertNotNull(browser.page("/public/local").selectFirst("#post-" + id + " button:contains(Like)"));
    assertNotNull(browser.page("/public").getElementById("post-" + id));
    assertNotNull(browser.page("/tags/cycling").selectFirst("#post-" + id + " button:contains(Share)"));
    assertNotNull(new Browser(plutro).page("/tags/cycling").selectFirst("article"), "visitors see it too");
  }

  @Test
  void aFollowersOnlyPostsPageIsForThoseWhoMaySeeIt() {
    Member una = plutro.register("una");
    Member vic = plutro.register("vic");
    Member wes = plutro.register("wes");
    follow(vic, una);
    String id = plutro.post(una, "For my followers only", "visibility", "private");
    String dm = plutro.post(una, "@wes just for you", "visibility", "direct");

    Document seen = WebSignIn.as(plutro, vic).page("/@una/" + id);
    assertNotNull(seen.selectFirst("#post-" + id + ":contains(For my followers only)"), seen.html());
    assertNotNull(WebSignIn.as(plutro, una).page("/@una/" + id).selectFirst("#post-" + id), "her own");
    Document direct = WebSignIn.as(plutro, wes).page("/@una/" + dm);
    assertNotNull(direct.selectFirst("#post-" + dm + ":contains(just for you)"), "the one it names");

    Browser stranger = WebSignIn.as(plutro, wes);
    assertEquals(404, stranger.get("/@una/" + id).status(), "not a follower");
    assertEquals(404, WebSignIn.as(plutro, vic).get("/@una/" + dm).status(), "not named in it");
    assertEquals(404, new Browser(plutro).get("/@una/" + id).status(), "a visitor");
  }
}
