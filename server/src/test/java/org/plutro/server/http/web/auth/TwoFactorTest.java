package org.plutro.server.http.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.server.testrig.Browser.form;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.AuthenticatorApp;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * Two-factor sign-in through the pages, as a browser without JavaScript uses them: setting it up
 * (only a right code turns it on), the second step of signing in (the half-signed-in session
 * is not signed in; a code works once; a recovery code works once), the OAuth authorize page's
 * second step, the password grant refused, CSRF on every form, and turning it off.
 */
class TwoFactorTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  /** A member signed in, with two-factor sign-in on: their app and their recovery codes. */
  record Setup(Member member, AuthenticatorApp app, List<String> recoveryCodes) {}

  static Setup turnedOn(String username) {
    Member member = plutro.register(username);
    Browser browser = WebSignIn.as(plutro, member);
    String token = browser.csrf("/settings/two_factor");
    Reply started = browser.post("/settings/two_factor/setup", form(token));
    assertEquals(303, started.status(), started.body());
    assertEquals("/settings/two_factor/setup", started.header("Location"));
    Document setup = browser.page("/settings/two_factor/setup");
    AuthenticatorApp app = new AuthenticatorApp(setup.getElementById("secret").text());
    Reply on = browser.post("/settings/two_factor/enable", form(token, "code", app.code(),
        "current_password", WebSignIn.PASSWORD));
    assertEquals(200, on.status(), on.body());
    List<String> codes = Jsoup.parse(on.body()).select(".recovery-codes code").eachText();
    assertEquals(10, codes.size());
    return new Setup(member, app, codes);
  }

  @Test
  void onlyARightCodeAndPasswordTurnItOnAndTheKeyIsNotShownAfterwards() {
    Member ada = plutro.register("ada");
    Browser browser = WebSignIn.as(plutro, ada);
    Document off = browser.page("/settings/two_factor");
    assertTrue(off.text().contains("Set up"), off.text());
    String token = Browser.csrf(off);
    assertEquals(303, browser.post("/settings/two_factor/setup", form(token)).status());
    Document setup = browser.page("/settings/two_factor/setup");
    String key = setup.getElementById("secret").text();
    assertEquals(32, key.replace(" ", "").length(), key);
    assertNotNull(setup.selectFirst("svg.qr path[d^=M]"), "the QR code is drawn inline");
    AuthenticatorApp app = new AuthenticatorApp(key);

    Reply wrongCode = browser.post("/settings/two_factor/enable", form(token, "code", app.staleCode(),
        "current_password", WebSignIn.PASSWORD));
    assertEquals(422, wrongCode.status());
    assertTrue(wrongCode.body().contains("That code is not right"), wrongCode.body());
    assertEquals(key, Jsoup.parse(wrongCode.body()).getElementById("secret").text(), "the same key again");
    Reply wrongPassword = browser.post("/settings/two_factor/enable", form(token, "code", app.code(),
        "current_password", "not my password"));
    assertEquals(422, wrongPassword.status());
    assertTrue(wrongPassword.body().contains("That is not your password."), wrongPassword.body());
    assertEquals(0, enabled("ada"));
    assertEquals(403, browser.post("/settings/two_factor/enable", form("forged", "code", app.lastCode(),
        "current_password", WebSignIn.PASSWORD)).status());
    assertEquals(0, enabled("ada"), "a forged form changes nothing");

    // The refused forms used no code: the same one turns it on.
    Reply on = browser.post("/settings/two_factor/enable", form(token, "code", app.lastCode(),
        "current_password", WebSignIn.PASSWORD));
    assertEquals(200, on.status(), on.body());
    assertTrue(on.header("Cache-Control").contains("no-store"), "the codes are not kept by the browser");
    assertEquals(1, enabled("ada"));
    assertEquals(10, Jsoup.parse(on.body()).select(".recovery-codes code").size());
    assertEquals(10, plutro.count("SELECT count(*) FROM two_factor_recovery_codes c JOIN accounts a"
        + " ON a.id = c.account_id WHERE a.username = 'ada'"));
    String stored = plutro.sql("SELECT encode(t.secret_sealed, 'escape') FROM two_factor t JOIN accounts a"
        + " ON a.id = t.account_id WHERE a.username = 'ada'").iterator().next().getString(0);
    assertFalse(stored.contains(key.replace(" ", "")), "the key is stored sealed");

    Reply again = browser.get("/settings/two_factor/setup");
    assertEquals(303, again.status(), "the key is not shown once it is on");
    Document page = browser.page("/settings/two_factor");
    assertTrue(page.text().contains("Two-factor sign-in is on. You have 10 unused recovery codes."), page.text());
    assertFalse(page.html().contains(key), page.html());
    // Starting a set-up again does not replace the key in use.
    assertEquals(303, browser.post("/settings/two_factor/setup", form(token)).status());
    assertEquals(303, browser.get("/settings/two_factor/setup").status());
  }

  @Test
  void signingInAsksTheCodeAndOnlyARightFreshCodeSignsIn() {
    Setup bea = turnedOn("bea");
    Browser browser = new Browser(plutro);
    Reply password = WebSignIn.signInPage(browser, "bea", WebSignIn.PASSWORD, "/settings/privacy");
    assertEquals(303, password.status(), password.body());
    assertEquals("/auth/sign_in/two_factor", password.header("Location"));
    String halfway = browser.cookie("plutro_session");
    Reply asked = browser.get("/auth/sign_in/two_factor");
    assertEquals(200, asked.status());
    assertTrue(asked.body().contains("Code from your authenticator app"), asked.body());
    assertEquals(303, browser.get("/settings/privacy").status(), "not signed in yet");
    assertTrue(browser.get("/settings/privacy").header("Location").startsWith("/auth/sign_in"));

    String token = Browser.csrf(Jsoup.parse(asked.body()));
    Reply wrong = browser.post("/auth/sign_in/two_factor", form(token, "code", bea.app().staleCode()));
    assertEquals(422, wrong.status());
    assertTrue(wrong.body().contains("That code is not right"), wrong.body());
    assertEquals(303, browser.get("/settings/privacy").status(), "still signed out");
    assertEquals(403, browser.post("/auth/sign_in/two_factor", form("forged", "code", bea.app().code())).status());
    assertEquals(303, browser.get("/settings/privacy").status(), "a forged form signs nobody in");

    Reply right = browser.post("/auth/sign_in/two_factor", form(token, "code", bea.app().lastCode()));
    assertEquals(303, right.status(), right.body());
    assertEquals("/settings/privacy", right.header("Location"));
    assertNotEquals(halfway, browser.cookie("plutro_session"), "a new session at sign-in");
    assertEquals(200, browser.get("/settings/privacy").status());
    assertEquals("web+totp", lastMethod("bea"));

    // The same code again, in another browser, is refused.
    Browser other = new Browser(plutro);
    WebSignIn.signInPage(other, "bea", WebSignIn.PASSWORD, "");
    Reply replayed = other.post("/auth/sign_in/two_factor",
        form(other.csrf("/auth/sign_in/two_factor"), "code", bea.app().lastCode()));
    assertEquals(422, replayed.status(), "a code works once");
    assertEquals(303, other.get("/settings/privacy").status());
  }

  @Test
  void aRecoveryCodeSignsInOnceAndWrongCodesEndTheWait() {
    Setup cleo = turnedOn("cleo");
    String recovery = cleo.recoveryCodes().get(3);
    Browser browser = new Browser(plutro);
    WebSignIn.signInPage(browser, "cleo", WebSignIn.PASSWORD, "");
    Reply right = browser.post("/auth/sign_in/two_factor",
        form(browser.csrf("/auth/sign_in/two_factor"), "code", " " + recovery.toUpperCase() + " "));
    assertEquals(303, right.status(), right.body());
    assertEquals(200, browser.get("/settings/privacy").status());
    assertEquals("web+recovery_code", lastMethod("cleo"));
    assertTrue(browser.page("/settings/two_factor").text().contains("You have 9 unused recovery codes."));

    Browser again = new Browser(plutro);
    WebSignIn.signInPage(again, "cleo", WebSignIn.PASSWORD, "");
    String token = again.csrf("/auth/sign_in/two_factor");
    assertEquals(422, again.post("/auth/sign_in/two_factor", form(token, "code", recovery)).status(),
        "a recovery code works once");
    for (int i = 2; i <= 4; i++) {
      assertEquals(422, again.post("/auth/sign_in/two_factor", form(token, "code", "000000")).status());
    }
    Reply over = again.post("/auth/sign_in/two_factor", form(token, "code", "000000"));
    assertEquals(303, over.status(), "the fifth wrong code ends the wait");
    assertEquals("/auth/sign_in?notice=code_expired", over.header("Location"));
    Reply late = again.post("/auth/sign_in/two_factor", form(token, "code", cleo.recoveryCodes().get(4)));
    assertEquals(303, late.status());
    assertEquals(303, again.get("/settings/privacy").status(), "no code helps once the wait is over");
    assertEquals(303, again.get("/auth/sign_in/two_factor").status());
    assertTrue(plutro.count("SELECT count(*) FROM sign_in_failures WHERE login = 'cleo'") >= 5,
        "wrong codes count as failed sign-ins");
  }

  @Test
  void theAuthorizePageAsksTheCodeBeforeConsentAndThePasswordGrantIsRefused() {
    Setup dora = turnedOn("dora");
    Reply grant = plutro.postForm("/oauth/token", Map.of("grant_type", "password",
        "client_id", plutro.app().clientId(), "client_secret", plutro.app().clientSecret(),
        "username", "dora", "password", WebSignIn.PASSWORD, "scope", "read"));
    assertEquals(400, grant.status(), grant.body());
    assertEquals("invalid_grant", grant.json().getString("error"));

    long codesBefore = codesOf("dora");
    Browser browser = new Browser(plutro);
    String authorize = authorizePath();
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(browser.get(authorize).body()));
    form.put("login", "dora");
    form.put("password", WebSignIn.PASSWORD);
    form.put("decision", "approve");
    Reply asked = browser.post("/oauth/authorize", form);
    assertEquals(200, asked.status(), asked.body());
    Document page = Jsoup.parse(asked.body());
    assertNotNull(page.getElementById("code"), asked.body());
    assertTrue(page.select("#password").isEmpty());
    assertFalse(asked.body().contains("Authorization code"));
    assertEquals(codesBefore, codesOf("dora"), "no authorization code before the second step");
    assertEquals(303, browser.get("/settings/privacy").status(), "not signed in before the code");

    Map<String, String> code = new HashMap<>(Browser.hiddenFields(asked.body()));
    code.put("decision", "approve");
    code.put("code", dora.app().staleCode());
    Reply wrong = browser.post("/oauth/authorize", code);
    assertEquals(422, wrong.status());
    assertNotNull(Jsoup.parse(wrong.body()).getElementById("code"), "asked again");
    code.put("code", dora.app().code());
    code.put("authenticity_token", "forged");
    assertEquals(403, browser.post("/oauth/authorize", code).status());
    code.put("authenticity_token", Browser.hiddenFields(asked.body()).get("authenticity_token"));
    Reply approved = browser.post("/oauth/authorize", code);
    assertEquals(200, approved.status(), approved.body());
    assertTrue(approved.body().contains("Authorization code"), approved.body());
    assertEquals("authorize+totp", lastMethod("dora"));
    assertEquals(codesBefore + 1, codesOf("dora"));
  }

  @Test
  void turningItOffTakesPasswordAndCodeAndNewRecoveryCodesReplaceTheOld() {
    Setup eve = turnedOn("eve");
    Browser browser = new Browser(plutro);
    WebSignIn.signInPage(browser, "eve", WebSignIn.PASSWORD, "");
    browser.post("/auth/sign_in/two_factor",
        form(browser.csrf("/auth/sign_in/two_factor"), "code", eve.app().code()));
    Document page = browser.page("/settings/two_factor");
    String token = Browser.csrf(page);

    assertEquals(403, browser.post("/settings/two_factor/recovery_codes",
        form(null, "current_password", WebSignIn.PASSWORD)).status());
    Reply wrong = browser.post("/settings/two_factor/recovery_codes", form(token, "current_password", "nope"));
    assertEquals(422, wrong.status());
    Reply fresh = browser.post("/settings/two_factor/recovery_codes",
        form(token, "current_password", WebSignIn.PASSWORD));
    assertEquals(200, fresh.status(), fresh.body());
    List<String> codes = Jsoup.parse(fresh.body()).select(".recovery-codes code").eachText();
    assertEquals(10, codes.size());
    assertFalse(codes.contains(eve.recoveryCodes().get(0)));

    assertEquals(403, browser.post("/settings/two_factor/disable",
        form("forged", "current_password", WebSignIn.PASSWORD, "code", codes.get(0))).status());
    Reply oldCode = browser.post("/settings/two_factor/disable",
        form(token, "current_password", WebSignIn.PASSWORD, "code", eve.recoveryCodes().get(0)));
    assertEquals(422, oldCode.status(), "the old recovery codes no longer work");
    assertTrue(oldCode.body().contains("That code is not right"), oldCode.body());
    Reply wrongPassword = browser.post("/settings/two_factor/disable",
        form(token, "current_password", "nope", "code", codes.get(0)));
    assertEquals(422, wrongPassword.status());
    assertEquals(1, enabled("eve"));

    Reply off = browser.post("/settings/two_factor/disable",
        form(token, "current_password", WebSignIn.PASSWORD, "code", codes.get(0)));
    assertEquals(303, off.status(), off.body());
    assertEquals(0, enabled("eve"));
    assertTrue(browser.page("/settings/two_factor").text().contains("Two-factor sign-in is off."));
    assertEquals(0, plutro.count("SELECT count(*) FROM two_factor_recovery_codes c JOIN accounts a"
        + " ON a.id = c.account_id WHERE a.username = 'eve'"));
    WebSignIn.as(plutro, eve.member()); // the password alone signs in again
    assertEquals(403, browser.post("/settings/two_factor/setup", form(null)).status());
    assertEquals(0, plutro.count("SELECT count(*) FROM two_factor t JOIN accounts a"
        + " ON a.id = t.account_id WHERE a.username = 'eve'"));
  }

  @Test
  void aVisitorIsSentToSignIn() {
    Browser visitor = new Browser(plutro);
    assertTrue(visitor.get("/settings/two_factor").header("Location").startsWith("/auth/sign_in"));
    assertEquals(303, visitor.get("/auth/sign_in/two_factor").status());
  }

  static long enabled(String username) {
    return plutro.count("SELECT count(*) FROM two_factor t JOIN accounts a ON a.id = t.account_id"
        + " WHERE a.username = $1 AND t.enabled_at IS NOT NULL", username);
  }

  static long codesOf(String username) {
    return plutro.count("SELECT count(*) FROM oauth_codes c JOIN accounts a ON a.id = c.account_id"
        + " WHERE a.username = $1", username);
  }

  static String lastMethod(String username) {
    return plutro.sql("SELECT s.method FROM sign_ins s JOIN accounts a ON a.id = s.account_id"
        + " WHERE a.username = $1 ORDER BY s.id DESC LIMIT 1", username).iterator().next().getString(0);
  }

  static String authorizePath() {
    Reply app = plutro.postForm("/api/v1/apps", Map.of("client_name", "two-factor test",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read"));
    return "/oauth/authorize?response_type=code&client_id=" + app.json().getString("client_id")
        + "&redirect_uri=" + URLEncoder.encode("urn:ietf:wg:oauth:2.0:oob", StandardCharsets.UTF_8)
        + "&scope=read";
  }
}
