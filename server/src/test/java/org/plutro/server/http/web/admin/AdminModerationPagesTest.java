package org.plutro.server.http.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * The moderation pages over plain HTTP: a member who is not an admin finds none of them and
 * changes nothing by posting to them; a form without its CSRF token changes nothing; a server
 * blocked, changed and lifted on the page is what the admin API lists, and each change is in the
 * audit log with the note, as the API's own block is; an admin limits a member from their page.
 */
class AdminModerationPagesTest {
  static TestInstance plutro;
  static Member cy;
  static Member dan;
  static String apiAdmin;
  static String reportId;
  static String blockId;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    plutro.register("ada");
    plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = (SELECT id FROM accounts WHERE username = 'ada'"
        + " AND domain IS NULL)");
    cy = plutro.register("cy");
    dan = plutro.register("dan");
    apiAdmin = ReportModerationBrowserTest.admin(plutro, "apimod");
    Reply reported = plutro.postForm("/api/v1/reports", Map.of("account_id", dan.id(), "comment", "rude"),
        "Authorization", "Bearer " + cy.token());
    assertEquals(200, reported.status(), reported.body());
    reportId = reported.json().getString("id");
    Reply blocked = plutro.postForm("/api/v1/admin/domain_blocks", Map.of("domain", "kept.example",
        "severity", "silence"), "Authorization", "Bearer " + apiAdmin);
    assertEquals(200, blocked.status(), blocked.body());
    blockId = blocked.json().getString("id");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static List<String> pages() {
    return List.of("/admin/reports", "/admin/reports?resolved=1", "/admin/reports/" + reportId, "/admin/accounts",
        "/admin/accounts?username=dan", "/admin/accounts/" + dan.id(), "/admin/domain_blocks",
        "/admin/domain_blocks/" + blockId + "/edit", "/admin/domain_allows", "/admin/action_logs");
  }

  static Map<String, Map<String, String>> posts() {
    return Map.of(
        "/admin/reports/" + reportId, Map.of("do", "resolve", "note", "x"),
        "/admin/accounts/" + dan.id(), Map.of("do", "suspend", "note", "x"),
        "/admin/domain_blocks", Map.of("domain", "new.example", "severity", "suspend"),
        "/admin/domain_blocks/" + blockId, Map.of("severity", "suspend"),
        "/admin/domain_blocks/" + blockId + "/delete", Map.of());
  }

  /** Nothing the forms could change has changed. */
  static void nothingChanged(long auditEntries) {
    assertEquals(0, plutro.count("SELECT count(*) FROM reports WHERE action_taken_at IS NOT NULL"));
    assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE suspended_at IS NOT NULL"));
    assertEquals(1, plutro.count("SELECT count(*) FROM instance_domain_blocks WHERE domain = 'kept.example'"
        + " AND severity = 'silence'"));
    assertEquals(0, plutro.count("SELECT count(*) FROM instance_domain_blocks WHERE domain = 'new.example'"));
    assertEquals(auditEntries, plutro.count("SELECT count(*) FROM admin_action_logs"));
  }

  @Test
  void aMemberWhoIsNotAnAdminFindsNothingAndChangesNothing() {
    long entries = plutro.count("SELECT count(*) FROM admin_action_logs");
    Browser member = WebSignIn.as(plutro, cy);
    for (String page : pages()) {
      assertEquals(404, member.get(page).status(), page);
    }
    String token = member.csrf("/settings/profile");
    posts().forEach((path, form) -> assertEquals(404, member.post(path, withToken(token, form)).status(), path));
    nothingChanged(entries);
    Browser visitor = new Browser(plutro);
    assertEquals(303, visitor.get("/admin/reports").status(), "a visitor is asked to sign in");
  }

  @Test
  void aFormWithoutItsTokenChangesNothing() {
    long entries = plutro.count("SELECT count(*) FROM admin_action_logs");
    Browser admin = WebSignIn.as(plutro, "ada");
    for (String page : pages()) {
      assertEquals(200, admin.get(page).status(), page);
    }
    assertTrue(admin.get("/admin/domain_allows").body().contains("This server federates openly."),
        "an open server's list of allowed servers says it has no effect");
    posts().forEach((path, form) -> {
      assertEquals(403, admin.post(path, withToken(null, form)).status(), path);
      assertEquals(403, admin.post(path, withToken("forged", form)).status(), path);
    });
    nothingChanged(entries);
  }

  @Test
  void aServerBlockedOnThePageIsInForceAndLogged() {
    Browser admin = WebSignIn.as(plutro, "ada");
    String token = admin.csrf("/admin/domain_blocks");
    Reply bad = admin.post("/admin/domain_blocks", Browser.form(token, "domain", "not a domain!",
        "severity", "suspend"));
    assertEquals(422, bad.status());
    assertTrue(bad.body().contains("Is not a domain."), bad.body());
    assertTrue(bad.body().contains("value=\"not a domain!\""), "what was typed is kept");

    Reply added = admin.post("/admin/domain_blocks", Browser.form(token, "domain", "Spam.Example",
        "severity", "suspend", "reject_media", "1", "public_comment", "Spam", "note", "Floods us <i>daily</i>"));
    assertEquals(303, added.status(), added.body());
    assertEquals("/admin/domain_blocks", added.header("Location"));
    JsonObject block = listed("spam.example");
    assertEquals("suspend", block.getString("severity"));
    assertTrue(block.getBoolean("reject_media"));
    assertEquals("Spam", block.getString("public_comment"));
    assertTrue(admin.get("/admin/domain_blocks").body().contains("Blocked spam.example."), "the notice");

    String id = block.getString("id");
    Reply changed = admin.post("/admin/domain_blocks/" + id, Browser.form(token, "severity", "silence",
        "public_comment", "Spam", "note", "Better now"));
    assertEquals(303, changed.status(), changed.body());
    assertEquals("silence", listed("spam.example").getString("severity"));
    assertFalse(listed("spam.example").getBoolean("reject_media"), "an unticked box is off");

    assertEquals(303, admin.post("/admin/domain_blocks/" + id + "/delete", Browser.form(token, "note", "Gone"))
        .status());
    assertTrue(blocks().stream().noneMatch(b -> "spam.example".equals(((JsonObject) b).getString("domain"))));

    String log = admin.get("/admin/action_logs").body();
    assertTrue(log.contains("@ada</strong> blocked the server <a href=\"/admin/domain_blocks\">spam.example</a>"), log);
    assertTrue(log.contains("Floods us &lt;i&gt;daily&lt;/i&gt;"), "the note, escaped: " + log);
    assertTrue(log.contains("changed the block of") && log.contains("Better now"), log);
    assertTrue(log.contains("lifted the block of") && log.contains("Gone"), log);
  }

  @Test
  void theApisServerBlocksAreLoggedToo() {
    Reply blocked = plutro.postForm("/api/v1/admin/domain_blocks", Map.of("domain", "api.example",
        "severity", "suspend"), "Authorization", "Bearer " + apiAdmin);
    assertEquals(200, blocked.status(), blocked.body());
    assertEquals(1, plutro.count("SELECT count(*) FROM admin_action_logs WHERE action = 'create'"
        + " AND target_type = 'DomainBlock' AND target_id = 'api.example' AND by_name = '@apimod'"));
    Reply lifted = plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(plutro.base()
        + "/api/v1/admin/domain_blocks/" + blocked.json().getString("id"))).DELETE(),
        "Authorization", "Bearer " + apiAdmin);
    assertEquals(200, lifted.status(), lifted.body());
    assertEquals(1, plutro.count("SELECT count(*) FROM admin_action_logs WHERE action = 'delete'"
        + " AND target_id = 'api.example'"));
  }

  @Test
  void anAdminLimitsAMemberFromTheirPage() {
    Member eve = plutro.register("eve");
    Browser admin = WebSignIn.as(plutro, "ada");
    String found = admin.get("/admin/accounts?username=ev&origin=local").body();
    assertTrue(found.contains("href=\"/admin/accounts/" + eve.id() + "\""), found);
    assertFalse(found.contains("href=\"/admin/accounts/" + dan.id() + "\""), "only those who match");
    String page = admin.get("/admin/accounts/" + eve.id()).body();
    assertTrue(page.contains("eve@example.org"), page);
    String token = admin.csrf("/admin/accounts/" + eve.id());

    Reply limited = admin.post("/admin/accounts/" + eve.id(), Browser.form(token, "do", "silence",
        "note", "<script>alert(1)</script> flooding"));
    assertEquals(303, limited.status(), limited.body());
    assertEquals("/admin/accounts/" + eve.id(), limited.header("Location"));
    assertEquals(1, plutro.count("SELECT count(*) FROM accounts WHERE id = $1 AND silenced_at IS NOT NULL",
        Long.parseLong(eve.id())));
    page = admin.get("/admin/accounts/" + eve.id()).body();
    assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; flooding"), page);
    assertFalse(page.contains("<script>alert(1)"), page);
    assertTrue(page.contains("Lift the limit"), page);
    assertTrue(admin.get("/admin/accounts?status=silenced").body().contains("/admin/accounts/" + eve.id()));

    assertEquals(303, admin.post("/admin/accounts/" + eve.id(), Browser.form(token, "do", "unsilence")).status());
    assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE id = $1 AND silenced_at IS NOT NULL",
        Long.parseLong(eve.id())));
    assertTrue(admin.get("/admin/action_logs").body().contains("lifted the limit on"));
    assertTrue(admin.get("/admin/accounts?status=pending").body().contains("Sign-ups waiting"),
        "the sign-up queue is where it was");
  }

  static Map<String, String> withToken(String token, Map<String, String> form) {
    Map<String, String> sent = new java.util.LinkedHashMap<>(form);
    if (token != null) {
      sent.put(Browser.CSRF, token);
    }
    return sent;
  }

  static JsonObject listed(String domain) {
    return blocks().stream().map(JsonObject.class::cast).filter(b -> domain.equals(b.getString("domain")))
        .findFirst().orElseThrow(() -> new AssertionError(domain + " is not listed"));
  }

  static JsonArray blocks() {
    return plutro.getWithToken("/api/v1/admin/domain_blocks", apiAdmin).array();
  }
}
