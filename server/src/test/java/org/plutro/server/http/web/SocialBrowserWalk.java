package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * A member's social walk in a real browser across two real Plutro instances: Ann (here) searches
 * Bob's handle on the other instance, opens his profile and follows him; his new post reaches her;
 * Bob and Cleo like her post and Bob mentions her, and she sees the likes grouped (JavaScript off:
 * after a reload; on: without one); Bob's direct message is in her messages. Once with
 * JavaScript off ({@link SocialBrowserTest}), once on ({@link SocialScriptBrowserTest});
 * screenshots {@code target/screenshots/social-*}.
 */
abstract class SocialBrowserWalk {
  static TestInstance here;
  static TestInstance there;
  static Member ann;
  static Member bob;
  static Member cleo;
  static String annsPost;

  abstract Chromium browser();

  abstract boolean javascript();

  @BeforeAll
  static void start() {
    here = TestInstance.start(Map.of("PLUTRO_INSTANCE_NAME", "Owl Town"));
    there = TestInstance.start(Map.of("PLUTRO_INSTANCE_NAME", "Marsh"));
    ann = here.register("ann");
    bob = there.register("bob");
    cleo = there.register("cleo");
    there.sql("UPDATE accounts SET display_name = 'Bob Heron', note = '<p>I count herons.</p>'"
        + " WHERE username = 'bob'");
    annsPost = here.post(ann, "Listening for owls tonight.");
  }

  @AfterAll
  static void stop() {
    here.close();
    there.close();
  }

  @Test
  void aMemberFollowsSomeoneOnAnotherInstanceAndHearsBack() {
    Chromium browser = browser();
    String suffix = javascript() ? "-js" : "";
    WebSignIn.as(browser, here, "ann");
    String handle = "@bob@" + there.authority();
    browser.visit(here.base() + "/search")
        .fill("Search for people, hashtags or posts", handle)
        .press("Search");
    assertTrue(browser.text().contains(handle), browser.text());
    browser.photograph("social-search" + suffix);

    browser.follow("Bob Heron");
    assertEquals(here.base() + "/" + handle, browser.url());
    assertTrue(browser.text().contains("I count herons."), browser.text());
    browser.press("Follow");
    Eventually.within10s("Bob's server accepts Ann's follow", () -> here.count(
        "SELECT count(*) FROM follows f JOIN accounts a ON a.id = f.target_account_id"
            + " WHERE a.username = 'bob' AND a.domain IS NOT NULL AND f.state = 'accepted'") == 1);
    browser.visit(here.base() + "/" + handle);
    assertTrue(browser.text().contains("Unfollow"), browser.text());

    there.post(bob, "Seven grey herons on the north pond this morning.");
    Eventually.within10s("Bob's post reaches Ann's home", () -> here.getWithToken(
        "/api/v1/timelines/home", ann.token()).body().contains("Seven grey herons"));
    browser.visit(here.base() + "/" + handle);
    assertTrue(browser.text().contains("Seven grey herons"), browser.text());
    browser.photograph("social-remote-profile" + suffix);

    browser.visit(here.base() + "/notifications");
    String onThere = resolvedPost(here.base() + "/@ann/" + annsPost);
    for (Member liker : new Member[] {cleo, bob}) {
      Reply liked = there.postForm("/api/v1/statuses/" + onThere + "/favourite", Map.of(),
          "Authorization", "Bearer " + liker.token());
      assertEquals(200, liked.status(), liked.body());
    }
    there.post(bob, "@ann@" + here.authority() + " did you hear the tawny owl?");
    // Grouped, the newest like first: the two deliveries may arrive in either order.
    java.util.regex.Pattern grouped = java.util.regex.Pattern.compile(
        "(Bob Heron and cleo|cleo and Bob Heron) liked your post");
    try {
      seeNotifications(browser, grouped);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + browser.text(), e);
    }
    assertTrue(browser.text().contains("Bob Heron mentioned you"), browser.text());
    browser.photograph("social-notifications" + suffix);
    browser.press("Mark all as read");
    assertTrue(!browser.text().contains("Mark all as read"), browser.text());

    there.post(bob, "@ann@" + here.authority() + " just between us: the bittern is back.",
        "visibility", "direct");
    Eventually.within10s("Bob's message reaches Ann's conversations", () -> {
      browser.visit(here.base() + "/conversations");
      return browser.text().contains("the bittern is back");
    });
    browser.photograph("social-conversations" + suffix);
    browser.follow("Bob Heron");
    assertTrue(browser.text().contains("Messages with Bob Heron"), browser.text());
    assertTrue(browser.field("Your reply").getAttribute("value").startsWith(handle));
    browser.photograph("social-conversation" + suffix);
  }

  /** The likes grouped and the mention, live with script, after reloading without. */
  void seeNotifications(Chromium browser, java.util.regex.Pattern grouped) {
    if (javascript()) {
      // No reload: the page fetches its list again when notifications arrive.
      Eventually.within(Duration.ofSeconds(60), "the grouped likes appear live",
          () -> grouped.matcher(browser.text()).find() && browser.text().contains("did you hear the tawny owl?"));
      assertTrue(browser.text().contains("New notifications arrived."), browser.text());
    } else {
      Eventually.within(Duration.ofSeconds(30), "the grouped likes appear after a reload", () -> {
        browser.visit(here.base() + "/notifications");
        return grouped.matcher(browser.text()).find() && browser.text().contains("did you hear the tawny owl?");
      });
    }
  }

  /** The id Bob's instance gives Ann's post, fetched as an app resolves it. */
  static String resolvedPost(String url) {
    Reply found = there.getWithToken("/api/v2/search?resolve=true&type=statuses&q="
        + URLEncoder.encode(url, StandardCharsets.UTF_8), bob.token());
    JsonArray statuses = found.json().getJsonArray("statuses");
    assertEquals(1, statuses.size(), found.body());
    return statuses.getJsonObject(0).getString("id");
  }
}
