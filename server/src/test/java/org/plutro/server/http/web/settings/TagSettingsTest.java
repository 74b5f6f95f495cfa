package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.server.testrig.Browser.form;
import static org.plutro.server.http.web.settings.SettingsForms.saved;

import io.vertx.core.json.JsonArray;
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

/** {@code /settings/tags}: hashtags followed by name and unfollowed, as the API lists them. */
class TagSettingsTest {
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
  void aHashtagIsFollowedByNameAndUnfollowed() {
    Member ola = plutro.register("ola");
    Browser browser = WebSignIn.as(plutro, ola);
    String token = browser.csrf("/settings/tags");

    Document page = saved(browser, "/settings/tags", form(token, "name", " #Gardening "),
        "/settings/tags", "You follow #gardening.");
    assertEquals("#gardening", page.selectFirst(".account-row .who a").text());
    assertTrue(page.selectFirst(".account-row .who a").attr("href").endsWith("/tags/gardening"));
    JsonArray followed = plutro.getWithToken("/api/v1/followed_tags", ola.token()).array();
    assertEquals(1, followed.size());
    assertEquals("gardening", followed.getJsonObject(0).getString("name"));
    assertTrue(followed.getJsonObject(0).getBoolean("following"));

    Reply refused = browser.post("/settings/tags", form(token, "name", "<script>"));
    assertEquals(422, refused.status());
    assertFalse(refused.body().contains("<script>\""), "what was typed is escaped");
    assertEquals("<script>", Jsoup.parse(refused.body()).getElementById("name").val());

    assertEquals(403, browser.post("/settings/tags", form(null, "name", "forged")).status());
    assertEquals(403, browser.post("/settings/tags/unfollow", form("forged", "name", "Gardening")).status());
    assertEquals(1, plutro.getWithToken("/api/v1/followed_tags", ola.token()).array().size());

    Document after = saved(browser, "/settings/tags/unfollow", form(token, "name", "#Gardening"),
        "/settings/tags", "You no longer follow #gardening.");
    assertTrue(after.text().contains("You do not follow any hashtag yet."));
    assertEquals(0, plutro.getWithToken("/api/v1/followed_tags", ola.token()).array().size());
  }
}
