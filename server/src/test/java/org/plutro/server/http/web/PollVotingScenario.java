package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * A member votes in polls in a real browser: picks a choice by its label and presses "Vote"; with
 * JavaScript the poll turns into its results in place, without it the page comes back at the post;
 * a vote without a choice is refused and said so; the header counts unread notifications, and
 * with JavaScript a new one adds to that count live. Run with JavaScript on and off
 * ({@link PollVotingBrowserTest}, {@link PollVotingNoScriptBrowserTest}); photographed as
 * {@code target/screenshots/poll-*-js|nojs}.
 */
abstract class PollVotingScenario {
  static TestInstance plutro;
  static Member ann;
  static Member bob;

  abstract Chromium browser();

  abstract boolean javascript();

  private String shot(String name) {
    return name + (javascript() ? "-js" : "-nojs");
  }

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    ann = plutro.register("ann");
    bob = plutro.register("bob");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static String poll(String text, boolean multiple, String... options) {
    JsonObject body = new JsonObject().put("status", text)
        .put("poll", new JsonObject().put("options", new JsonArray(List.of((Object[]) options)))
            .put("expires_in", 86400).put("multiple", multiple));
    Reply posted = plutro.postJson("/api/v1/statuses", body, "Authorization", "Bearer " + ann.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json().getString("id");
  }

  /** Presses the poll's "Vote": with script the page stays and the poll changes in place. */
  private void vote(String post, String expect) {
    Chromium browser = browser();
    if (!javascript()) {
      browser.press("Vote");
      return;
    }
    browser.driver().findElement(By.cssSelector("#post-" + post + " form.poll-vote button[type=submit]")).click();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d ->
        d.findElement(By.id("post-" + post)).findElements(By.cssSelector(expect)).stream()
            .anyMatch(WebElement::isDisplayed));
  }

  @Test
  void aMemberVotesAndSeesTheResults() {
    Chromium browser = browser();
    String post = poll("Which owl did you hear last night?", false, "Barn owl", "Tawny owl", "Little owl");
    String multi = poll("Which birds came to the feeder?", true, "Blue tit", "Robin", "Nuthatch");
    plutro.post(ann, "@bob the poll is up");
    Eventually.within10s("bob is told", () -> plutro.count("SELECT count(*) FROM notifications"
        + " WHERE account_id = $1", Long.parseLong(bob.id())) == 1);
    WebSignIn.as(browser, plutro, "bob");
    String path = plutro.base() + "/@ann/" + post;
    browser.visit(path);
    WebElement unread = browser.driver().findElement(By.cssSelector(".notifications-link .unread"));
    assertEquals("1", unread.getText(), "the unread notification, counted on the page");
    browser.photograph(shot("poll-vote"));

    // No choice: refused, and said so; nothing counted.
    vote(post, javascript() ? ".poll-error" : "");
    assertTrue(browser.text().contains("Your vote was not counted: choose one of the poll's options."),
        browser.text());
    assertEquals(0, plutro.count("SELECT count(*) FROM poll_votes WHERE account_id = $1",
        Long.parseLong(bob.id())));

    browser.check("Tawny owl", true);
    String before = browser.url();
    vote(post, ".poll-results");
    if (javascript()) {
      assertEquals(before, browser.url(), "in place");
    } else {
      assertTrue(browser.url().endsWith("/@ann/" + post + "#post-" + post), browser.url());
    }
    String results = browser.driver().findElement(By.cssSelector("#post-" + post + " .poll-results")).getText();
    assertTrue(results.contains("Tawny owl (your vote) 100%"), results);
    assertTrue(browser.driver().findElements(By.cssSelector("#post-" + post + " form.poll-vote")).isEmpty());
    browser.photograph(shot("poll-results"));

    // A poll of several choices: a checkbox each.
    browser.visit(plutro.base() + "/@ann/" + multi);
    browser.check("Robin", true).check("Nuthatch", true);
    vote(multi, ".poll-results");
    String both = browser.driver().findElement(By.cssSelector("#post-" + multi + " .poll-results")).getText();
    assertTrue(both.contains("Robin (your vote)") && both.contains("Nuthatch (your vote)"), both);
    assertFalse(both.contains("Blue tit (your vote)"), both);
    assertEquals(3, plutro.count("SELECT count(*) FROM poll_votes WHERE account_id = $1",
        Long.parseLong(bob.id())));

    // Search finds the post, shown as everywhere else: the results of the poll voted in.
    browser.visit(plutro.base() + "/search?q=owl");
    assertTrue(browser.driver().findElement(By.cssSelector(".search-posts #post-" + post + " .poll-results"))
        .getText().contains("Tawny owl (your vote)"));
    browser.photograph(shot("poll-search"));
    // Answering it: the post above the form, with the member's buttons.
    browser.visit(plutro.base() + "/publish?in_reply_to=" + multi);
    assertTrue(browser.driver().findElement(By.cssSelector(".compose-context #post-" + multi))
        .getText().contains("Like"));
    browser.photograph(shot("poll-reply"));

    // A new notification: with script, it adds to the header's count live; without, after a reload.
    if (javascript()) {
      new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> "on".equals(
          ((org.openqa.selenium.JavascriptExecutor) browser.driver())
              .executeScript("return document.documentElement.dataset.live")));
    }
    plutro.post(ann, "@bob thanks for voting");
    Eventually.within10s("the header counts the new notification", () -> {
      if (!javascript()) {
        browser.visit(plutro.base() + "/@ann/" + multi);
      }
      return "2".equals(browser.driver().findElement(By.cssSelector(".notifications-link .unread")).getText());
    });
  }
}
