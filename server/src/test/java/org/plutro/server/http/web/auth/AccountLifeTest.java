package org.plutro.server.http.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Inbox;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.WebSignIn;

/**
 * A person's account before settings, through the pages as a browser without JavaScript uses
 * them, with a real SMTP server on loopback for their inbox: sign up, confirm, sign in and out,
 * reset a forgotten password, change the address; and what the pages refuse.
 */
class AccountLifeTest {
  static Inbox inbox;
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    inbox = Inbox.start();
    plutro = TestInstance.start(inbox.environment());
  }

  @AfterAll
  static void stop() {
    plutro.close();
    inbox.close();
  }

  /** The sign-up form as the page gives it, filled with {@code fields}. */
  static Map<String, String> signUpForm(Browser browser, Map<String, String> fields) {
    Reply page = browser.get("/auth/sign_up");
    assertEquals(200, page.status(), page.body());
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.putAll(fields);
    return form;
  }

  static Map<String, String> person(String username) {
    return Map.of("display_name", "Someone", "username", username, "email", username + "@example.org",
        "password", "a long password", "password_confirmation", "a long password", "agreement", "1");
  }

  /** A token through the apps' password grant (which works for an unconfirmed member too). */
  static String token(String username, String password) {
    Reply reply = plutro.postForm("/oauth/token", Map.of("grant_type", "password",
        "client_id", plutro.app().clientId(), "client_secret", plutro.app().clientSecret(),
        "username", username, "password", password, "scope", "read write"));
    assertEquals(200, reply.status(), reply.body());
    return reply.json().getString("access_token");
  }

  static Reply post(String token, String text) {
    return plutro.postForm("/api/v1/statuses", Map.of("status", text), "Authorization", "Bearer " + token);
  }

  static long accounts(String username) {
    return plutro.count("SELECT count(*) FROM accounts WHERE lower(username) = lower($1) AND domain IS NULL",
        username);
  }

  static String path(String link) {
    return link.substring(plutro.base().length());
  }

  @Test
  void signingUpMailsALinkThatConfirmsTheAddressAndThenTheMemberMayPost() {
    Browser browser = new Browser(plutro);
    Map<String, String> form = new HashMap<>(signUpForm(browser, person("zoe")));
    String anonymous = browser.cookie("plutro_session");
    assertNotNull(anonymous, "the form is bound to a session");
    form.put("display_name", "Zoë <script>alert(1)</script>");
    Reply signedUp = browser.post("/auth/sign_up", form);
    assertEquals(303, signedUp.status(), signedUp.body());
    assertEquals("/auth/setup", signedUp.header("Location"));
    assertNotEquals(anonymous, browser.cookie("plutro_session"), "signed in with a new session");

    Reply setup = browser.get("/auth/setup");
    assertEquals(200, setup.status());
    Document page = Jsoup.parse(setup.body());
    assertTrue(page.text().contains("zoe@example.org"), page.text());
    assertNotNull(page.selectFirst("button:containsOwn(Send the link again)"));

    // Signed in, but not yet a member who may act: apps get Mastodon's answer.
    String token = token("zoe", "a long password");
    Reply early = post(token, "too early");
    assertEquals(403, early.status());
    assertEquals("Your login is missing a confirmed e-mail address", early.json().getString("error"));
    assertEquals(303, browser.get("/settings/email").status(), "settings wait for the address too");

    Inbox.Mail mail = inbox.await("zoe@example.org", "Confirm your email address for Plutro");
    assertEquals("plutro@test.example", mail.from());
    assertTrue(mail.text().contains("@zoe"), mail.text());
    assertNotNull(mail.html(), "a simple HTML part too");
    String link = mail.link(plutro.base() + "/auth/confirmation?confirmation_token=");
    assertTrue(mail.html().contains("href=\"" + link.replace("&", "&amp;") + "\""), mail.html());

    Reply confirmed = browser.get(path(link));
    assertEquals(200, confirmed.status(), confirmed.body());
    assertTrue(confirmed.body().contains("your email address is confirmed"), confirmed.body());
    assertEquals(404, browser.get(path(link)).status(), "a link works once");

    Reply posted = post(token, "hello, I am confirmed");
    assertEquals(200, posted.status(), posted.body());
    assertEquals(303, browser.get("/auth/setup").status(), "nothing is missing any more");
    assertEquals(200, browser.get("/settings/email").status());

    // What she wrote is shown as text, never run.
    assertEquals("Zoë <script>alert(1)</script>",
        plutro.get("/api/v1/accounts/lookup?acct=zoe").json().getString("display_name"));
    Reply header = browser.get("/settings/email");
    assertFalse(header.body().contains("<script>alert(1)"), "escaped everywhere");
  }

  @Test
  void theFormSaysWhatIsWrongNextToEachFieldAndKeepsWhatWasTyped() {
    plutro.register("taken_name");
    Browser browser = new Browser(plutro);
    Map<String, String> form = signUpForm(browser, Map.of("display_name", "Rae", "username", "bad-name",
        "email", "not-an-address", "password", "short", "password_confirmation", "other"));
    Reply refused = browser.post("/auth/sign_up", form);
    assertEquals(422, refused.status());
    Document page = Jsoup.parse(refused.body());
    assertEquals("bad-name", page.selectFirst("input#username").val());
    assertEquals("not-an-address", page.selectFirst("input#email").val());
    assertEquals("Rae", page.selectFirst("input#display_name").val());
    assertEquals("", page.selectFirst("input#password").val(), "passwords are never sent back");
    assertTrue(page.selectFirst("#username-error").text().contains("letters, numbers and underscores"));
    assertEquals("true", page.selectFirst("input#username").attr("aria-invalid"));
    assertTrue(page.selectFirst("input#username").attr("aria-describedby").contains("username-error"));
    assertTrue(page.selectFirst("#email-error").text().contains("invalid"));
    assertTrue(page.selectFirst("#password-error").text().contains("too short"));
    assertNotNull(page.selectFirst("#agreement-error"));
    assertNotNull(page.selectFirst(".alert"));

    Map<String, String> again = new HashMap<>(Browser.hiddenFields(refused.body()));
    again.putAll(person("TAKEN_NAME"));
    again.put("password_confirmation", "a different long password");
    Document second = Jsoup.parse(browser.post("/auth/sign_up", again).body());
    assertEquals("This username is already taken.", second.selectFirst("#username-error").text());
    assertTrue(second.selectFirst("#password_confirmation-error").text().contains("does not match"));
    assertEquals(0, accounts("bad-name") + accounts("rae"));
    assertEquals(1, accounts("taken_name"));
  }

  @Test
  void formsWithoutTheSessionsTokenAreRefusedAndChangeNothing() {
    Browser browser = new Browser(plutro);
    Map<String, String> form = new HashMap<>(signUpForm(browser, person("forged")));
    form.remove("authenticity_token");
    assertEquals(403, browser.post("/auth/sign_up", form).status());
    form.put("authenticity_token", "not-the-token");
    assertEquals(403, browser.post("/auth/sign_up", form).status());
    assertEquals(403, new Browser(plutro).post("/auth/sign_up",
        signUpForm(new Browser(plutro), person("forged"))).status(), "another session's token");
    assertEquals(0, accounts("forged"));

    plutro.register("vic");
    Browser vic = new Browser(plutro);
    assertEquals(303, WebSignIn.signInPage(vic, "vic", "a long password", null).status());
    String token = Browser.hiddenFields(vic.get("/settings/email").body()).get("authenticity_token");
    assertEquals(403, vic.post("/auth/sign_out", Map.of()).status(), "sign-out is a form like any other");
    assertEquals(403, vic.post("/auth/sign_out", Map.of("authenticity_token", "wrong")).status());
    assertEquals(200, vic.get("/settings/email").status(), "still signed in");
    assertEquals(403, vic.post("/settings/email", Map.of("authenticity_token", "wrong",
        "email", "vic.new@example.org", "current_password", "a long password")).status());
    assertEquals(0, plutro.count("SELECT count(*) FROM users WHERE unconfirmed_email IS NOT NULL"
        + " AND email = 'vic@example.org'"));
    Browser stranger = new Browser(plutro);
    stranger.get("/auth/password/new");
    assertEquals(403, stranger.post("/auth/password", Map.of("email", "vic@example.org")).status());
    assertEquals(0, plutro.count("SELECT count(*) FROM jobs WHERE kind = 'mail.account'"
        + " AND payload ->> 'mail' = 'password_reset'"));

    assertEquals(303, vic.post("/auth/sign_out", Map.of("authenticity_token", token)).status());
    assertEquals(303, vic.get("/settings/email").status(), "signed out");
  }

  @Test
  void signingInReplacesTheCookieAndReturnsOnlyToPathsOnThisServer() {
    plutro.register("sam");
    Browser browser = new Browser(plutro);
    Reply page = browser.get("/auth/sign_in?return_to=%2Fsettings%2Femail");
    assertEquals("/settings/email", Browser.hiddenFields(page.body()).get("return_to"));
    String before = browser.cookie("plutro_session");
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.put("login", "SAM@example.org");
    form.put("password", "a long password");
    Reply signedIn = browser.post("/auth/sign_in", form);
    assertEquals(303, signedIn.status(), signedIn.body());
    assertEquals("/settings/email", signedIn.header("Location"));
    String after = browser.cookie("plutro_session");
    assertNotEquals(before, after, "a new session at sign-in: a planted cookie is worth nothing");
    assertTrue(browser.setCookies().get(browser.setCookies().size() - 1).toLowerCase().contains("httponly"));
    assertEquals(1, plutro.count("SELECT count(*) FROM sign_ins s JOIN accounts a ON a.id = s.account_id"
        + " WHERE a.username = 'sam' AND s.method = 'web'"));
    assertEquals(200, browser.get("/settings/email").status());

    // Another server is never where sign-in leads.
    for (String evil : new String[] {"//evil.example", "/\\evil.example", "https://evil.example/",
        "/\t/evil.example", "javascript:alert(1)"}) {
      Browser visitor = new Browser(plutro);
      Reply asked = visitor.get("/auth/sign_in?return_to=" + java.net.URLEncoder.encode(evil,
          java.nio.charset.StandardCharsets.UTF_8));
      assertNull(Browser.hiddenFields(asked.body()).get("return_to"), evil);
      Map<String, String> sneaky = new HashMap<>(Browser.hiddenFields(asked.body()));
      sneaky.put("return_to", evil);
      sneaky.put("login", "sam");
      sneaky.put("password", "a long password");
      Reply landed = visitor.post("/auth/sign_in", sneaky);
      assertEquals(303, landed.status(), evil);
      assertEquals("/", landed.header("Location"), evil);
    }

    // The same words for a wrong password and an unknown login; a suspended member is refused.
    Reply wrong = WebSignIn.signInPage(new Browser(plutro), "sam", "not the password", null);
    Reply unknown = WebSignIn.signInPage(new Browser(plutro), "nobody_here", "not the password", null);
    assertEquals(422, wrong.status());
    assertEquals(422, unknown.status());
    assertTrue(wrong.body().contains("Invalid login or password."));
    assertTrue(unknown.body().contains("Invalid login or password."));
    plutro.register("sue");
    plutro.sql("UPDATE accounts SET suspended_at = now() WHERE username = 'sue' AND domain IS NULL");
    Browser suspended = new Browser(plutro);
    Reply refused = WebSignIn.signInPage(suspended, "sue", "a long password", null);
    assertEquals(422, refused.status());
    assertEquals(303, suspended.get("/settings/email").status(), "not signed in");

    // Signing out ends the session on the server, not only in the browser.
    String session = browser.cookie("plutro_session");
    Map<String, String> out = Browser.hiddenFields(browser.get("/settings/email").body());
    Reply signedOut = browser.post("/auth/sign_out", Map.of("authenticity_token", out.get("authenticity_token")));
    assertEquals(303, signedOut.status());
    Browser replay = new Browser(plutro);
    assertEquals(303, plutro.get("/settings/email", "Cookie", "plutro_session=" + session,
        "Accept", "text/html").status(), "the old cookie opens nothing");
    assertEquals(303, replay.get("/settings/email").status());
  }

  @Test
  void aForgottenPasswordIsResetByMailAndEveryOtherWayInEnds() {
    String apiToken = plutro.register("pia").token();
    Browser elsewhere = new Browser(plutro);
    assertEquals(303, WebSignIn.signInPage(elsewhere, "pia", "a long password", null).status());

    Browser browser = new Browser(plutro);
    Map<String, String> ask = new HashMap<>(Browser.hiddenFields(browser.get("/auth/password/new").body()));
    ask.put("email", "nobody@example.org");
    Reply unknown = browser.post("/auth/password", ask);
    ask.put("email", "PIA@example.org");
    Reply known = browser.post("/auth/password", ask);
    assertEquals(303, unknown.status());
    assertEquals(unknown.header("Location"), known.header("Location"), "the same answer either way");
    assertTrue(browser.get(known.header("Location")).body().contains("If an account uses this address"));

    Inbox.Mail mail = inbox.await("pia@example.org", "Reset your password on Plutro");
    String link = path(mail.link(plutro.base() + "/auth/password/edit?reset_password_token="));
    assertTrue(inbox.to("nobody@example.org").isEmpty());
    assertEquals(1, inbox.to("pia@example.org").stream()
        .filter(m -> m.subject().startsWith("Reset")).count(), "one mail, one link");

    Reply form = browser.get(link);
    assertEquals(200, form.status(), form.body());
    Map<String, String> fields = new HashMap<>(Browser.hiddenFields(form.body()));
    fields.put("password", "a new long password");
    fields.put("password_confirmation", "not the same");
    Reply mismatch = browser.post("/auth/password/edit", fields);
    assertEquals(422, mismatch.status());
    assertNotNull(Jsoup.parse(mismatch.body()).selectFirst("#password_confirmation-error"));
    fields.put("password_confirmation", "a new long password");
    Reply changed = browser.post("/auth/password/edit", fields);
    assertEquals(303, changed.status(), changed.body());
    assertEquals("/auth/sign_in?notice=password_changed", changed.header("Location"));

    assertEquals(401, plutro.getWithToken("/api/v1/accounts/verify_credentials", apiToken).status(),
        "the apps' tokens are revoked");
    assertEquals(303, elsewhere.get("/settings/email").status(), "the other browser is signed out");
    assertEquals(422, WebSignIn.signInPage(new Browser(plutro), "pia", "a long password", null).status());
    assertEquals(303, WebSignIn.signInPage(new Browser(plutro), "pia", "a new long password", null).status());
    assertEquals(404, browser.post("/auth/password/edit", fields).status(), "the link worked once");
    assertEquals(404, browser.get(link).status());

    // A link unused for an hour no longer works.
    browser.post("/auth/password", ask);
    String late = path(inbox.await("pia@example.org", "Reset your password on Plutro", 2)
        .link(plutro.base() + "/auth/password/edit"));
    plutro.sql("UPDATE user_links SET expires_at = now() - interval '1 second'"
        + " WHERE purpose = 'password_reset'");
    Reply expired = browser.get(late);
    assertEquals(404, expired.status());
    assertTrue(expired.body().contains("Ask for a new link"));
  }

  @Test
  void aNewAddressIsConfirmedWhereItIsAndTheOldOneIsTold() {
    plutro.register("quin");
    Browser browser = new Browser(plutro);
    WebSignIn.signInPage(browser, "quin", "a long password", null);
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(browser.get("/settings/email").body()));
    form.put("email", "quin.new@example.org");
    form.put("current_password", "wrong password");
    Reply refused = browser.post("/settings/email", form);
    assertEquals(422, refused.status());
    Document page = Jsoup.parse(refused.body());
    assertEquals("quin.new@example.org", page.selectFirst("input#email").val());
    assertNotNull(page.selectFirst("#current_password-error"));
    form.put("current_password", "a long password");
    Reply asked = browser.post("/settings/email", form);
    assertEquals(303, asked.status(), asked.body());
    assertTrue(browser.get(asked.header("Location")).body().contains("quin.new@example.org"));

    Inbox.Mail notice = inbox.await("quin@example.org", "Your email address on Plutro is being changed");
    assertTrue(notice.text().contains("quin.new@example.org"), notice.text());
    assertTrue(notice.text().contains("/auth/password/new"), "how to take the account back");
    Inbox.Mail link = inbox.await("quin.new@example.org", "Confirm your new email address for Plutro");
    assertEquals("quin@example.org", plutro.sql("SELECT email FROM users u JOIN accounts a"
        + " ON a.id = u.account_id WHERE a.username = 'quin'").iterator().next().getString(0),
        "nothing changes before the link is opened");

    Reply changed = browser.get(path(link.link(plutro.base() + "/auth/confirmation")));
    assertEquals(200, changed.status());
    assertTrue(changed.body().contains("new email address"), changed.body());
    assertEquals(303, WebSignIn.signInPage(new Browser(plutro), "quin.new@example.org", "a long password", null)
        .status());
    assertEquals(422, WebSignIn.signInPage(new Browser(plutro), "quin@example.org", "a long password", null)
        .status());
  }

  @Test
  void aMailServerThatIsDownDelaysTheMailAndLosesNone() {
    int port = TestInstance.freePort();
    try (TestInstance offline = TestInstance.start(Inbox.smtpAt(port))) {
      Reply registered = offline.postJson("/api/v1/accounts", new io.vertx.core.json.JsonObject()
              .put("username", "patient").put("email", "patient@example.org")
              .put("password", "a long password").put("agreement", true),
          "Authorization", "Bearer " + offline.app().appToken());
      assertEquals(200, registered.status(), registered.body());
      Eventually.within10s("the first try failed and waits", () -> offline.count("SELECT count(*) FROM jobs"
          + " WHERE kind = 'mail.account' AND attempts >= 1 AND last_error IS NOT NULL") == 1);
      try (Inbox late = Inbox.start(port)) {
        Eventually.within(Duration.ofSeconds(40), "the mail arrives once the server is up",
            () -> !late.to("patient@example.org").isEmpty());
        assertTrue(late.to("patient@example.org").get(0).text().contains("/auth/confirmation"));
      }
    }
  }
}
