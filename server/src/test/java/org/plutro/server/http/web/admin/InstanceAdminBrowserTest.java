package org.plutro.server.http.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * An admin in a real browser: writes an announcement that a member then reads in their app and
 * that the audit log records; adds a rule that the about page then shows; looks at the dashboard
 * and the delivery queue (photographed at 1280 and 390 px: {@code target/screenshots/admin-*}).
 * Run with JavaScript on ({@link WithScript}) and off ({@link WithoutScript}).
 */
abstract class InstanceAdminBrowserTest {
  static TestInstance plutro;
  static Member ada;
  static Member cy;

  abstract Chromium browser();

  abstract String suffix();

  static void start() {
    plutro = TestInstance.start(Map.of("PLUTRO_INSTANCE_NAME", "Owl Town"));
    ada = plutro.register("ada");
    plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = $1", Long.parseLong(ada.id()));
    cy = plutro.register("cy");
    plutro.post(cy, "Hello owls");
    long activity = plutro.sql("INSERT INTO outbound_activities (uri, account_id, body) VALUES"
        + " ('https://x.example/browser-test', $1, '{}') RETURNING id", Long.parseLong(ada.id())).iterator().next().getLong(0);
    for (String domain : new String[] {"slow.example", "a-very-long-server-name.social.example.org"}) {
      for (int i = 0; i < 3; i++) {
        plutro.sql("INSERT INTO deliveries (activity_id, inbox_url, domain, next_attempt_at, attempts, last_error,"
            + " last_status) VALUES ($1, $2, $3, now() + interval '1 day', 2, $4, 503)", activity,
            "https://" + domain + "/users/" + i + "/inbox", domain,
            "HTTP 503 from https://" + domain + "/users/" + i + "/inbox: Service Unavailable, try again later");
      }
    }
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void anAdminAnnouncesAndAMemberReadsIt() {
    Chromium browser = browser();
    WebSignIn.as(browser, plutro, "ada");
    browser.visit(plutro.base() + "/admin/announcements")
        .fill("Text", "The server restarts tonight at 22:00 " + suffix() + ".")
        .check("Publish now", true)
        .press("Save announcement");
    assertTrue(browser.text().contains("Announcement saved."), browser.text());
    assertTrue(browser.text().contains("The server restarts tonight at 22:00 " + suffix() + "."));
    browser.photograph("admin-announcements-" + suffix());

    JsonArray seen = plutro.getWithToken("/api/v1/announcements", cy.token()).array();
    assertTrue(seen.stream().anyMatch(a -> ((io.vertx.core.json.JsonObject) a).getString("content")
        .equals("<p>The server restarts tonight at 22:00 " + suffix() + ".</p>")), seen.encode());
    assertEquals(1, plutro.count("SELECT count(*) FROM admin_action_logs WHERE action = 'publish'"
        + " AND target_type = 'Announcement' AND by_name = '@ada' AND target_label LIKE $1",
        "The server restarts tonight at 22:00 " + suffix() + "%"));
  }

  @Test
  void anAdminAddsARuleTheAboutPageShows() {
    Chromium browser = browser();
    WebSignIn.as(browser, plutro, "ada");
    browser.visit(plutro.base() + "/admin/rules")
        .fill("Rule", "Be kind to owls " + suffix())
        .fill("Hint", "They are shy")
        .press("Add rule");
    assertTrue(browser.text().contains("Rule saved."), browser.text());
    browser.photograph("admin-rules-" + suffix());
    browser.visit(plutro.base() + "/about");
    assertTrue(browser.text().contains("Be kind to owls " + suffix()), browser.text());
    assertTrue(browser.text().contains("They are shy"));
  }

  @Test
  void theDashboardAndTheDeliveryQueueFitAPhone() {
    Chromium browser = browser();
    WebSignIn.as(browser, plutro, "ada");
    browser.visit(plutro.base() + "/admin/dashboard");
    assertTrue(browser.text().contains("Members"), browser.text());
    browser.photograph("admin-dashboard-" + suffix());
    browser.follow("Deliveries per server");
    assertTrue(browser.text().contains("slow.example"), browser.text());
    browser.photograph("admin-deliveries-" + suffix());
    browser.visit(plutro.base() + "/admin/invites").photograph("admin-invites-" + suffix());
    browser.visit(plutro.base() + "/admin/instance").photograph("admin-instance-" + suffix());
  }
}
