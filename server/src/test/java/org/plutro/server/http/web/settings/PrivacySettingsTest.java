package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.server.testrig.Browser.form;
import static org.plutro.server.http.web.settings.SettingsForms.saved;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * {@code /settings/privacy}: how new posts start out and who may message, reply and share, the
 * same values the API's preferences and {@code /api/v1/plutro/settings} show.
 */
class PrivacySettingsTest {
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
  void thePageShowsTheChoicesAsTheyAre() {
    Member ann = plutro.register("ann");
    assertEquals(200, plutro.postForm("/api/v1/plutro/settings", Map.of("messages_from", "nobody",
        "read_receipts", "true", "shares_from", "followers"),
        "Authorization", "Bearer " + ann.token()).status());

    Document page = WebSignIn.as(plutro, ann).page("/settings/privacy");
    assertEquals("public", selected(page, "privacy"));
    assertEquals("nobody", selected(page, "messages_from"));
    assertEquals("everyone", selected(page, "replies_from"));
    assertEquals("followers", selected(page, "shares_from"));
    assertEquals("public", selected(page, "quote_policy"));
    assertTrue(page.getElementById("read_receipts").hasAttr("checked"));
    assertFalse(page.getElementById("sensitive").hasAttr("checked"));
    assertEquals("page", page.selectFirst(".settings-nav a[href=/settings/privacy]").attr("aria-current"));
  }

  @Test
  void savingChangesWhatTheApiShows() {
    Member ben = plutro.register("ben");
    Browser browser = WebSignIn.as(plutro, ben);
    String token = browser.csrf("/settings/privacy");
    Document page = saved(browser, "/settings/privacy", form(token, "privacy", "unlisted",
        "sensitive", "1", "language", "fr", "messages_from", "following", "read_receipts", "1",
        "replies_from", "followers", "shares_from", "nobody", "quote_policy", "followers"),
        "/settings/privacy", "Saved.");
    assertEquals("unlisted", selected(page, "privacy"));
    assertEquals("followers", selected(page, "quote_policy"));

    JsonObject preferences = plutro.getWithToken("/api/v1/preferences", ben.token()).json();
    assertEquals("unlisted", preferences.getString("posting:default:visibility"));
    assertTrue(preferences.getBoolean("posting:default:sensitive"));
    assertEquals("fr", preferences.getString("posting:default:language"));
    assertEquals("followers", preferences.getString("posting:default:quote_policy"));
    assertEquals("followers", plutro.getWithToken("/api/v1/accounts/verify_credentials", ben.token()).json()
        .getJsonObject("source").getString("quote_policy"));
    // The compose page starts from it.
    assertEquals("followers", browser.page("/publish").selectFirst("#quote_approval_policy option[selected]").val());
    JsonObject privacy = plutro.getWithToken("/api/v1/plutro/settings", ben.token()).json();
    assertEquals(new JsonObject().put("messages_from", "following").put("read_receipts", true)
        .put("replies_from", "followers").put("shares_from", "nobody"), privacy);

    // Unticked boxes and an empty language turn them off again.
    saved(browser, "/settings/privacy", form(token, "privacy", "private", "language", "",
        "messages_from", "everyone", "replies_from", "everyone", "shares_from", "everyone"),
        "/settings/privacy", "Saved.");
    preferences = plutro.getWithToken("/api/v1/preferences", ben.token()).json();
    assertEquals("private", preferences.getString("posting:default:visibility"));
    assertFalse(preferences.getBoolean("posting:default:sensitive"));
    assertEquals(null, preferences.getString("posting:default:language"));
    assertFalse(plutro.getWithToken("/api/v1/plutro/settings", ben.token()).json()
        .getBoolean("read_receipts"));
  }

  @Test
  void aRefusedValueChangesNothing() {
    Member cat = plutro.register("cat");
    Browser browser = WebSignIn.as(plutro, cat);
    String token = browser.csrf("/settings/privacy");
    Reply refused = browser.post("/settings/privacy", form(token, "privacy", "unlisted",
        "messages_from", "aliens", "replies_from", "everyone", "shares_from", "everyone"));
    assertEquals(422, refused.status());
    assertTrue(Jsoup.parse(refused.body()).getElementById("messages_from").parent()
        .selectFirst(".field-error") != null);
    Reply badLanguage = browser.post("/settings/privacy", form(token, "privacy", "unlisted",
        "language", "french!", "messages_from", "nobody"));
    assertEquals(422, badLanguage.status());
    assertEquals("french!", Jsoup.parse(badLanguage.body()).getElementById("language").val());
    Reply badQuotes = browser.post("/settings/privacy", form(token, "privacy", "unlisted",
        "quote_policy", "friends", "messages_from", "nobody"));
    assertEquals(422, badQuotes.status());
    assertTrue(Jsoup.parse(badQuotes.body()).getElementById("quote_policy").parent()
        .selectFirst(".field-error") != null, badQuotes.body());
    assertEquals("public", plutro.getWithToken("/api/v1/preferences", cat.token()).json()
        .getString("posting:default:quote_policy"), "still the default");

    assertEquals("public", plutro.getWithToken("/api/v1/preferences", cat.token()).json()
        .getString("posting:default:visibility"), "the valid part was not saved either");
    assertEquals("everyone", plutro.getWithToken("/api/v1/plutro/settings", cat.token()).json()
        .getString("messages_from"));
  }

  @Test
  void aFormWithoutItsTokenIsRefusedAndChangesNothing() {
    Member dee = plutro.register("dee");
    Browser browser = WebSignIn.as(plutro, dee);
    browser.page("/settings/privacy");
    assertEquals(403, browser.post("/settings/privacy", form(null, "messages_from", "nobody")).status());
    assertEquals(403, browser.post("/settings/privacy", form("forged", "messages_from", "nobody")).status());
    assertEquals("everyone", plutro.getWithToken("/api/v1/plutro/settings", dee.token()).json()
        .getString("messages_from"));
  }

  private static String selected(Document page, String id) {
    return page.selectFirst("#" + id + " option[selected]").val();
  }
}
