package org.plutro.server.http.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * The allowed servers of a server in limited federation mode, kept through Mastodon's admin API
 * and the admin page: only admins with the admin scopes (403) or on the page (404); a bad domain
 * is refused (422) and nothing is stored; allowing a domain twice keeps one; every change is in
 * the audit log. The page in a real browser without JavaScript, photographed at 1280 and 390 px
 * ({@code target/screenshots/admin-domain-allows-*}).
 */
class DomainAllowsAdminTest {
  private static final String API = "/api/v1/admin/domain_allows";

  @RegisterExtension
  static final Chromium browser = new Chromium(false);

  static TestInstance plutro;
  static Member cy;
  static String apiAdmin;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start(Map.of("PLUTRO_FEDERATION_MODE", "limited"));
    Member ada = plutro.register("ada");
    plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = $1", Long.parseLong(ada.id()));
    cy = plutro.register("cy");
    apiAdmin = ReportModerationBrowserTest.admin(plutro, "apimod");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void theAdminApiKeepsTheListAsMastodonsDoes() {
    // A member is refused; so is an admin whose token lacks the admin scopes.
    assertEquals(403, plutro.getWithToken(API, cy.token()).status());
    assertEquals(403, plutro.postForm(API, Map.of("domain", "cy.example"), "Authorization", "Bearer " + cy.token())
        .status());
    Member unscoped = plutro.register("unscoped");
    plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = $1", Long.parseLong(unscoped.id()));
    assertEquals(403, plutro.getWithToken(API, unscoped.token()).status(), "read write is not admin:read");
    assertEquals(0, plutro.count("SELECT count(*) FROM domain_allows WHERE domain = 'cy.example'"));

    // A bad domain: 422, nothing stored.
    for (String bad : new String[] {"", "not a domain!", "https://x.example/", ".x.example", "x..example"}) {
      Reply refused = plutro.postForm(API, Map.of("domain", bad), "Authorization", "Bearer " + apiAdmin);
      assertEquals(422, refused.status(), bad + ": " + refused.body());
    }
    long stored = plutro.count("SELECT count(*) FROM domain_allows");

    // Allowed once, normalised; allowing it again answers the same entry.
    Reply allowed = plutro.postForm(API, Map.of("domain", "  Friends.Example "), "Authorization", "Bearer " + apiAdmin);
    assertEquals(200, allowed.status(), allowed.body());
    JsonObject entity = allowed.json();
    assertEquals("friends.example", entity.getString("domain"));
    assertTrue(entity.getString("created_at").endsWith("Z"), entity.encode());
    assertEquals(Map.of("id", 0, "domain", 0, "created_at", 0).keySet(), entity.fieldNames());
    Reply again = plutro.postForm(API, Map.of("domain", "friends.example"), "Authorization", "Bearer " + apiAdmin);
    assertEquals(200, again.status());
    assertEquals(entity.getString("id"), again.json().getString("id"));
    assertEquals(stored + 1, plutro.count("SELECT count(*) FROM domain_allows"));
    assertEquals(1, plutro.count("SELECT count(*) FROM admin_action_logs WHERE action = 'create'"
        + " AND target_type = 'DomainAllow' AND target_id = 'friends.example' AND by_name = '@apimod'"),
        "logged once");

    String id = entity.getString("id");
    JsonArray list = plutro.getWithToken(API, apiAdmin).array();
    assertTrue(list.stream().anyMatch(a -> id.equals(((JsonObject) a).getString("id"))), list.encode());
    assertEquals("friends.example", plutro.getWithToken(API + "/" + id, apiAdmin).json().getString("domain"));
    assertEquals(404, plutro.getWithToken(API + "/123456", apiAdmin).status());

    Reply removed = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + API + "/" + id)).DELETE(),
        "Authorization", "Bearer " + apiAdmin);
    assertEquals(200, removed.status(), removed.body());
    assertEquals(404, plutro.getWithToken(API + "/" + id, apiAdmin).status());
    assertEquals(404, plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + API + "/" + id)).DELETE(),
        "Authorization", "Bearer " + apiAdmin).status());
    assertEquals(1, plutro.count("SELECT count(*) FROM admin_action_logs WHERE action = 'delete'"
        + " AND target_type = 'DomainAllow' AND target_id = 'friends.example'"));
  }

  @Test
  void onlyAnAdminsSignedFormChangesTheList() {
    long entries = plutro.count("SELECT count(*) FROM admin_action_logs");
    Browser member = WebSignIn.as(plutro, cy);
    assertEquals(404, member.get("/admin/domain_allows").status());
    String memberToken = member.csrf("/settings/profile");
    assertEquals(404, member.post("/admin/domain_allows", Browser.form(memberToken, "domain", "m.example")).status());

    Browser admin = WebSignIn.as(plutro, "ada");
    assertEquals(403, admin.post("/admin/domain_allows", Map.of("domain", "m.example")).status(), "no token");
    assertEquals(403, admin.post("/admin/domain_allows", Browser.form("forged", "domain", "m.example")).status());
    assertEquals(0, plutro.count("SELECT count(*) FROM domain_allows WHERE domain = 'm.example'"));
    assertEquals(entries, plutro.count("SELECT count(*) FROM admin_action_logs"));

    String page = admin.get("/admin/domain_allows").body();
    assertTrue(page.contains("This server runs in limited federation mode."), page);
    String token = admin.csrf("/admin/domain_allows");
    Reply bad = admin.post("/admin/domain_allows", Browser.form(token, "domain", "not a domain!"));
    assertEquals(422, bad.status());
    assertTrue(bad.body().contains("Is not a domain.") && bad.body().contains("value=\"not a domain!\""), bad.body());

    Reply added = admin.post("/admin/domain_allows", Browser.form(token, "domain", "Pals.Example",
        "note", "Our sister <b>server</b>"));
    assertEquals(303, added.status(), added.body());
    assertEquals("/admin/domain_allows", added.header("Location"));
    assertTrue(admin.get("/admin/domain_allows").body().contains("Allowed pals.example."), "the notice");
    assertEquals(303, admin.post("/admin/domain_allows", Browser.form(token, "domain", "pals.example")).status());
    assertTrue(admin.get("/admin/domain_allows").body().contains("pals.example was allowed already."));
    assertEquals(1, plutro.count("SELECT count(*) FROM domain_allows WHERE domain = 'pals.example'"));
    long id = plutro.sql("SELECT id FROM domain_allows WHERE domain = 'pals.example'").iterator().next().getLong(0);

    assertEquals(404, member.post("/admin/domain_allows/" + id + "/delete", Browser.form(memberToken)).status());
    assertEquals(403, admin.post("/admin/domain_allows/" + id + "/delete", Map.of()).status());
    Reply removed = admin.post("/admin/domain_allows/" + id + "/delete", Browser.form(token, "note", "Parted"));
    assertEquals(303, removed.status());
    assertEquals(0, plutro.count("SELECT count(*) FROM domain_allows WHERE domain = 'pals.example'"));

    String log = admin.get("/admin/action_logs").body();
    assertTrue(log.contains("@ada</strong> allowed the server <a href=\"/admin/domain_allows\">pals.example</a>"), log);
    assertTrue(log.contains("Our sister &lt;b&gt;server&lt;/b&gt;"), "the note, escaped");
    assertTrue(log.contains("removed from the allowed servers") && log.contains("Parted"), log);
    assertEquals(entries + 2, plutro.count("SELECT count(*) FROM admin_action_logs"), "the repeat is not logged");
  }

  @Test
  void anAdminAllowsAndRemovesAServerInABrowser() {
    plutro.postForm(API, Map.of("domain", "a-very-long-server-name.social.example.org"),
        "Authorization", "Bearer " + apiAdmin);
    WebSignIn.as(browser, plutro, "ada");
    browser.visit(plutro.base() + "/admin/domain_allows")
        .fill("Server", "neighbours.example")
        .fill("Note for the audit log", "They asked")
        .press("Allow server");
    assertTrue(browser.text().contains("Allowed neighbours.example."), browser.text());
    assertTrue(browser.text().contains("@ada"), "who added it");
    browser.photograph("admin-domain-allows");
    assertEquals(1, plutro.count("SELECT count(*) FROM domain_allows WHERE domain = 'neighbours.example'"
        + " AND added_by IS NOT NULL"));

    browser.press("Remove");
    assertTrue(browser.text().contains("Removed neighbours.example from the allowed servers."), browser.text());
    assertEquals(0, plutro.count("SELECT count(*) FROM domain_allows WHERE domain = 'neighbours.example'"));
  }
}
