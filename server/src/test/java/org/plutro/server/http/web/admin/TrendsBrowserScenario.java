package org.plutro.server.http.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.ServerInternals;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * A hashtag trending here appears on Explore only after an admin approved it on /admin/trends,
 * in real Chromium, with JavaScript on and off; a rejected one stays hidden; /admin/trends is
 * nothing (404) to a member who is not an admin, and its buttons need the form's token. Run with
 * JavaScript on ({@link TrendsBrowserTest}) and off ({@link TrendsNoScriptBrowserTest}).
 */
abstract class TrendsBrowserScenario {
  static TestInstance plutro;

  abstract Chromium browser();

  abstract String suffix();

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    Member boss = plutro.register("boss");
    plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = 'boss' AND domain IS NULL)");
    List<Member> riders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Member rider = plutro.register("rider" + i);
      riders.add(rider);
      plutro.post(rider, "Out on the bike #Cycling, nice day #Weather");
    }
    // A post liked by five people trends too; the boss's own posts and likes feed "For you".
    String liked = plutro.post(riders.get(0), "The view from the top of the pass, after three hours of climbing.");
    for (Member fan : List.of(riders.get(1), riders.get(2), riders.get(3), riders.get(4), boss)) {
      like(fan, liked);
    }
    like(boss, plutro.post(riders.get(0), "Chain oil matters more than you think"));
    plutro.post(boss, "Sourdough day #Baking");
    plutro.post(boss, "Rye this time #Baking");
    ServerInternals.refreshTrends(plutro.server());
  }

  static void like(Member who, String id) {
    assertEquals(200, plutro.postForm("/api/v1/statuses/" + id + "/favourite", Map.of(),
        "Authorization", "Bearer " + who.token()).status());
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void aTrendingHashtagShowsOnExploreOnlyOnceApproved() {
    Chromium browser = browser();
    browser.visit(plutro.base() + "/explore/tags");
    assertFalse(browser.text().contains("#cycling"), "not before review: " + browser.text());
    assertTrue(browser.text().contains("Nothing is trending right now."));

    WebSignIn.as(browser, plutro, "boss");
    browser.visit(plutro.base() + "/admin/trends");
    String review = browser.text();
    assertTrue(review.contains("#cycling") && review.contains("#weather"), review);
    assertTrue(review.contains("Waiting for review"), review);
    browser.screenshot("admin-trends-" + suffix());
    assertTrue(browser.fitsPhone(), "/admin/trends fits a phone");

    // Approve #cycling (the buttons name what they act on for screen readers), reject #weather.
    browser.driver().findElement(org.openqa.selenium.By.cssSelector("button[aria-label='Approve #cycling']")).click();
    org.plutro.server.testrig.Eventually.within10s("approved", () -> browser.text().contains("Approved: it is shown on Explore."));
    browser.driver().findElement(org.openqa.selenium.By.cssSelector("button[aria-label='Reject #weather']")).click();
    org.plutro.server.testrig.Eventually.within10s("rejected", () -> browser.text().contains("Rejected: it stays hidden"));
    assertTrue(browser.url().contains("/admin/trends?type=tags#trend-"), browser.url());
    assertEquals(2, plutro.count("SELECT count(*) FROM admin_action_logs WHERE target_type = 'Tag'"
        + " AND action IN ('approve', 'reject')"), "both decisions are in the audit log");

    browser.forgetCookies();
    browser.visit(plutro.base() + "/explore/tags");
    String explore = browser.text();
    assertTrue(explore.contains("#cycling"), explore);
    assertTrue(explore.contains("5 people in the past two days"), explore);
    assertFalse(explore.contains("#weather"), "rejected stays hidden");
    browser.screenshot("explore-tags-" + suffix());
    assertTrue(browser.fitsPhone(), "/explore/tags fits a phone");
    browser.follow("#cycling");
    assertTrue(browser.url().endsWith("/tags/cycling"), browser.url());

    // A post: approved on its tab, then on Explore's first tab.
    browser.visit(plutro.base() + "/explore");
    assertFalse(browser.text().contains("The view from the top"), "not before review");
    WebSignIn.as(browser, plutro, "boss");
    browser.visit(plutro.base() + "/admin/trends").follow("Posts");
    assertTrue(browser.text().contains("The view from the top"), browser.text());
    browser.press("Approve");
    assertTrue(browser.text().contains("Approved: shown on Explore"), browser.text());
    browser.screenshot("admin-trends-posts-" + suffix());
    browser.visit(plutro.base() + "/explore");
    assertTrue(browser.text().contains("The view from the top"), browser.text());
    browser.screenshot("explore-" + suffix());
    assertTrue(browser.fitsPhone(), "/explore fits a phone");

    // For you: off until the member turns it on in the settings, then with its reasons.
    browser.follow("For you");
    assertTrue(browser.text().contains("Suggestions for you are off."), browser.text());
    browser.follow("Turn on suggestions");
    browser.check("Suggest hashtags and people from my activity", true).press("Save");
    assertTrue(browser.text().contains("Suggestions are on."), browser.text());
    browser.visit(plutro.base() + "/explore/suggestions");
    String forYou = browser.text();
    assertTrue(forYou.contains("You often post about #baking"), forYou);
    assertTrue(forYou.contains("You liked 2 posts by @rider0"), forYou);
    browser.screenshot("explore-for-you-" + suffix());
    assertTrue(browser.fitsPhone(), "For you fits a phone");
    browser.press("Don't suggest again");
    assertTrue(browser.text().contains("We will not suggest @rider"), browser.text());
    browser.visit(plutro.base() + "/settings/suggestions");
    browser.check("Suggest hashtags and people from my activity", false).press("Save");
    assertTrue(browser.text().contains("Suggestions are off"), browser.text());
    assertEquals(0, plutro.count("SELECT count(*) FROM personal_suggestions"));
  }

  @Test
  void aMemberWhoIsNotAnAdminFindsNothing() {
    plutro.register("plain" + suffix());
    Browser member = WebSignIn.as(plutro, "plain" + suffix());
    assertEquals(404, member.get("/admin/trends").status());
    assertEquals(404, member.submit("/settings/profile", "/admin/trends/tags/1/approve", Map.of()).status());
    Browser admin = WebSignIn.as(plutro, "boss");
    assertEquals(403, admin.post("/admin/trends/tags/1/approve", Map.of()).status(), "no token: refused");
  }
}
