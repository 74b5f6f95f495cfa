package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * A member reads home in real Chromium, likes, shares and bookmarks a post by someone she
 * follows and deletes her own: with JavaScript off every button is a form post and a page; with
 * it on the buttons act in place and a new post arrives live.
 */
abstract class MemberReadingBrowserTest {
  static TestInstance plutro;

  abstract Chromium browser();

  abstract boolean javascript();

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static final class WithJavaScript extends MemberReadingBrowserTest {
    @RegisterExtension
    static final Chromium browser = new Chromium(true);

    @Override
    Chromium browser() {
      return browser;
    }

    @Override
    boolean javascript() {
      return true;
    }
  }

  static final class WithoutJavaScript extends MemberReadingBrowserTest {
    @RegisterExtension
    static final Chromium browser = new Chromium(false);

    @Override
    Chromium browser() {
      return browser;
    }

    @Override
    boolean javascript() {
      return false;
    }
  }

  @Test
  void aMemberReadsHomeActsOnAPostAndDeletesHerOwn() {
    Chromium browser = browser();
    String suffix = javascript() ? "js" : "nojs";
    Member ann = plutro.register("ann" + suffix);
    Member ben = plutro.register("ben" + suffix);
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + ben.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + ann.token()).status());
    String mine = plutro.post(ann, "A draft I regret");
    String his = plutro.post(ben, "Hello from Ben, riding along the river");

    WebSignIn.as(browser, plutro, ann.username());
    browser.visit(plutro.base() + "/home");
    assertTrue(browser.text().contains("Hello from Ben"), browser.text());
    browser.photograph("home" + (javascript() ? "" : "-nojs"));

    act(his, "Like", "Unlike");
    act(his, "Share", "Unshare");
    act(his, "Bookmark", "Remove bookmark");
    JsonObject seen = plutro.getWithToken("/api/v1/statuses/" + his, ann.token()).json();
    assertTrue(seen.getBoolean("favourited") && seen.getBoolean("reblogged") && seen.getBoolean("bookmarked"),
        seen.encode());

    browser.visit(plutro.base() + "/bookmarks");
    assertTrue(browser.text().contains("Hello from Ben"), "the bookmark is listed: " + browser.text());

    browser.visit(plutro.base() + "/home");
    post(mine).findElement(By.cssSelector("details.delete summary")).click();
    browser.press("Delete this post");
    assertFalse(browser.text().contains("A draft I regret"), browser.text());
    assertEquals(404, plutro.getWithToken("/api/v1/statuses/" + mine, ann.token()).status());
  }

  @Test
  void aNewPostFromSomeoneFollowedArrivesLive() {
    if (!javascript()) {
      return; // without script, a reload shows it: the first test reads home that way
    }
    Chromium browser = browser();
    Member cat = plutro.register("cat");
    Member dan = plutro.register("dan");
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + dan.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + cat.token()).status());
    WebSignIn.as(browser, plutro, cat.username());
    browser.visit(plutro.base() + "/home");
    WebElement page = browser.driver().findElement(By.tagName("html"));
    // The page's stream is open once the browser holds it; a post before that would be missed.
    Eventually.within10s("the stream is connected", () -> streamOpen(browser));
    String id = plutro.post(dan, "Live from Dan");
    WebElement showNew = browser.driver().findElement(By.cssSelector("[data-show-new]"));
    Eventually.within10s("the new post is announced", showNew::isDisplayed);
    assertEquals("1 new post \u2014 show them", showNew.getText().strip());
    showNew.click();
    Eventually.within10s("the new post is shown", () -> browser.text().contains("Live from Dan"));
    assertTrue(page.isDisplayed(), "no page load");
    act(id, "Like", "Unlike");
  }

  /** The page's event stream is open (the script marks the page {@code data-live="on"}). */
  private static boolean streamOpen(Chromium browser) {
    return "on".equals(browser.driver().findElement(By.tagName("html")).getAttribute("data-live"));
  }

  private WebElement post(String id) {
    return browser().driver().findElement(By.id("post-" + id));
  }

  /** Presses the button under the post; with script, the page stays and the button flips. */
  private void act(String id, String label, String undoLabel) {
    WebElement button = post(id).findElements(By.cssSelector("form.act button")).stream()
        .filter(b -> b.getText().strip().equals(label)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + label + " under " + id));
    if (javascript()) {
      WebElement page = browser().driver().findElement(By.tagName("html"));
      button.click();
      Eventually.within10s(label + " flips in place", () -> post(id).findElements(By.cssSelector("form.act button"))
          .stream().anyMatch(b -> b.getText().strip().equals(undoLabel)));
      assertTrue(page.isDisplayed(), "no page load");
    } else {
      WebElement page = browser().driver().findElement(By.tagName("html"));
      button.click();
      Eventually.within10s("the page comes back", () -> {
        try {
          page.isDisplayed();
          return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
          return true;
        }
      });
      assertTrue(browser().url().endsWith("/home#post-" + id), browser().url());
      assertTrue(post(id).findElements(By.cssSelector("form.act button")).stream()
          .anyMatch(b -> b.getText().strip().equals(undoLabel)), undoLabel + " after " + label);
    }
  }
}
