package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.server.testrig.Browser.form;
import static org.plutro.server.http.web.settings.SettingsForms.saved;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
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

/** {@code /settings/filters}: filters added, edited and deleted as the v2 filters API sees them. */
class FilterSettingsTest {
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
  void aFilterIsAddedEditedAndDeleted() {
    Member mo = plutro.register("mo");
    Browser browser = WebSignIn.as(plutro, mo);
    Document blank = browser.page("/settings/filters/new");
    String token = Browser.csrf(blank);
    assertTrue(blank.getElementById("context-home").hasAttr("checked"), "everywhere by default");

    Map<String, String> create = form(token, "title", "Spoilers",
        "keywords_attributes[0][keyword]", "finale", "keywords_attributes[0][whole_word]", "1",
        "keywords_attributes[1][keyword]", "ending",
        "keywords_attributes[2][keyword]", "",
        "context", "home", "filter_action", "hide", "expires_in", "86400");
    Document list = saved(browser, "/settings/filters", create, "/settings/filters", "Filter saved.");
    assertTrue(list.text().contains("finale, ending"), list.text());
    assertTrue(list.text().contains("Hide completely"));

    JsonArray filters = plutro.getWithToken("/api/v2/filters", mo.token()).array();
    assertEquals(1, filters.size());
    JsonObject filter = filters.getJsonObject(0);
    assertEquals("Spoilers", filter.getString("title"));
    assertEquals(new JsonArray().add("home"), filter.getJsonArray("context"));
    assertEquals("hide", filter.getString("filter_action"));
    OffsetDateTime ends = OffsetDateTime.parse(filter.getString("expires_at"));
    assertTrue(ends.isAfter(OffsetDateTime.now().plus(Duration.ofHours(23))), ends.toString());
    JsonArray keywords = filter.getJsonArray("keywords");
    assertEquals(2, keywords.size(), "the empty row is no keyword");
    assertTrue(keywords.getJsonObject(0).getBoolean("whole_word"));
    assertFalse(keywords.getJsonObject(1).getBoolean("whole_word"), "an unticked box is off");
    String id = filter.getString("id");

    // Edit: a new title and place, one word emptied (removed), one added, the end kept.
    Document edit = browser.page("/settings/filters/" + id + "/edit");
    assertEquals("Spoilers", edit.getElementById("title").val());
    assertEquals("keep", edit.selectFirst("#expires_in option[selected]").val());
    assertEquals("finale", edit.getElementById("keyword-1").val());
    String firstId = edit.selectFirst("input[name=keywords_attributes[0][id]]").val();
    String secondId = edit.selectFirst("input[name=keywords_attributes[1][id]]").val();
    saved(browser, "/settings/filters/" + id, form(token, "title", "TV spoilers",
        "keywords_attributes[0][id]", firstId, "keywords_attributes[0][keyword]", "finale",
        "keywords_attributes[0][whole_word]", "1",
        "keywords_attributes[1][id]", secondId, "keywords_attributes[1][keyword]", "",
        "keywords_attributes[2][keyword]", "season",
        "context", "home", "filter_action", "warn", "expires_in", "keep"),
        "/settings/filters", "Filter saved.");
    filter = plutro.getWithToken("/api/v2/filters/" + id, mo.token()).json();
    assertEquals("TV spoilers", filter.getString("title"));
    assertEquals("warn", filter.getString("filter_action"));
    assertEquals(ends.toInstant(), OffsetDateTime.parse(filter.getString("expires_at")).toInstant());
    assertEquals(List.of("finale", "season"), filter.getJsonArray("keywords").stream()
        .map(k -> ((JsonObject) k).getString("keyword")).toList());

    // Never ends.
    Map<String, String> never = form(token, "title", "TV spoilers", "context", "home",
        "context", "thread", "filter_action", "warn", "expires_in", "");
    saved(browser, "/settings/filters/" + id, never, "/settings/filters", "Filter saved.");
    assertNull(plutro.getWithToken("/api/v2/filters/" + id, mo.token()).json().getString("expires_at"));

    assertEquals(403, browser.post("/settings/filters/" + id + "/delete", form("forged")).status());
    assertEquals(1, plutro.getWithToken("/api/v2/filters", mo.token()).array().size());
    Document gone = saved(browser, "/settings/filters/" + id + "/delete", form(token),
        "/settings/filters", "Filter deleted.");
    assertTrue(gone.text().contains("You have no filters."));
    assertEquals(0, plutro.getWithToken("/api/v2/filters", mo.token()).array().size());
  }

  @Test
  void aRefusedFilterIsShownAgainWithWhatWasTyped() {
    Member nat = plutro.register("nat");
    Browser browser = WebSignIn.as(plutro, nat);
    String token = browser.csrf("/settings/filters/new");
    Reply refused = browser.post("/settings/filters", form(token, "title", "<script>x()</script>",
        "keywords_attributes[0][keyword]", "<b>word</b>", "filter_action", "warn", "expires_in", ""));
    assertEquals(422, refused.status());
    assertFalse(refused.body().contains("<script>x()"), "what was typed is escaped");
    Document page = Jsoup.parse(refused.body());
    assertEquals("<script>x()</script>", page.getElementById("title").val());
    assertEquals("<b>word</b>", page.getElementById("keyword-1").val());
    assertNotNull(page.selectFirst(".field-error"), "no place chosen");
    assertEquals(0, plutro.getWithToken("/api/v2/filters", nat.token()).array().size());

    assertEquals(403, browser.post("/settings/filters", form(null, "title", "Forged",
        "context", "home")).status());
    assertEquals(0, plutro.getWithToken("/api/v2/filters", nat.token()).array().size());
  }

  @Test
  void anotherMembersFilterCannotBeSeenOrChanged() {
    Member owner = plutro.register("owner");
    Member other = plutro.register("nosy");
    String id = plutro.postJson("/api/v2/filters", new JsonObject().put("title", "Mine")
        .put("context", new JsonArray().add("home")), "Authorization", "Bearer " + owner.token())
        .json().getString("id");
    Browser browser = WebSignIn.as(plutro, other);
    String token = browser.csrf("/settings/filters");
    assertEquals(404, browser.get("/settings/filters/" + id + "/edit").status());
    assertEquals(404, browser.post("/settings/filters/" + id + "/delete", form(token)).status());
    assertEquals(404, browser.post("/settings/filters/" + id, form(token, "title", "Taken",
        "context", "home")).status());
    assertEquals("Mine", plutro.getWithToken("/api/v2/filters/" + id, owner.token()).json()
        .getString("title"));
  }
}
