package org.plutro.server.http.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Inbox;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;

/**
 * The sign-up page under each kind of registrations: approval (a reason, then a moderator's queue
 * in the admin API and the command line), invite (the inviter introduced on the invite's page),
 * closed.
 */
class SignUpModesTest {

  static Map<String, String> form(Browser browser, String path, Map<String, String> fields) {
    Reply page = browser.get(path);
    assertEquals(200, page.status(), page.body());
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.putAll(fields);
    return form;
  }

  static Map<String, String> person(String username) {
    return Map.of("username", username, "email", username + "@example.org", "password", "a long password",
        "password_confirmation", "a long password", "agreement", "1");
  }

  /** A moderator: a member made admin, with a token that holds the admin scopes. */
  static String adminToken(TestInstance on) {
    JsonObject app = on.postForm("/api/v1/apps", Map.of("client_name", "admin", "redirect_uris",
        "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write admin:read admin:write")).json();
    on.register("mod_maria");
    on.sql("UPDATE users SET role = 'admin' WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = 'mod_maria' AND domain IS NULL)");
    return on.postForm("/oauth/token", Map.of("grant_type", "password", "client_id", app.getString("client_id"),
        "client_secret", app.getString("client_secret"), "username", "mod_maria",
        "password", "a long password", "scope", "read write admin:read admin:write")).json()
        .getString("access_token");
  }

  static String token(TestInstance on, String username) {
    return on.postForm("/oauth/token", Map.of("grant_type", "password", "client_id", on.app().clientId(),
        "client_secret", on.app().clientSecret(), "username", username, "password", "a long password",
        "scope", "read write")).json().getString("access_token");
  }

  static String idOf(TestInstance on, String username) {
    return Long.toString(on.sql("SELECT id FROM accounts WHERE username = $1 AND domain IS NULL", username)
        .iterator().next().getLong(0));
  }

  static int cli(TestInstance on, ByteArrayOutputStream out, String... args) {
    out.reset();
    return AdminCommand.run(on.settings(), List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void withApprovalAPersonSaysWhyAndWaitsForAModerator() {
    try (Inbox inbox = Inbox.start();
         TestInstance plutro = TestInstance.start(withInbox(inbox, "approval"))) {
      String admin = adminToken(plutro);
      Browser browser = new Browser(plutro);
      Map<String, String> noReason = form(browser, "/auth/sign_up", person("wren"));
      Document page = Jsoup.parse(browser.get("/auth/sign_up").body());
      assertNotNull(page.selectFirst("label[for=reason]:containsOwn(Why do you want to join?)"));
      Reply refused = browser.post("/auth/sign_up", noReason);
      assertEquals(422, refused.status());
      assertEquals("Your reason is required.", Jsoup.parse(refused.body()).selectFirst("#reason-error").text());

      Map<String, String> withReason = new HashMap<>(Browser.hiddenFields(refused.body()));
      withReason.putAll(person("wren"));
      withReason.put("reason", "I run the <b>choir</b> and want to post our concerts.");
      assertEquals(303, browser.post("/auth/sign_up", withReason).status());
      String link = inbox.await("wren@example.org", "Confirm your email address for Plutro")
          .link(plutro.base() + "/auth/confirmation");
      assertEquals(200, browser.get(link.substring(plutro.base().length())).status());
      assertTrue(browser.get("/auth/setup").body().contains("you can post once your account is approved"));
      Reply waiting = plutro.postForm("/api/v1/statuses", Map.of("status", "hello?"),
          "Authorization", "Bearer " + token(plutro, "wren"));
      assertEquals(403, waiting.status());
      assertEquals("Your login is currently pending approval", waiting.json().getString("error"));

      // The API asks for the reason too; an app's sign-up waits in the same queue.
      Reply silent = plutro.postJson("/api/v1/accounts", new JsonObject().put("username", "yan")
          .put("email", "yan@example.org").put("password", "a long password").put("agreement", true),
          "Authorization", "Bearer " + plutro.app().appToken());
      assertEquals(422, silent.status());
      assertEquals("ERR_BLANK", silent.json().getJsonObject("details").getJsonArray("reason")
          .getJsonObject(0).getString("error"));
      assertEquals(200, plutro.postJson("/api/v1/accounts", new JsonObject().put("username", "yan")
          .put("email", "yan@example.org").put("password", "a long password").put("agreement", true)
          .put("reason", "spam, probably"), "Authorization", "Bearer " + plutro.app().appToken()).status());
      JsonObject instance = plutro.get("/api/v2/instance").json().getJsonObject("registrations");
      assertTrue(instance.getBoolean("enabled"));
      assertTrue(instance.getBoolean("approval_required"));

      Reply pending = plutro.getWithToken("/api/v1/admin/accounts?pending=true", admin);
      assertEquals(200, pending.status(), pending.body());
      JsonArray queue = pending.array();
      assertEquals(2, queue.size(), queue.encodePrettily());
      JsonObject wren = queue.stream().map(JsonObject.class::cast)
          .filter(a -> a.getString("username").equals("wren")).findFirst().orElseThrow();
      assertEquals("I run the <b>choir</b> and want to post our concerts.", wren.getString("invite_request"));
      assertFalse(wren.getBoolean("approved"));
      assertTrue(wren.getBoolean("confirmed"));

      Reply approved = plutro.postForm("/api/v1/admin/accounts/" + wren.getString("id") + "/approve", Map.of(),
          "Authorization", "Bearer " + admin);
      assertEquals(200, approved.status(), approved.body());
      assertTrue(approved.json().getBoolean("approved"));
      assertEquals(403, plutro.postForm("/api/v1/admin/accounts/" + wren.getString("id") + "/approve", Map.of(),
          "Authorization", "Bearer " + admin).status(), "only a waiting sign-up is approved");
      assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "our first concert"),
          "Authorization", "Bearer " + token(plutro, "wren")).status());

      String yan = idOf(plutro, "yan");
      Reply rejected = plutro.postForm("/api/v1/admin/accounts/" + yan + "/reject", Map.of(),
          "Authorization", "Bearer " + admin);
      assertEquals(200, rejected.status(), rejected.body());
      assertEquals("yan", rejected.json().getString("username"));
      assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE username = 'yan'"), "nothing left");
      assertEquals(0, plutro.getWithToken("/api/v1/admin/accounts?pending=true", admin).array().size());
      assertEquals(403, plutro.postForm("/api/v1/admin/accounts/" + wren.getString("id") + "/reject", Map.of(),
          "Authorization", "Bearer " + admin).status(), "a member let in is not rejected");
    }
  }

  @Test
  void theCommandLineListsApprovesAndRejectsWaitingSignUps() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "approval"))) {
      for (String name : new String[] {"xavi", "yolanda"}) {
        assertEquals(200, plutro.postJson("/api/v1/accounts", new JsonObject().put("username", name)
            .put("email", name + "@example.org").put("password", "a long password").put("agreement", true)
            .put("reason", name + " likes  birds\nand trees"), "Authorization", "Bearer " + plutro.app().appToken())
            .status());
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(0, cli(plutro, out, "account", "pending"));
      String listed = out.toString(StandardCharsets.UTF_8);
      assertTrue(listed.contains("@xavi <xavi@example.org>"), listed);
      assertTrue(listed.contains("xavi likes birds and trees"), listed);
      assertTrue(listed.contains("2 sign-ups wait"), listed);
      assertEquals(0, cli(plutro, out, "account", "approve", "--account", "xavi"));
      assertEquals(0, cli(plutro, out, "account", "reject", "--account", "yolanda"));
      assertEquals(1, cli(plutro, out, "account", "approve", "--account", "xavi"), "not waiting any more");
      assertEquals(1, plutro.count("SELECT count(*) FROM users u JOIN accounts a ON a.id = u.account_id"
          + " WHERE a.username = 'xavi' AND u.approved"));
      assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE username = 'yolanda'"));

      // An admin's account needs no link and no approval.
      assertEquals(0, cli(plutro, out, "account", "create", "--username", "zed", "--email", "zed@example.org",
          "--password", "a long password"));
      assertEquals(1, plutro.count("SELECT count(*) FROM users u JOIN accounts a ON a.id = u.account_id"
          + " WHERE a.username = 'zed' AND u.confirmed_at IS NOT NULL AND u.approved"));
    }
  }

  @Test
  void anInvitesPageIntroducesItsInviterAndLetsOneIn() {
    try (Inbox inbox = Inbox.start();
         TestInstance plutro = TestInstance.start(withInbox(inbox, "invite"))) {
      // With invites only, members come from the command line (or from invites).
      assertEquals(0, cli(plutro, new ByteArrayOutputStream(), "account", "create", "--username", "ines",
          "--email", "ines@example.org", "--password", "a long password"));
      plutro.sql("UPDATE accounts SET display_name = 'Inès <i>Invites</i>' WHERE username = 'ines'");
      plutro.sql("INSERT INTO invites (code, inviter_account_id, max_uses) VALUES ('welcome1',"
          + " (SELECT id FROM accounts WHERE username = 'ines' AND domain IS NULL), 1)");

      Browser visitor = new Browser(plutro);
      Document closed = Jsoup.parse(visitor.get("/auth/sign_up").body());
      assertTrue(closed.text().contains("by invitation"), closed.text());
      assertNull(closed.selectFirst("input[name=username]"), "no form without an invite");

      Reply invited = visitor.get("/invite/welcome1");
      assertEquals(200, invited.status());
      Document page = Jsoup.parse(invited.body());
      assertEquals("Join Plutro", page.selectFirst("h1").text());
      assertTrue(page.selectFirst(".inviter").text().contains("Inès <i>Invites</i>"), "her name, as text");
      assertFalse(invited.body().contains("<i>Invites</i>"));
      assertEquals(plutro.base() + "/avatars/original/missing.png",
          page.selectFirst(".inviter img").attr("src"), "her photo");
      assertEquals("welcome1", Browser.hiddenFields(invited.body()).get("invite_code"));

      Map<String, String> form = new HashMap<>(Browser.hiddenFields(invited.body()));
      form.putAll(person("ivo"));
      assertEquals(303, visitor.post("/auth/sign_up", form).status());
      assertEquals(1, plutro.count("SELECT count(*) FROM users u JOIN accounts a ON a.id = u.account_id"
          + " JOIN invites i ON i.id = u.invite_id WHERE a.username = 'ivo' AND i.code = 'welcome1'"));

      Browser late = new Browser(plutro);
      Document usedUp = Jsoup.parse(late.get("/invite/welcome1").body());
      assertTrue(usedUp.text().contains("no longer works"), usedUp.text());
      assertNull(usedUp.selectFirst("input[name=username]"));
      // The sign-in page's form gives this session's token; the sign-up page has no form now.
      Map<String, String> sneaky = form(late, "/auth/sign_in", person("ulla"));
      sneaky.put("invite_code", "welcome1");
      assertEquals(422, late.post("/auth/sign_up", sneaky).status());
      sneaky.remove("invite_code");
      assertEquals(403, late.post("/auth/sign_up", sneaky).status());
      assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE username = 'ulla'"));
    }
  }

  @Test
  void closedRegistrationsSaySoAndCreateNothing() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "closed"))) {
      Browser visitor = new Browser(plutro);
      Reply page = visitor.get("/auth/sign_up");
      assertEquals(200, page.status());
      Document closed = Jsoup.parse(page.body());
      assertTrue(closed.text().contains("Sign-up is closed"), closed.text());
      assertNull(closed.selectFirst("input[name=username]"));
      assertNull(closed.selectFirst("header.site a[href=/auth/sign_up]"), "no sign-up button either");
      Map<String, String> form = form(visitor, "/auth/sign_in", person("nemo"));
      assertEquals(403, visitor.post("/auth/sign_up", form).status());
      assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE username = 'nemo'"));
    }
  }

  @Test
  void thePageCountsSignUpsAgainstTheLimitButNotTypingMistakes() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_RATE_LIMIT_SIGN_UPS", "2"))) {
      Browser first = new Browser(plutro);
      for (int i = 0; i < 3; i++) {
        Map<String, String> mistaken = form(first, "/auth/sign_up", person("al"));
        mistaken.put("password_confirmation", "not the same");
        assertEquals(422, first.post("/auth/sign_up", mistaken).status());
      }
      assertEquals(303, first.post("/auth/sign_up", form(first, "/auth/sign_up", person("al"))).status());
      Browser second = new Browser(plutro);
      assertEquals(303, second.post("/auth/sign_up", form(second, "/auth/sign_up", person("bo"))).status());
      Browser third = new Browser(plutro);
      Reply refused = third.post("/auth/sign_up", form(third, "/auth/sign_up", person("cy")));
      assertEquals(429, refused.status());
      assertTrue(refused.body().contains("Too many sign-ups"), refused.body());
      assertNotNull(refused.header("Retry-After"));
      assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE username = 'cy'"));
    }
  }

  private static Map<String, String> withInbox(Inbox inbox, String registrations) {
    Map<String, String> env = new HashMap<>(inbox.environment());
    env.put("PLUTRO_REGISTRATIONS", registrations);
    return env;
  }
}
