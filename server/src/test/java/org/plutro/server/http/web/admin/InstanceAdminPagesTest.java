package org.plutro.server.http.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
    Reply reply = plutro.postJson("/api/v1/accounts", new JsonObject().put("username", username)
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
    assertEquals(List.of("1", "2"), ruleIds(), "rules.txt's rules are numbered by line");
    Document rules = admin.page(page);
    assertEquals(List.of("Be kind", "No spam"), rules.select(".rule-text").eachText(), "rules.txt taken over");
    assertEquals(303, admin.submit(page, page, Map.of("text", "No <script>bots</script>", "hint", "Say who runs them")).status());
    assertEquals(1, audit("create", "Rule"));
    Document about = new Browser(plutro).page("/about");
    assertTrue(about.text().contains("No <script>bots</script>"), about.text());
    assertEquals(3, plutro.get("/api/v1/instance/rules").array().size());
    assertEquals(List.of("1", "2"), ruleIds().subList(0, 2), "reports citing the file's rules still find them");

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

  static final List<String> PAGES = List.of("/admin/dashboard", "/admin", "/admin/invites",
      "/admin/announcements", "/admin/announcements/1/edit", "/admin/rules", "/admin/rules/1/edit",
      "/admin/instance", "/admin/deliveries");
  static final List<String> FORMS = List.of("/admin/invites", "/admin/invites/1/expire",
      "/admin/announcements", "/admin/announcements/1", "/admin/announcements/1/publish",
      "/admin/announcements/1/unpublish", "/admin/announcements/1/delete", "/admin/rules", "/admin/rules/1",
      "/admin/rules/1/up", "/admin/rules/1/down", "/admin/rules/1/delete", "/admin/instance",
      "/admin/deliveries/retry", "/admin/deliveries/drop");

  /** Everything an admin can change here, to see that a refused request changed none of it. */
  static String everything() {
    return plutro.sql("SELECT (SELECT count(*) FROM admin_action_logs) || '/' || (SELECT count(*) FROM invites)"
        + " || '/' || (SELECT coalesce(string_agg(id || text || coalesce(published_at::text, ''), ','), '')"
        + " FROM announcements) || '/' || (SELECT coalesce(string_agg(id || text || position, ','), '')"
        + " FROM instance_rules) || '/' || (SELECT coalesce(string_agg(name || value, ','), '') FROM instance_texts)"
        + " || '/' || (SELECT coalesce(string_agg(id || state || next_attempt_at, ','), '') FROM deliveries)"
        + " || '/' || (SELECT coalesce(string_agg(id || coalesce(expires_at::text, ''), ','), '') FROM invites)")
        .iterator().next().getString(0);
  }

  private static List<String> ruleIds() {
    return plutro.get("/api/v1/instance/rules").array().stream()
        .map(rule -> ((JsonObject) rule).getString("id")).toList();
  }

  @Test
  void aMemberWhoIsNoAdminFindsNothingAndChangesNothing() {
    long announcement = plutro.sql("INSERT INTO announcements (text, source) VALUES ('<p>Kept</p>', 'Kept')"
        + " RETURNING id").iterator().next().getLong(0);
    String before = everything();
    Browser member = WebSignIn.as(plutro, "cy");
    String token = member.csrf("/settings/profile");
    for (String path : PAGES) {
      assertEquals(404, member.get(path.replace("/1/", "/" + announcement + "/")).status(), path);
    }
    for (String path : FORMS) {
      Reply reply = member.post(path.replace("/1", "/" + announcement), Browser.form(token, "text", "Mine",
          "domain", "dead.example", "max_uses", "", "expires_in", "", "short_description", "Mine"));
      assertEquals(404, reply.status(), path);
    }
    assertEquals(before, everything());
    Reply visitor = new Browser(plutro).get("/admin/dashboard");
    assertEquals(303, visitor.status(), "a visitor is asked to sign in");
    plutro.sql("DELETE FROM announcements WHERE id = $1", announcement);
  }

  @Test
  void aFormWithoutItsTokenIsRefusedAndChangesNothing() {
    long announcement = plutro.sql("INSERT INTO announcements (text, source) VALUES ('<p>Kept</p>', 'Kept')"
        + " RETURNING id").iterator().next().getLong(0);
    Browser admin = WebSignIn.as(plutro, "ada");
    admin.page("/admin/rules");
    String before = everything();
    for (String path : FORMS) {
      Reply reply = admin.post(path.replace("/1", "/" + announcement), Browser.form(null, "text", "Mine",
          "domain", "dead.example", "short_description", "Mine"));
      assertEquals(403, reply.status(), path);
      Reply wrong = admin.post(path.replace("/1", "/" + announcement), Browser.form("wrong", "text", "Mine",
          "domain", "dead.example", "short_description", "Mine"));
      assertEquals(403, wrong.status(), path);
    }
    assertEquals(before, everything());
    plutro.sql("DELETE FROM announcements WHERE id = $1", announcement);
  }

  @Test
  void anAdminWritesTheAboutAndPrivacyTexts() {
    Browser admin = WebSignIn.as(plutro, "ada");
    String page = "/admin/instance";
    Browser visitor = new Browser(plutro);
    String defaultPolicy = visitor.page("/privacy-policy").text();
    assertEquals(303, admin.submit(page, page, Map.of("short_description", "Owls & <friends>",
        "extended_description", "# Who we are\n\nA [club](https://owls.example) for owls.",
        "privacy_policy", "We keep **little**.\n\n- your posts\n- <script>alert(1)</script>")).status());
    assertEquals(1, audit("update", "Instance"));
    Document about = visitor.page("/about");
    assertEquals("Owls & <friends>", about.selectFirst("p.lead").text());
    assertNotNull(about.selectFirst(".extended-description a[href=https://owls.example]"), about.html());
    Document privacy = visitor.page("/privacy-policy");
    assertTrue(privacy.text().contains("We keep **little**."), privacy.text());
    assertTrue(privacy.text().contains("<script>alert(1)</script>"), "shown as written, never run");
    assertTrue(privacy.select("script").stream().noneMatch(tag -> tag.html().contains("alert")));
    assertEquals("Owls & <friends>", admin.page(page).selectFirst("textarea#short_description").wholeText());

    String before = everything();
    Reply tooLong = admin.submit(page, page, Map.of("short_description", "x".repeat(501),
        "extended_description", "", "privacy_policy", "Changed"));
    assertEquals(422, tooLong.status());
    assertEquals("Short description is too long (maximum is 500 characters).",
        page(tooLong).selectFirst(".field-error").text());
    assertEquals("Changed", page(tooLong).selectFirst("textarea#privacy_policy").wholeText());
    assertEquals(before, everything());

    assertEquals(303, admin.submit(page, page, Map.of("short_description", "", "extended_description", "",
        "privacy_policy", "")).status());
    assertEquals(defaultPolicy, visitor.page("/privacy-policy").text(), "empty brings the default back");
  }

  @Test
  void anAdminMakesAndExpiresInvites() {
    Browser admin = WebSignIn.as(plutro, "ada");
    String page = "/admin/invites";
    Browser ines = WebSignIn.as(plutro, "cy");
    assertEquals(303, ines.submit("/invites", "/invites", Map.of("max_uses", "5", "expires_in", "")).status());
    assertEquals(303, admin.submit(page, page, Map.of("max_uses", "1", "expires_in", "86400")).status());
    assertEquals(1, audit("create", "Invite"));
    Document list = admin.page(page);
    List<String> makers = list.select("td[data-label=Made by]").eachText();
    assertTrue(makers.contains("@ada") && makers.contains("@cy") && makers.contains("the command line"), makers.toString());
    Reply bad = admin.submit(page, page, Map.of("max_uses", "7", "expires_in", ""));
    assertEquals(422, bad.status());
    assertEquals("Max number of uses is not included in the list.", page(bad).selectFirst(".field-error").text());

    long cys = plutro.sql("SELECT i.id FROM invites i JOIN accounts a ON a.id = i.inviter_account_id"
        + " WHERE a.username = 'cy'").iterator().next().getLong(0);
    assertEquals(303, admin.submit(page, page + "/" + cys + "/expire", Map.of()).status());
    assertEquals(1, audit("expire", "Invite"));
    assertEquals(1, count("SELECT count(*) FROM invites WHERE id = $1 AND expires_at <= now()", cys));
    assertTrue(admin.page(page).selectFirst("#invite-" + cys).text().contains("Expired"));
  }

  @Test
  void theDeliveryQueuePerDomainAndItsActions() {
    long activity = plutro.sql("INSERT INTO outbound_activities (uri, account_id, body) VALUES"
        + " ('https://x.example/queue-test', $1, '{}') RETURNING id", Long.parseLong(ada.id())).iterator().next().getLong(0);
    // Not due for a day: the worker leaves them alone while the page is read.
    for (int i = 0; i < 3; i++) {
      plutro.sql("INSERT INTO deliveries (activity_id, inbox_url, domain, next_attempt_at, attempts, last_error,"
          + " last_status) VALUES ($1, $2, 'slow.example', now() + interval '1 day', 2, $3, 503)",
          activity, "https://slow.example/users/" + i + "/inbox", i == 2 ? "503 <b>Service Unavailable</b>" : "timeout");
    }
    plutro.sql("INSERT INTO deliveries (activity_id, inbox_url, domain, state, last_error, last_status)"
        + " VALUES ($1, 'https://dead.example/inbox', 'dead.example', 'failed', 'connection refused', 0)", activity);
    plutro.sql("INSERT INTO instances (domain, last_success_at) VALUES ('slow.example', now() - interval '2 days')");

    Browser admin = WebSignIn.as(plutro, "ada");
    String page = "/admin/deliveries";
    Document queue = admin.page(page);
    var slow = queue.getElementById("domain-slow.example");
    assertNotNull(slow, queue.html());
    assertEquals("3", slow.selectFirst("td[data-label=Pending]").text());
    assertEquals("3", slow.selectFirst("td[data-label=Retrying]").text());
    assertEquals("Last error: 503 <b>Service Unavailable</b>", slow.selectFirst("td[data-label=Server] .error").text());
    assertFalse(slow.selectFirst("td[data-label=Last success]").text().equals("never"));
    var dead = queue.getElementById("domain-dead.example");
    assertEquals("1", dead.selectFirst("td[data-label=Failed]").text());
    assertEquals("never", dead.selectFirst("td[data-label=Last success]").text());

    assertEquals(303, admin.submit(page, page + "/drop", Map.of("domain", "slow.example")).status());
    assertEquals(0, count("SELECT count(*) FROM deliveries WHERE domain = 'slow.example' AND state = 'queued'"));
    assertEquals(1, audit("drop", "Deliveries"));
    assertEquals(303, admin.submit(page, page + "/retry", Map.of("domain", "dead.example")).status());
    assertEquals(1, audit("retry", "Deliveries"));
    assertEquals("1 due now", plutro.sql("SELECT note FROM admin_action_logs WHERE action = 'retry'")
        .iterator().next().getString(0));
    plutro.sql("DELETE FROM outbound_activities WHERE id = $1", activity);
  }

  @Test
  void theDashboardCountsWhatHappened() {
    Browser admin = WebSignIn.as(plutro, "ada");
    long members = count("SELECT count(*) FROM users");
    plutro.post(cy, "A post of this week");
    plutro.post(cy, "Another one");
    long posts = count("SELECT count(*) FROM statuses s JOIN accounts a ON a.id = s.account_id"
        + " WHERE a.domain IS NULL AND s.deleted_at IS NULL AND s.created_at >= date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'");
    plutro.sql("INSERT INTO reports (account_id, target_account_id, comment) VALUES ($1, $2, 'rude')",
        Long.parseLong(cy.id()), Long.parseLong(ada.id()));
    long open = count("SELECT count(*) FROM reports WHERE action_taken_at IS NULL");
    Document dashboard = admin.page("/admin/dashboard");
    Map<String, String> stats = new java.util.HashMap<>();
    dashboard.select(".stats li").forEach(li -> stats.put(li.selectFirst(".label").text(), li.selectFirst(".number").text()));
    assertEquals(Long.toString(members), stats.get("Members"), stats.toString());
    assertEquals(Long.toString(posts), stats.get("Posts this week"), stats.toString());
    assertTrue(posts >= 2);
    assertEquals(Long.toString(open), stats.get("Open reports"));
    assertEquals(Long.toString(count("SELECT count(*) FROM users WHERE created_at >= date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'")),
        stats.get("Sign-ups this week"));
    assertTrue(Long.parseLong(stats.get("Active this week")) >= 1, "cy posted");
    assertEquals(6, dashboard.select("figure.chart svg").size());
    assertEquals(6, dashboard.select("figure.chart table").size(), "each chart has its numbers as a table");
    var posted = dashboard.select("figure.chart").stream().filter(f -> f.selectFirst("h3").text().equals("Local posts per week"))
        .findFirst().orElseThrow();
    assertEquals(Long.toString(posts), posted.select("tbody tr").last().select("td").last().text());
    assertTrue(dashboard.select("[style]").isEmpty(), "no style attributes (CSP)");
    assertNotNull(dashboard.selectFirst("a[href=/admin/deliveries]"));
  }
}
