package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * Voting in a poll from a page, over plain HTTP: the form (a labelled radio button or checkbox per
 * choice), the vote through the API's service, 303 back to the post, results after voting, on
 * one's own poll and once it ended; refused votes store nothing and say why; a poll on a post the
 * member may not see is 404; and the header's count of unread notifications.
 */
class PollVotingPagesTest {
  static TestInstance plutro;
  static Member ann;
  static Member bob;
  static Member cat;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    ann = plutro.register("ann");
    bob = plutro.register("bob");
    cat = plutro.register("cat");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  /** Ann's post with a poll; its status id. */
  static String poll(String text, boolean multiple, String visibility, String... options) {
    JsonObject body = new JsonObject().put("status", text).put("visibility", visibility)
        .put("poll", new JsonObject().put("options", new JsonArray(java.util.List.of((Object[]) options)))
            .put("expires_in", 3600).put("multiple", multiple));
    Reply posted = plutro.postJson("/api/v1/statuses", body, "Authorization", "Bearer " + ann.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json().getString("id");
  }

  static String pollId(String statusId) {
    return plutro.getWithToken("/api/v1/statuses/" + statusId, ann.token()).json()
        .getJsonObject("poll").getString("id");
  }

  static long votes(String pollId) {
    return plutro.count("SELECT count(*) FROM poll_votes WHERE poll_id = $1", Long.parseLong(pollId));
  }

  static Element article(Document page, String statusId) {
    Element article = page.getElementById("post-" + statusId);
    assertNotNull(article, page.text());
    return article;
  }

  @Test
  void aMemberVotesFromThePostsPageAndSeesTheResults() {
    String post = poll("Which owl?", false, "public", "Barn owl", "Tawny owl");
    String pollId = pollId(post);
    Browser browser = WebSignIn.as(plutro, bob);
    String path = "/@ann/" + post;
    Element form = article(browser.page(path), post).selectFirst("form.poll-vote");
    assertNotNull(form);
    assertEquals("/polls/" + pollId + "/votes", form.attr("action"));
    var radios = form.select("input[type=radio]");
    assertEquals(2, radios.size());
    assertEquals("choices[]", radios.get(0).attr("name"));
    assertEquals("Barn owl", form.selectFirst("label[for=" + radios.get(0).id() + "]").text());
    assertEquals("Tawny owl", form.selectFirst("label[for=" + radios.get(1).id() + "]").text());

    Reply voted = browser.post(form.attr("action"), Map.of("authenticity_token",
        form.selectFirst("input[name=authenticity_token]").val(), "return_to", path, "choices[]", "1"));
    assertEquals(303, voted.status(), voted.body());
    assertEquals(path + "#post-" + post, voted.header("Location"));
    assertEquals(1, votes(pollId));
    JsonObject seen = plutro.getWithToken("/api/v1/polls/" + pollId, bob.token()).json();
    assertEquals(new JsonArray().add(1), seen.getJsonArray("own_votes"), "as the API sees it");

    Element results = article(browser.page(path), post).selectFirst(".poll-results");
    assertNotNull(results, "results after voting");
    assertNull(article(browser.page(path), post).selectFirst("form.poll-vote"));
    assertTrue(results.selectFirst("li.mine").text().contains("Tawny owl"), results.text());
    assertTrue(results.selectFirst("li.mine").text().contains("100%"), results.text());

    // Again: refused, said on the page, nothing more stored.
    Reply again = browser.post("/polls/" + pollId + "/votes", Map.of("authenticity_token",
        form.selectFirst("input[name=authenticity_token]").val(), "return_to", path, "choices[]", "0"));
    assertEquals(303, again.status());
    assertTrue(browser.page(path).selectFirst(".page-notice").text().contains("already voted"));
    assertEquals(1, votes(pollId));

    // The author sees results, not a form.
    Document own = WebSignIn.as(plutro, ann).page(path);
    assertNull(article(own, post).selectFirst("form.poll-vote"));
    assertNotNull(article(own, post).selectFirst(".poll-results"));
  }

  @Test
  void aMultipleChoicePollHasCheckboxesAndCountsEachChoice() {
    String post = poll("Which birds did you see?", true, "public", "Heron", "Kingfisher", "Dipper");
    String pollId = pollId(post);
    Browser browser = WebSignIn.as(plutro, cat);
    Document page = browser.page("/@ann/" + post);
    Element form = article(page, post).selectFirst("form.poll-vote");
    assertEquals(3, form.select("input[type=checkbox]").size());
    // With partial=1 (the script), the answer is the post with its results, to put in place.
    Reply voted = browser.post("/polls/" + pollId + "/votes", Map.of("authenticity_token",
        Browser.csrf(page), "return_to", "/home", "choices[]", "0", "choices", "2", "partial", "1"));
    assertEquals(200, voted.status(), voted.body());
    Element results = Jsoup.parse(voted.body()).selectFirst(".poll-results");
    assertEquals(2, results.select("li.mine").size(), voted.body());
    assertEquals(2, votes(pollId));
  }

  @Test
  void badVotesChangeNothing() {
    String post = poll("Rain or shine?", false, "public", "Rain", "Shine");
    String pollId = pollId(post);
    Browser browser = WebSignIn.as(plutro, bob);
    String path = "/@ann/" + post;
    Document page = browser.page(path);
    String token = Browser.csrf(page);

    // No CSRF token: 403, nothing stored.
    assertEquals(403, browser.post("/polls/" + pollId + "/votes", Map.of("choices[]", "0")).status());
    assertEquals(403, browser.post("/polls/" + pollId + "/votes", Map.of("choices[]", "0",
        "authenticity_token", "forged")).status());
    // Not a choice of the poll, no choice, two choices on a single-choice poll: a notice, no vote.
    for (Map<String, String> bad : java.util.List.of(Map.of("choices[]", "7"), Map.<String, String>of(),
        Map.of("choices[]", "x"))) {
      Map<String, String> form = new java.util.HashMap<>(bad);
      form.put("authenticity_token", token);
      form.put("return_to", path);
      Reply refused = browser.post("/polls/" + pollId + "/votes", form);
      assertEquals(303, refused.status(), refused.body());
      assertEquals(path, refused.header("Location"));
      assertTrue(browser.page(path).selectFirst(".page-notice").text()
          .contains("choose one of the poll's options"), bad.toString());
    }
    Reply partial = browser.post("/polls/" + pollId + "/votes", Map.of("authenticity_token", token,
        "choices[]", "9", "partial", "1"));
    assertEquals(422, partial.status());
    assertTrue(partial.body().startsWith("Your vote was not counted"), partial.body());
    assertEquals(0, votes(pollId));

    // A followers-only post the member may not see: 404, as in the API.
    String secret = poll("Followers only: tea or coffee?", false, "private", "Tea", "Coffee");
    String secretPoll = pollId(secret);
    assertEquals(404, browser.post("/polls/" + secretPoll + "/votes", Map.of("authenticity_token", token,
        "choices[]", "0", "return_to", path)).status());
    assertEquals(0, votes(secretPoll));
    assertEquals(404, browser.post("/polls/999999999/votes", Map.of("authenticity_token", token,
        "choices[]", "0")).status());

    // An ended poll shows its results and refuses votes.
    plutro.sql("UPDATE polls SET expires_at = now() - interval '1 minute' WHERE id = $1",
        Long.parseLong(pollId));
    Document ended = browser.page(path);
    assertNull(article(ended, post).selectFirst("form.poll-vote"));
    assertTrue(article(ended, post).selectFirst(".poll-results").text().contains("closed"));
    browser.post("/polls/" + pollId + "/votes", Map.of("authenticity_token", token, "choices[]", "0",
        "return_to", path));
    assertTrue(browser.page(path).selectFirst(".page-notice").text().contains("the poll has ended"));
    assertEquals(0, votes(pollId));
  }

  @Test
  void theHeaderCountsUnreadNotificationsUntilTheMemberOpensThem() {
    Member dee = plutro.register("dee");
    Browser browser = WebSignIn.as(plutro, dee);
    assertTrue(browser.page("/home").selectFirst(".notifications-link .unread").hasAttr("hidden"));
    plutro.post(ann, "@dee the heron is back");
    plutro.post(bob, "@dee did you see it?");
    Eventually.within10s("two mentions notified", () -> "2".equals(browser.page("/home")
        .selectFirst(".notifications-link .unread").text()));
    Element unread = browser.page("/home").selectFirst(".notifications-link .unread");
    assertFalse(unread.hasAttr("hidden"));
    assertEquals("2", unread.text());
    assertEquals("2 unread", unread.attr("aria-label"));
    assertEquals("2", browser.page("/explore").selectFirst(".notifications-link .unread").text(),
        "on every member page");
    // Opening the list reads them (the marker moves, as in Mastodon's web app).
    Document list = browser.page("/notifications");
    assertEquals(2, list.select(".notification.unread").size(), "shown as new this once");
    assertTrue(list.selectFirst(".notifications-link .unread").hasAttr("hidden"));
    assertTrue(browser.page("/home").selectFirst(".notifications-link .unread").hasAttr("hidden"));
    assertEquals(0L, plutro.getWithToken("/api/v1/notifications/unread_count", dee.token()).json()
        .getLong("count"));
    plutro.post(ann, "@dee one more");
    Eventually.within10s("a profile page counts too", () -> "1".equals(browser.page("/@ann")
        .selectFirst(".notifications-link .unread").text()));
    // Visitors have no such header.
    assertNull(new Browser(plutro).page("/@ann").selectFirst(".notifications-link"));
  }
}
