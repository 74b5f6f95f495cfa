package org.plutro.server.http.web.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.plutro.server.media.TestImages;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * A member writes in a real browser: a post with a picture, its alt text and a content warning; a
 * refused post that comes back as typed; a reply in a thread; an edit and its history; a quote.
 * Run with JavaScript on and off ({@link ComposeBrowserTest}, {@link ComposeNoScriptBrowserTest});
 * the pages are photographed as {@code target/screenshots/publish-*-js|nojs}.
 */
abstract class ComposeScenario {
  static TestInstance plutro;
  static Member alice;
  static Member bob;
  static Path picture;

  abstract Chromium browser();

  abstract boolean javascript();

  private String shot(String name) {
    return name + (javascript() ? "-js" : "-nojs");
  }

  @BeforeAll
  static void start() throws Exception {
    plutro = TestInstance.start(Map.of("PLUTRO_INSTANCE_NAME", "Owl Town"));
    alice = plutro.register("alice");
    bob = plutro.register("bob");
    picture = Files.createTempFile("owl", ".png");
    Files.write(picture, TestImages.encode(TestImages.picture(64, 48, false), "png"));
  }

  @AfterAll
  static void stop() throws Exception {
    Files.deleteIfExists(picture);
    plutro.close();
  }

  private void open(String summary) {
    browser().driver().findElement(By.xpath("//summary[normalize-space()='" + summary + "']")).click();
  }

  private String idOfPage() {
    String url = browser().url();
    return url.substring(url.lastIndexOf('/') + 1);
  }

  @Test
  void aMemberWritesRepliesEditsAndQuotes() {
    Chromium browser = browser();
    WebSignIn.as(browser, plutro, "alice");

    // A post with a picture, its alt text and a content warning.
    browser.visit(plutro.base() + "/publish");
    browser.photograph(shot("publish-empty"));
    if (javascript()) {
      assertTrue(browser.text().contains("500 characters left"), browser.text());
    }
    browser.fill("Post text", "The barn owl came back tonight. #owls");
    browser.fill("Content warning", "Night birds");
    open("Add pictures or a video");
    browser.attach("File 1", picture);
    browser.fill("Alt text for file 1", "A pale owl on a fence post");
    browser.photograph(shot("publish-media"));
    if (javascript()) {
      assertTrue(browser.text().contains("characters left"));
      WebElement preview = browser.driver().findElement(By.id("preview_1"));
      Eventually.within(Duration.ofSeconds(5), "the picture's preview", preview::isDisplayed);
    }
    browser.press("Publish");
    assertTrue(browser.url().contains("/@alice/"), browser.url());
    String postId = idOfPage();
    assertTrue(browser.text().contains("Night birds"), "the content warning shows");
    WebElement image = browser.driver().findElement(By.cssSelector(".focus-post .media img"));
    assertEquals("A pale owl on a fence post", image.getAttribute("alt"));
    browser.visit(plutro.base() + "/@alice");
    assertTrue(browser.text().contains("Night birds"), "on the profile too");

    // Too long: the form comes back with the text kept and the error beside it.
    browser.visit(plutro.base() + "/publish");
    String tooLong = "Owls. ".repeat(90);
    browser.fill("Post text", tooLong);
    browser.fill("Content warning", "Long");
    if (javascript()) {
      assertTrue(browser.text().contains("characters too many"), browser.text());
    }
    browser.press("Publish");
    assertTrue(browser.text().contains("Your post is too long"), browser.text());
    assertEquals(tooLong.strip(), browser.field("Post text").getAttribute("value").strip());
    assertEquals("Long", browser.field("Content warning").getAttribute("value"));
    browser.photograph(shot("publish-error"));

    // A reply in a thread, which ends on the thread's page.
    String bobsPost = plutro.post(bob, "Has anyone seen the tawny owls this week?");
    browser.visit(plutro.base() + "/publish?in_reply_to=" + bobsPost);
    assertTrue(browser.text().contains("Has anyone seen the tawny owls"), "the post answered is shown");
    assertEquals("@bob", browser.field("Post text").getAttribute("value").strip());
    browser.photograph(shot("publish-reply"));
    browser.field("Post text").sendKeys(" Two of them, by the church.");
    browser.press("Publish");
    String thread = browser.text();
    assertTrue(thread.indexOf("Has anyone seen the tawny owls") < thread.indexOf("Two of them, by the church"),
        "the thread shows the post answered above the reply: " + thread);

    // An edit, then its history.
    browser.visit(plutro.base() + "/statuses/" + postId + "/edit");
    assertEquals("The barn owl came back tonight. #owls", browser.field("Post text").getAttribute("value"));
    assertEquals("A pale owl on a fence post", browser.field("Alt text for file 1").getAttribute("value"));
    browser.photograph(shot("edit"));
    browser.fill("Post text", "The barn owl came back tonight, twice. #owls");
    browser.fill("Alt text for file 1", "A pale barn owl on a fence post");
    browser.press("Save changes");
    assertTrue(browser.url().endsWith("/@alice/" + postId), browser.url());
    assertEquals("A pale barn owl on a fence post", browser.driver()
        .findElement(By.cssSelector(".focus-post .media img")).getAttribute("alt"));
    browser.visit(plutro.base() + "/statuses/" + postId + "/history");
    String history = browser.text();
    assertTrue(history.indexOf("came back tonight, twice") < history.indexOf("came back tonight. #owls"),
        "newest first: " + history);
    browser.photograph(shot("history"));

    // A quote.
    browser.visit(plutro.base() + "/publish?quote=" + bobsPost);
    assertTrue(browser.text().contains("You are quoting"), browser.text());
    browser.fill("Post text", "Bob asks the right question.");
    browser.press("Publish");
    String quoteId = idOfPage();
    JsonObject quote = plutro.getWithToken("/api/v1/statuses/" + quoteId, alice.token()).json();
    assertNotNull(quote.getJsonObject("quote"), quote.encodePrettily());
    assertEquals(bobsPost, quote.getJsonObject("quote").getJsonObject("quoted_status").getString("id"));
    assertFalse(browser.text().contains("Nothing was posted"));
  }
}
