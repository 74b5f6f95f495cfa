package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.ServerInternals;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * The sessions page (browsers and apps signed in, the sign-in history) and the authorized apps
 * page: what they show, escaped; revoking ends a session at once; forms without the right CSRF
 * token change nothing.
 */
class SessionsAndAppsPagesTest {
  static final String EVIL_AGENT = "<script>alert('agent')</script> EvilBrowser/1.0";
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
  void aVisitorIsSentToSignIn() {
    for (String path : new String[] {"/settings/sessions", "/settings/applications"}) {
      Reply reply = plutro.get(path, "Accept", "text/html");
      assertEquals(303, reply.status(), path);
      assertTrue(reply.header("Location").startsWith("/auth/sign_in?return_to=%2Fsettings%2F"), path);
    }
  }

  @Test
  void sessionsShowBrowsersAppsAndSignInsWithTheCurrentOneMarked() {
    Member ada = plutro.register("ada");
    Browser firefox = WebSignIn.as(plutro, "ada");
    Browser evil = WebSignIn.as(new Browser(plutro, EVIL_AGENT), plutro, "ada", WebSignIn.PASSWORD);
    String phone = passwordGrant("<b>Phone</b> app", "ada", "PhoneApp/2.1 <i>x</i>");

    Reply reply = firefox.get("/settings/sessions");
    assertEquals(200, reply.status());
    assertEquals("private, no-store", reply.header("Cache-Control"));
    assertFalse(reply.body().contains("<script>alert"), "the user agent is escaped");
    assertFalse(reply.body().contains("<b>Phone</b>"), "the app's name is escaped");
    Document page = Jsoup.parse(reply.body());
    assertEquals("Sessions", page.selectFirst("h1").text());

    Element current = page.selectFirst("tr.current");
    assertNotNull(current, "this browser is marked");
    assertTrue(current.text().contains("Firefox on Linux"), current.text());
    assertTrue(current.text().contains("This browser"), current.text());
    assertTrue(current.text().contains("127.0.0.1"), current.text());
    assertNull(current.selectFirst("form"), "this browser is signed out with Sign out, not here");
    Element other = rowContaining(page, EVIL_AGENT);
    assertNotNull(other.selectFirst("form[data-confirm] button"), "another browser can be revoked");

    Element app = rowContaining(page, "<b>Phone</b> app");
    assertTrue(app.text().contains("PhoneApp/2.1 <i>x</i>"), app.text());
    assertTrue(app.text().contains("May: read write"), app.text());
    assertTrue(app.selectFirst("time").attr("datetime").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
    assertTrue(page.text().contains("test rig"), "the token registration gave is an app session too");

    // The history: each sign-in with its time (to the minute), address, browser and method.
    Element history = page.select("table").last();
    assertTrue(history.text().contains(EVIL_AGENT), history.text());
    assertTrue(history.text().contains("The sign-in page, for an app"), history.text());
    assertTrue(history.text().contains("An app, with your password"), history.text());
    assertTrue(history.selectFirst("td[data-label=Time]").text().matches("\\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d UTC"),
        history.selectFirst("td[data-label=Time]").text());
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", phone).status());
    assertEquals(200, evil.get("/settings/sessions").status());
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", ada.token()).status());
  }

  @Test
  void revokingABrowserOrAnAppEndsItAtOnceAndNeedsTheFormsToken() {
    plutro.register("bo");
    Browser mine = WebSignIn.as(plutro, "bo");
    Browser other = WebSignIn.as(new Browser(plutro, EVIL_AGENT), plutro, "bo", WebSignIn.PASSWORD);
    String phone = passwordGrant("Phone", "bo", "PhoneApp/3");
    Document page = Jsoup.parse(mine.get("/settings/sessions").body());
    String browserAction = rowContaining(page, EVIL_AGENT).selectFirst("form").attr("action");
    String appAction = rowContaining(page, "PhoneApp/3").selectFirst("form").attr("action");
    assertTrue(browserAction.matches("/settings/sessions/browsers/\\d+/revoke"), browserAction);

    // No token, a wrong one, or another session's: 403, and both still work.
    for (Map<String, String> form : new Map[] {Map.of(), Map.of("authenticity_token", "forged"),
        Map.of("authenticity_token", other.csrf("/settings/sessions"))}) {
      assertEquals(403, mine.post(browserAction, form).status());
      assertEquals(403, mine.post(appAction, form).status());
    }
    assertEquals(200, other.get("/settings/sessions").status());
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", phone).status());

    Reply revoked = mine.submit("/settings/sessions", browserAction, Map.of());
    assertEquals(303, revoked.status());
    assertEquals("/settings/sessions?done=browser", revoked.header("Location"));
    assertEquals(303, other.get("/settings/sessions").status(), "the other browser is signed out at once");
    assertTrue(mine.get("/settings/sessions?done=browser").body().contains("That browser is signed out."));

    assertEquals(303, mine.submit("/settings/sessions", appAction, Map.of()).status());
    assertEquals(401, plutro.getWithToken("/api/v1/accounts/verify_credentials", phone).status(),
        "the app's token stops working at once");
    assertEquals(404, mine.submit("/settings/sessions", appAction, Map.of()).status(), "gone already");

    // Someone else's session cannot be revoked from here.
    plutro.register("cy");
    Browser cy = WebSignIn.as(plutro, "cy");
    String cysBrowser = Jsoup.parse(cy.get("/settings/sessions").body()).selectFirst("tr.current")
        .attr("class");
    assertEquals("current", cysBrowser);
    long cysId = plutro.count("SELECT id FROM web_sessions WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = 'cy')");
    assertEquals(404, mine.submit("/settings/sessions", "/settings/sessions/browsers/" + cysId + "/revoke",
        Map.of()).status());
    assertEquals(200, cy.get("/settings/sessions").status());

    // Revoking the browser in use signs it out.
    String own = "/settings/sessions/browsers/" + plutro.count("SELECT id FROM web_sessions WHERE"
        + " account_id = (SELECT id FROM accounts WHERE username = 'cy')") + "/revoke";
    Reply out = cy.submit("/settings/sessions", own, Map.of());
    assertEquals(303, out.status());
    assertEquals("/", out.header("Location"));
    assertEquals(303, cy.get("/settings/sessions").status());
  }

  @Test
  void browserSessionAddressesAreErasedAfterTheRetention() throws Exception {
    plutro.register("dee");
    Browser dee = WebSignIn.as(plutro, "dee");
    plutro.sql("UPDATE web_sessions SET created_at = now() - interval '15 days' WHERE account_id ="
        + " (SELECT id FROM accounts WHERE username = 'dee')");
    ServerInternals.runHousekeeping(plutro.server()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    Element current = Jsoup.parse(dee.get("/settings/sessions").body()).selectFirst("tr.current");
    assertEquals("not kept", current.selectFirst("td[data-label=Address]").text());
  }

  @Test
  void theAppsPageListsAppsEscapedAndRevokesThem() {
    plutro.register("eve");
    Browser eve = WebSignIn.as(plutro, "eve");
    JsonObject app = plutro.postForm("/api/v1/apps", Map.of("client_name", "<script>alert(1)</script>",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write",
        "website", "javascript:alert(2)")).json();
    String token = grant(app, "eve", "read write", "EvilApp/1");
    Reply reply = eve.get("/settings/applications");
    assertEquals(200, reply.status());
    assertFalse(reply.body().contains("<script>alert(1)"), "the app's name is escaped");
    assertFalse(reply.body().contains("javascript:"), "a website that is no web address is not linked");
    Document page = Jsoup.parse(reply.body());
    assertNotNull(page.selectFirst("table.stack"), "the table fits a phone");
    Element row = rowContaining(page, "<script>alert(1)</script>");
    assertTrue(row.text().contains("read, write"), row.text());
    String action = row.selectFirst("form[data-confirm]").attr("action");

    assertEquals(403, eve.post(action, Map.of()).status());
    assertEquals(403, eve.post(action, Map.of("authenticity_token", "forged")).status());
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", token).status());
    Reply revoked = eve.submit("/settings/applications", action, Map.of());
    assertEquals(303, revoked.status());
    assertEquals(401, plutro.getWithToken("/api/v1/accounts/verify_credentials", token).status());
    String after = eve.get(revoked.header("Location")).body();
    assertTrue(after.contains("access is revoked"), after);
    assertFalse(after.contains("&lt;script&gt;alert(1)"), "the app is gone from the list");
  }

  private static Element rowContaining(Document page, String text) {
    return page.select("tr").stream().filter(row -> row.text().contains(text)).findFirst()
        .orElseThrow(() -> new AssertionError("no row with " + text + " in " + page.text()));
  }

  /** A token through the password grant, from a new app named {@code appName}, used once. */
  private static String passwordGrant(String appName, String login, String userAgent) {
    JsonObject app = plutro.postForm("/api/v1/apps", Map.of("client_name", appName,
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write")).json();
    return grant(app, login, "read write", userAgent);
  }

  private static String grant(JsonObject app, String login, String scopes, String userAgent) {
    Reply granted = plutro.postForm("/oauth/token", Map.of("grant_type", "password",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "username", login, "password", WebSignIn.PASSWORD, "scope", scopes), "User-Agent", userAgent);
    assertEquals(200, granted.status(), granted.body());
    String token = granted.json().getString("access_token");
    assertEquals(200, plutro.get("/api/v1/accounts/verify_credentials", "Authorization", "Bearer " + token,
        "User-Agent", userAgent).status());
    return token;
  }
}
