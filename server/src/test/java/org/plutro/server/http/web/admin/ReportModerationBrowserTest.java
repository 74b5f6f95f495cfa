package org.plutro.server.http.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;
import org.plutro.server.testrig.WebSignIn;

/**
 * An admin handles a member's report against an account of another server in a real browser:
 * opens it from the queue, forwards it (the other server's moderators get it), suspends the
 * account from the report with a note, which resolves it, and finds the suspension with the
 * note in the audit log. Run with JavaScript on and off (the two subclasses); screenshots are
 * {@code admin-report-*}, {@code admin-accounts-*} and {@code admin-action-logs-*}.
 */
abstract class ReportModerationBrowserTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  abstract Chromium browser();

  abstract String shots();

  /** A new admin of {@code on}, signed up through the API, with a token that may use the admin API. */
  static String admin(TestInstance on, String username) {
    String scopes = "read write admin:read admin:write";
    JsonObject app = on.postForm("/api/v1/apps", Map.of("client_name", "moderation",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", scopes)).json();
    String appToken = on.postForm("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "scope", scopes)).json().getString("access_token");
    Reply registered = on.postJson("/api/v1/accounts", new JsonObject().put("username", username)
        .put("email", username + "@example.org").put("password", WebSignIn.PASSWORD).put("agreement", true),
        "Authorization", "Bearer " + appToken);
    assertEquals(200, registered.status(), registered.body());
    on.sql("UPDATE users SET role = 'admin', confirmed_at = now() WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = $1 AND domain IS NULL)", username);
    return registered.json().getString("access_token");
  }

  @Test
  void anAdminSuspendsAReportedRemoteAccountAndTheAuditLogSaysWhy() {
    Member ann = net.a().register("ann");
    Member rob = net.b().register("rob");
    net.a().register("amod");
    net.a().sql("UPDATE users SET role = 'admin' WHERE account_id = (SELECT id FROM accounts WHERE username = 'amod'"
        + " AND domain IS NULL)");
    String bAdmin = admin(net.b(), "bmod");
    String robsPost = net.b().postForm("/api/v1/statuses", Map.of("status", "Cheap watches <script>alert(1)</script>"),
        "Authorization", "Bearer " + rob.token()).json().getString("uri");
    String robOnA = net.a().getWithToken("/api/v2/search?resolve=true&type=accounts&q=rob@" + net.b().authority(), ann.token())
        .json().getJsonArray("accounts").getJsonObject(0).getString("id");
    String postOnA = net.a().getWithToken("/api/v2/search?resolve=true&type=statuses&q=" + robsPost, ann.token())
        .json().getJsonArray("statuses").getJsonObject(0).getString("id");
    Reply reported = net.a().postForm("/api/v1/reports", Map.of("account_id", robOnA, "status_ids[]", postOnA,
        "comment", "Selling watches in every thread", "category", "spam"), "Authorization", "Bearer " + ann.token());
    assertEquals(200, reported.status(), reported.body());
    String id = reported.json().getString("id");

    Chromium browser = browser();
    WebSignIn.as(browser, net.a(), "amod");
    browser.visit(net.a().base() + "/admin/reports");
    assertTrue(browser.text().contains("@rob@" + net.b().authority()), browser.text());
    browser.follow("Report #" + id);
    String page = browser.text();
    assertTrue(page.contains("Selling watches in every thread"), page);
    assertTrue(page.contains("Cheap watches"), "the reported post: " + page);
    assertTrue(page.contains("@ann@" + net.a().authority()), "the reporter: " + page);
    assertTrue(page.contains("Spam"), page);
    assertTrue(page.contains(net.b().authority() + " was not told"), page);
    assertFalse(browser.driver().getPageSource().contains("<script>alert(1)"), "the post's markup is sanitised");
    browser.photograph("admin-report" + shots());

    // Forwarded: the other server's moderators get the report.
    browser.fill("Note for the audit log", "Their moderators should know").press("Forward to " + net.b().authority());
    assertTrue(browser.text().contains("The report was forwarded to " + net.b().authority()), browser.text());
    assertTrue(browser.text().contains("Yes, to " + net.b().authority()), browser.text());
    Eventually.within10s("rob's server has the report", () ->
        net.b().getWithToken("/api/v1/admin/reports", bAdmin).array().size() == 1);
    assertEquals(rob.id(), net.b().getWithToken("/api/v1/admin/reports", bAdmin).array().getJsonObject(0)
        .getJsonObject("target_account").getString("id"));

    // Suspended from the report, with a note: the report is resolved.
    browser.fill("Note for the audit log", "Spam seller <b>again</b>").press("Suspend");
    assertTrue(browser.text().contains("is dealt with, and the report is resolved"), browser.text());
    assertTrue(browser.text().contains("resolved"), browser.text());
    assertEquals(1, net.a().count("SELECT count(*) FROM reports WHERE id = $1 AND action_taken_at IS NOT NULL",
        Long.parseLong(id)));
    assertEquals(1, net.a().count("SELECT count(*) FROM accounts WHERE id = $1 AND suspended_at IS NOT NULL",
        Long.parseLong(robOnA)));

    browser.visit(net.a().base() + "/admin/action_logs");
    String log = browser.text();
    assertTrue(log.contains("@amod suspended @rob@" + net.b().authority()), log);
    assertTrue(log.contains("Spam seller <b>again</b>"), "the note, as typed: " + log);
    assertTrue(log.contains("@amod resolved report #" + id), log);
    assertTrue(log.contains("@amod forwarded report #" + id) && log.contains("Their moderators should know"), log);
    browser.photograph("admin-action-logs" + shots());
    browser.follow("report #" + id);
    assertTrue(browser.url().endsWith("/admin/reports/" + id), browser.url());

    browser.visit(net.a().base() + "/admin/accounts");
    assertTrue(browser.text().contains("@rob@" + net.b().authority()) && browser.text().contains("suspended"),
        browser.text());
    browser.photograph("admin-accounts" + shots());
    browser.follow("rob");
    assertTrue(browser.text().contains("Lift the suspension"), browser.text());
    browser.photograph("admin-account" + shots());

    browser.visit(net.a().base() + "/admin/domain_blocks")
        .fill("Server", "spam.example").fill("Public comment", "Spam").fill("Note for the audit log", "Floods us")
        .press("Block server");
    assertTrue(browser.text().contains("Blocked spam.example."), browser.text());
    browser.photograph("admin-domain-blocks" + shots());
  }
}
