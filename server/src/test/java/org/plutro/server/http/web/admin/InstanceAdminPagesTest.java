package org.plutro.server.http.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
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

/**
 * The admin's pages about the instance itself: announcements, rules, the about and privacy texts,
 * invites, the delivery queue and the dashboard. Each change is in the audit log; a member who is
 * not an admin finds none of them (404, nothing changed); a form without its CSRF token is refused
 * (403, nothing changed); bad input comes back with the form and a clear error, nothing stored.
 */
class InstanceAdminPagesTest {
  static TestInstance plutro;
  static Member ada;
  static Member cy;

  @BeforeAll
  static void start() throws Exception {
    plutro = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "invite"));
    Files.writeString(plutro.settings().dataDir().resolve("rules.txt"), "Be kind | to owls too\nNo spam\n");
    plutro.sql("INSERT INTO invites (code) VALUES ('for-the-tests')");
    ada = member("ada");
    plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = $1", Long.parseLong(ada.id()));
    cy = member("cy");
  }

  /** A member who signed up with an invite (sign-up here is by invitation), with an API token. */
  static Member member(String username) {
    Reply reply = plutro.postJson("/api/v1/accounts", new io.vertx.core.json.JsonObject().put("username", username)
            .put("email", username + "@example.org").put("password", WebSignIn.PASSWORD)
            .put("agreement", true).put("locale", "en").put("invite_code", "for-the-tests"),
        "Authorization", "Bearer " + plutro.app().appToken());
    assertEquals(200, reply.status(), reply.body());
    plutro.confirm(username);
    String token = reply.json().getString("access_token");
    String id = plutro.getWithToken("/api/v1/accounts/verify_credentials", token).json().getString("id");
    return new Member(id, username, token, null);
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static long count(String sql, Object... args) {
    return plutro.count(sql, args);
  }

  static long audit(String action, String targetType) {
    return count("SELECT count(*) FROM admin_action_logs WHERE action = $1 AND target_type = $2", action, targetType);
  }

  static Document page(Reply reply) {
    return Jsoup.parse(reply.body());
  }

  @Test
  void anAdminWritesEditsPublishesAndDeletesAnnouncements() {
    Browser admin = WebSignIn.as(plutro, "ada");
    String page = "/admin/announcements";
    Reply saved = admin.submit(page, page, Map.of("text", "Maintenance <b>tonight</b>\n\nBack soon.",
        "starts_at", "2030-01-02T20:00", "ends_at", "2030-01-02T22:00", "publish", "1"));
    assertEquals(303, saved.status(), saved.body());
    long id = plutro.sql("SELECT id FROM announcements WHERE source LIKE 'Maintenance%'").iterator().next().getLong(0);
    JsonArray seen = plutro.getWithToken("/api/v1/announcements", cy.token()).array();
    assertEquals(1, seen.size(), seen.encode());
    assertEquals("<p>Maintenance &lt;b&gt;tonight&lt;/b&gt;</p><p>Back soon.</p>", seen.getJsonObject(0).getString("content"));
    assertEquals("2030-01-02T20:00:00.000Z", seen.getJsonObject(0).getString("starts_at"));
    assertEquals(1, audit("publish", "Announcement"));

    Document list = admin.page(page);
    assertTrue(list.text().contains("Maintenance <b>tonight</b>"), "escaped: " + list.text());
    assertNotNull(list.selectFirst("#announcement-" + id));

    assertEquals(303, admin.submit(page, page + "/" + id + "/unpublish", Map.of()).status());
    assertEquals(0, plutro.getWithToken("/api/v1/announcements", cy.token()).array().size());
    assertEquals(1, audit("unpublish", "Announcement"));

    Document edit = admin.page(page + "/" + id + "/edit");
    assertEquals("Maintenance <b>tonight</b>\n\nBack soon.", edit.selectFirst("textarea#text").wholeText());
    assertEquals("2030-01-02T20:00", edit.selectFirst("input#starts_at").val());
    assertEquals(303, admin.submit(page, page + "/" + id, Map.of("text", "Maintenance tomorrow",
        "starts_at", "", "ends_at", "", "all_day", "1")).status());
    assertEquals(303, admin.submit(page, page + "/" + id + "/publish", Map.of()).status());
    JsonArray again = plutro.getWithToken("/api/v1/announcements", cy.token()).array();
    assertEquals("<p>Maintenance tomorrow</p>", again.getJsonObject(0).getString("content"));
    assertEquals(true, again.getJsonObject(0).getBoolean("all_day"));
    assertEquals(1, audit("update", "Announcement"));

    assertEquals(303, admin.submit(page, page + "/" + id + "/delete", Map.of()).status());
    assertEquals(0, count("SELECT count(*) FROM announcements WHERE id = $1", id));
    assertEquals(1, audit("delete", "Announcement"));
  }

  @Test
  void badAnnouncementsComeBackWithTheFormAndNothingIsStored() {
    Browser admin = WebSignIn.as(plutro, "ada");
    String page = "/admin/announcements";
    long before = count("SELECT count(*) FROM announcements");
    Reply empty = admin.submit(page, page, Map.of("text", "  ", "publish", "1"));
    assertEquals(422, empty.status());
    assertEquals("Text is required.", page(empty).selectFirst(".field-error").text());

    Reply backwards = admin.submit(page, page, Map.of("text", "Party", "starts_at", "2030-01-02T20:00",
        "ends_at", "2030-01-01T20:00"));
    assertEquals(422, backwards.status());
    assertEquals("End must be after the start.", page(backwards).selectFirst(".field-error").text());
    assertEquals("Party", page(backwards).selectFirst("textarea#text").wholeText(), "the typed text is kept");

    Reply notTime = admin.submit(page, page, Map.of("text", "Party", "starts_at", "soon"));
    assertEquals(422, notTime.status());
    assertTrue(page(notTime).selectFirst(".field-error").text().startsWith("Start is not a date and time"));

    Reply tooLong = admin.submit(page, page, Map.of("text", "x".repeat(2001)));
    assertEquals(422, tooLong.status());
    assertEquals("Text is too long (maximum is 2000 characters).", page(tooLong).selectFirst(".field-error").text());

    Reply nul = admin.submit(page, page, Map.of("text", "a\0b"));
    assertEquals(400, nul.status(), "refused at the edge for every route");
    assertTrue(nul.body().contains("NUL"), nul.body());
    assertEquals(before, count("SELECT count(*) FROM announcements"));
  }

  @Test
  void anAdminEditsTheRulesTheAboutPageShows() {
    Browser admin = WebSignIn.as(plutro, "ada");
    String page = "/admin/rules";
    Document rules = admin.page(page);
    assertEquals(List.of("Be kind", "No spam"), rules.select(".rule-text").eachText(), "rules.txt taken over");
    assertEquals(303, admin.submit(page, page, Map.of("text", "No <script>bots</script>", "hint", "Say who runs them")).status());
    assertEquals(1, audit("create", "Rule"));
    Document about = new Browser(plutro).page("/about");
    assertTrue(about.text().contains("No <script>bots</script>"), about.text());
    assertEquals(3, plutro.get("/api/v1/instance/rules").array().size());

    List<String> ids = admin.page(page).select(".rules-list > li").eachAttr("id");
    String last = ids.get(2).substring("rule-".length());
    assertEquals(303, admin.submit(page, page + "/" + last + "/up", Map.of()).status());
    assertEquals(List.of("Be kind", "No <script>bots</script>", "No spam"), admin.page(page).select(".rule-text").eachText());
    assertEquals(1, audit("move_up", "Rule"));

    assertEquals(303, admin.submit(page, page + "/" + last, Map.of("text", "No bots", "hint", "")).status());
    assertEquals("No bots", plutro.get("/api/v1/instance/rules").array().getJsonObject(1).getString("text"));
    String first = ids.get(0).substring("rule-".length());
    assertEquals(303, admin.submit(page, page + "/" + first + "/delete", Map.of()).status());
    assertEquals(List.of("No bots", "No spam"), admin.page(page).select(".rule-text").eachText());
    assertEquals(1, audit("delete", "Rule"));

    long before = count("SELECT count(*) FROM instance_rules");
    Reply empty = admin.submit(page, page, Map.of("text", "", "hint", "why"));
    assertEquals(422, empty.status());
    assertEquals("Rule is required.", page(empty).selectFirst(".field-error").text());
    assertEquals("why", page(empty).selectFirst("textarea#hint").wholeText());
    Reply tooLong = admin.submit(page, page, Map.of("text", "x".repeat(301)));
    assertEquals(422, tooLong.status());
    assertEquals("Rule is too long (maximum is 300 characters).", page(tooLong).selectFirst(".field-error").text());
    Reply editEmpty = admin.submit(page, page + "/" + last, Map.of("text", " "));
    assertEquals(422, editEmpty.status());
    assertEquals(before, count("SELECT count(*) FROM instance_rules"));
    assertEquals("No bots", plutro.get("/api/v1/instance/rules").array().getJsonObject(0).getString("text"));
  }
}
