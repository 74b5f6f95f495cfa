package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.plutro.server.media.TestImages;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * The settings pages in a real browser, as a member uses them: sign in, set up the profile with
 * a picture (previewed before it is sent) and a followers-only field that a visitor then does not
 * see, approve a follower, follow a hashtag, add a filter, block a server, choose who may write.
 * Every page fits a phone; screenshots of each at both widths are {@code settings-*}.
 */
class SettingsBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium(true);
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void aMemberSetsUpTheirAccount() throws IOException {
    Member pia = plutro.register("pia");
    Member fan = plutro.register("fan");
    Member troll = plutro.register("troll");
    Member bore = plutro.register("bore");
    api(pia, "/api/v1/accounts/" + troll.id() + "/block", Map.of());
    api(pia, "/api/v1/accounts/" + bore.id() + "/mute", Map.of("duration", "86400"));
    Path picture = TestInstance.tempDir().resolve("avatar.png");
    Files.write(picture, TestImages.encode(TestImages.picture(120, 120, false), "png"));

    WebSignIn.as(browser, plutro, "pia");

    // The profile, with a picture previewed before it is sent and a field for followers only.
    browser.visit(plutro.base() + "/settings/profile");
    String before = avatarShown();
    browser.fill("Display name", "Pia Example")
        .fill("Bio", "Gardens, bikes and #photography.")
        .attach("Profile picture", picture);
    assertTrue(avatarShown().startsWith("blob:"), "the chosen picture is previewed");
    browser.fill("Label", "Phone").fill("Content", "555-0142").select("Shown to", "Followers only");
    browser.driver().findElement(By.id("field-2-name")).sendKeys("Pronouns");
    browser.driver().findElement(By.id("field-2-value")).sendKeys("she/her");
    browser.check("Approve new followers", true).press("Save profile");
    assertTrue(browser.text().contains("Saved."), browser.text());
    assertTrue(avatarShown().contains("/media/avatars/") && !avatarShown().equals(before),
        "the new picture is the current one");
    browser.photograph("settings-profile");
    assertEquals("followers", plutro.getWithToken("/api/v1/accounts/verify_credentials", pia.token())
        .json().getJsonObject("source").getJsonArray("fields").getJsonObject(0).getString("audience"));

    // A follow request arrives, and is approved.
    api(fan, "/api/v1/accounts/" + pia.id() + "/follow", Map.of());
    browser.visit(plutro.base() + "/settings/follow_requests");
    assertTrue(browser.text().contains("@fan@"), browser.text());
    browser.photograph("settings-follow-requests");
    browser.press("Approve");
    assertTrue(browser.text().contains("Approved: @fan@"), browser.text());

    // A hashtag followed by name.
    browser.visit(plutro.base() + "/settings/tags").fill("Hashtag", "#photography").press("Follow hashtag");
    assertTrue(browser.text().contains("You follow #photography."), browser.text());
    browser.photograph("settings-tags");
    JsonArray tags = plutro.getWithToken("/api/v1/followed_tags", pia.token()).array();
    assertEquals("photography", tags.getJsonObject(0).getString("name"));

    // A filter.
    browser.visit(plutro.base() + "/settings/filters").follow("Add a filter");
    browser.photograph("settings-filter-new");
    browser.fill("Title", "Spoilers").fill("Word 1", "finale").check("Profiles", false)
        .select("Ends", "In 1 week").press("Save filter");
    assertTrue(browser.text().contains("Filter saved."), browser.text());
    browser.photograph("settings-filters");

    // Blocked and muted accounts, and a blocked server.
    browser.visit(plutro.base() + "/settings/blocks");
    assertTrue(browser.text().contains("@troll@"), browser.text());
    browser.photograph("settings-blocks");
    browser.visit(plutro.base() + "/settings/mutes");
    browser.photograph("settings-mutes");
    browser.visit(plutro.base() + "/settings/domain_blocks").fill("Server", "spam.example")
        .press("Block server");
    assertTrue(browser.text().contains("Blocked spam.example."), browser.text());
    browser.photograph("settings-domain-blocks");

    // Privacy.
    browser.visit(plutro.base() + "/settings/privacy")
        .select("Who may send me direct messages", "Only people I follow")
        .check("Tell senders when I have read their messages", true)
        .select("Who may quote my new posts", "My followers")
        .press("Save privacy settings");
    assertTrue(browser.text().contains("Saved."), browser.text());
    browser.photograph("settings-privacy");
    assertEquals("following", plutro.getWithToken("/api/v1/plutro/settings", pia.token()).json()
        .getString("messages_from"));
    assertEquals("followers", plutro.getWithToken("/api/v1/preferences", pia.token()).json()
        .getString("posting:default:quote_policy"));

    // A visitor sees the profile without the followers' field; the follower sees it.
    browser.forgetCookies();
    browser.visit(plutro.base() + "/@pia");
    assertTrue(browser.text().contains("she/her"), browser.text());
    assertFalse(browser.text().contains("555-0142"), "a visitor does not see a followers' field");
    browser.screenshot("settings-public-profile");
    Eventually.within10s("the follower sees it", () -> plutro.getWithToken(
        "/api/v1/accounts/" + pia.id(), fan.token()).body().contains("555-0142"));
  }

  private static String avatarShown() {
    return browser.driver().findElement(By.id("avatar-preview")).getAttribute("src");
  }

  private static void api(Member member, String path, Map<String, String> form) {
    assertEquals(200, plutro.postForm(path, form, "Authorization", "Bearer " + member.token())
        .status(), path);
  }
}
