package org.plutro.server.http.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    plutro.register("boss");
    plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = 'boss' AND domain IS NULL)");
    for (int i = 0; i < 5; i++) {
      Member rider = plutro.register("rider" + i);
      plutro.post(rider, "Out on the bike #Cycling, nice day #Weather");
    }
    ServerInternals.refreshTrends(plutro.server());
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
    browser.visit(plutro.base() + "/explore");
    assertTrue(browser.text().contains("Posts"));
    browser.screenshot("explore-" + suffix());
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
