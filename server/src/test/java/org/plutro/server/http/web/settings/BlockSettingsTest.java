package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.server.testrig.Browser.form;
import static org.plutro.server.http.web.settings.SettingsForms.saved;

import io.vertx.core.json.JsonArray;
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
 * {@code /settings/blocks}, {@code /settings/mutes} and {@code /settings/domain_blocks}: what the
 * member blocked or muted, undone with a button; servers blocked with a form.
 */
class BlockSettingsTest {
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
  void blockedAndMutedAccountsAreListedAndUndone() {
    Member kim = plutro.register("kim");
    Member pest = plutro.register("pest");
    Member bore = plutro.register("bore");
    assertEquals(200, SettingsForms.updateCredentials(plutro, pest,
        new JsonObject().put("display_name", "<img src=x onerror=alert(1)>")).status());
    api(kim, "/api/v1/accounts/" + pest.id() + "/block", Map.of());
    api(kim, "/api/v1/accounts/" + bore.id() + "/mute", Map.of("duration", "3600"));

    Browser browser = WebSignIn.as(plutro, kim);
    Reply raw = browser.get("/settings/blocks");
    assertFalse(raw.body().contains("<img src=x"), "a display name is shown as text");
    Document blocks = Jsoup.parse(raw.body());
    assertTrue(blocks.text().contains("@pest@" + plutro.authority()), blocks.text());
    assertEquals("page", blocks.selectFirst(".settings-nav a[href=/settings/blocks]").attr("aria-current"));
    Document mutes = browser.page("/settings/mutes");
    assertTrue(mutes.text().contains("@bore@" + plutro.authority()), mutes.text());
    assertTrue(mutes.text().contains("Until "), "a mute with an end says when");

    String token = Browser.csrf(blocks);
    assertEquals(403, browser.post("/settings/blocks/" + pest.id() + "/unblock", form("forged")).status());
    assertEquals(403, browser.post("/settings/mutes/" + bore.id() + "/unmute", form(null)).status());
    assertTrue(relationship(kim, pest).getBoolean("blocking"), "a forged form changes nothing");
    assertTrue(relationship(kim, bore).getBoolean("muting"));

    Document after = saved(browser, "/settings/blocks/" + pest.id() + "/unblock", form(token),
        "/settings/blocks", "Unblocked @pest@" + plutro.authority() + ".");
    assertTrue(after.text().contains("You have not blocked anyone."));
    assertFalse(relationship(kim, pest).getBoolean("blocking"));
    saved(browser, "/settings/mutes/" + bore.id() + "/unmute", form(token), "/settings/mutes",
        "Unmuted @bore@" + plutro.authority() + ".");
    assertFalse(relationship(kim, bore).getBoolean("muting"));
  }

  @Test
  void serversAreBlockedAndUnblocked() {
    Member liv = plutro.register("liv");
    Browser browser = WebSignIn.as(plutro, liv);
    String token = browser.csrf("/settings/domain_blocks");

    Document page = saved(browser, "/settings/domain_blocks",
        form(token, "domain", "https://Spam.Example/"), "/settings/domain_blocks",
        "Blocked spam.example.");
    assertTrue(page.select(".account-row .who").text().contains("spam.example"));
    assertEquals(new JsonArray().add("spam.example"),
        plutro.getWithToken("/api/v1/domain_blocks", liv.token()).array());

    Reply refused = browser.post("/settings/domain_blocks", form(token, "domain", "not a <b>domain</b>"));
    assertEquals(422, refused.status());
    Document again = Jsoup.parse(refused.body());
    assertEquals("not a <b>domain</b>", again.getElementById("domain").val(), "what was typed is kept");
    assertTrue(again.getElementById("domain").parent().selectFirst(".field-error").text()
        .contains("not a domain"));
    assertEquals(422, browser.post("/settings/domain_blocks", form(token, "domain",
        plutro.authority())).status(), "not this server");

    assertEquals(403, browser.post("/settings/domain_blocks", form(null, "domain", "other.example")).status());
    assertEquals(403, browser.post("/settings/domain_blocks/remove",
        form("forged", "domain", "spam.example")).status());
    assertEquals(1, plutro.getWithToken("/api/v1/domain_blocks", liv.token()).array().size());

    saved(browser, "/settings/domain_blocks/remove", form(token, "domain", "spam.example"),
        "/settings/domain_blocks", "Unblocked spam.example.");
    assertEquals(0, plutro.getWithToken("/api/v1/domain_blocks", liv.token()).array().size());
  }

  private static void api(Member member, String path, Map<String, String> form) {
    Reply reply = plutro.postForm(path, form, "Authorization", "Bearer " + member.token());
    assertEquals(200, reply.status(), reply.body());
  }

  private static JsonObject relationship(Member member, Member other) {
    return plutro.getWithToken("/api/v1/accounts/relationships?id[]=" + other.id(), member.token())
        .array().getJsonObject(0);
  }
}
