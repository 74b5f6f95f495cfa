package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.WebSignIn;

/**
 * The site's sensitive forms are limited, each kind counted apart, per address (the password typed
 * again: per session): a browser over the limit gets a 429 page that says when to try again, with
 * {@code Retry-After}; another address (or session) is not held back, nor is another kind of form.
 */
class FormRateLimitTest {
  static final int LIMIT = 3;
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    // A day's window: a test cannot straddle two windows unless it runs across midnight UTC.
    plutro = TestInstance.start(Map.of("PLUTRO_RATE_LIMIT_WEB_FORMS", Integer.toString(LIMIT),
        "PLUTRO_RATE_LIMIT_WEB_FORM_PERIOD_SECONDS", "86400"));
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  /** Posts the form of page {@code page} to {@code action}, from {@code address}, as a browser. */
  static Reply post(Browser browser, String page, String action, Map<String, String> fields, String address) {
    Reply form = browser.get(page);
    Map<String, String> all = new HashMap<>(Browser.hiddenFields(form.body()));
    all.putAll(fields);
    return plutro.postForm(action, all, "Accept", "text/html", "Cookie", "plutro_session="
        + browser.cookie("plutro_session"), "X-Forwarded-For", address);
  }

  /** The 429 page: said for a person, with when to try again. */
  static void assertLimited(Reply reply, String tries) {
    assertEquals(429, reply.status(), reply.body());
    assertTrue(reply.header("Content-Type").startsWith("text/html"), reply.header("Content-Type"));
    long wait = Long.parseLong(reply.header("Retry-After"));
    assertTrue(wait > 0 && wait <= 86400, "Retry-After " + wait);
    Document page = Jsoup.parse(reply.body());
    assertEquals("Too many requests", page.selectFirst("h1").text());
    assertTrue(page.text().contains("Too many " + tries), page.text());
    assertTrue(page.text().matches("(?s).*Try again in (a minute|\\d+ minutes|\\d+ hours)\\..*"), page.text());
  }

  @Test
  void signInAttemptsAreLimitedPerAddress() {
    plutro.register("sam");
    Browser browser = new Browser(plutro);
    for (int i = 1; i <= LIMIT; i++) {
      Reply wrong = post(browser, "/auth/sign_in", "/auth/sign_in", Map.of("login", "sam", "password", "guess " + i),
          "198.51.100.1");
      assertEquals(422, wrong.status(), "try " + i);
    }
    // Even the right password waits: every try counts.
    Reply limited = post(browser, "/auth/sign_in", "/auth/sign_in", Map.of("login", "sam", "password",
        WebSignIn.PASSWORD), "198.51.100.1");
    assertLimited(limited, "sign-in attempts from your address");
    assertEquals(0, plutro.count("SELECT count(*) FROM sign_ins WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = 'sam') AND method = 'web'"));

    Reply elsewhere = post(new Browser(plutro), "/auth/sign_in", "/auth/sign_in", Map.of("login", "sam",
        "password", WebSignIn.PASSWORD), "198.51.100.2");
    assertEquals(303, elsewhere.status(), "another address signs in");
    // Another kind of form is counted apart.
    assertEquals(303, post(browser, "/auth/password/new", "/auth/password", Map.of("email", "sam@example.org"),
        "198.51.100.1").status());
  }

  @Test
  void passwordResetsConfirmationMailsSignUpsAndHandleLookupsAreLimited() {
    String address = "198.51.100.10";
    Browser browser = new Browser(plutro);
    for (int i = 0; i < LIMIT; i++) {
      assertEquals(303, post(browser, "/auth/password/new", "/auth/password", Map.of("email", "x@example.org"),
          address).status());
    }
    assertLimited(post(browser, "/auth/password/new", "/auth/password", Map.of("email", "x@example.org"),
        address), "password reset requests from your address");

    Map<String, String> bad = Map.of("username", "", "email", "", "password", "", "agreement", "1");
    for (int i = 0; i < LIMIT; i++) {
      assertEquals(422, post(browser, "/auth/sign_up", "/auth/sign_up", bad, address).status());
    }
    assertLimited(post(browser, "/auth/sign_up", "/auth/sign_up", bad, address),
        "sign-up attempts from your address");

    TestInstance.Member una = plutro.signUp("una");
    Browser unconfirmed = new Browser(plutro);
    assertEquals(303, post(unconfirmed, "/auth/sign_in", "/auth/sign_in", Map.of("login", "una",
        "password", WebSignIn.PASSWORD), "198.51.100.11").status());
    for (int i = 0; i < LIMIT; i++) {
      assertNotEquals(429, post(unconfirmed, "/auth/setup", "/auth/confirmation", Map.of(), "198.51.100.11")
          .status());
    }
    assertLimited(post(unconfirmed, "/auth/setup", "/auth/confirmation", Map.of(), "198.51.100.11"),
        "requests for a confirmation mail from your address");
    assertLimited(post(unconfirmed, "/auth/setup", "/auth/setup", Map.of("email", "una2@example.org"),
        "198.51.100.11"), "requests for a confirmation mail from your address");

    TestInstance.Member vic = plutro.register("vic");
    String remote = "/remote_interaction?uri=" + java.net.URLEncoder.encode(vic.actorUri(),
        java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < LIMIT; i++) {
      Map<String, String> fields = Map.of("uri", vic.actorUri(), "handle", "not a handle");
      assertEquals(422, post(browser, remote, "/remote_interaction", fields, "198.51.100.12").status());
    }
    assertLimited(post(browser, remote, "/remote_interaction", Map.of("uri", vic.actorUri(),
        "handle", "someone@elsewhere.example"), "198.51.100.12"), "handle look-ups from your address");
  }

  @Test
  void passwordChecksAreLimitedPerSession() {
    plutro.register("wes");
    Browser first = WebSignIn.as(plutro, "wes");
    for (int i = 0; i < LIMIT; i++) {
      Reply wrong = post(first, "/settings/delete", "/settings/delete", Map.of("password", "wrong " + i),
          "198.51.100." + (20 + i));
      assertEquals(422, wrong.status(), wrong.body());
    }
    // From yet another address: the session is what is counted.
    assertLimited(post(first, "/settings/delete", "/settings/delete", Map.of("password", WebSignIn.PASSWORD),
        "198.51.100.29"), "password checks");
    assertLimited(post(first, "/settings/two_factor", "/settings/two_factor/disable", Map.of("current_password",
        "wrong", "code", "000000"), "198.51.100.29"), "password checks");
    assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE username = 'wes' AND deleted_at IS NOT NULL"));

    Browser second = WebSignIn.as(plutro, "wes");
    assertEquals(422, post(second, "/settings/delete", "/settings/delete", Map.of("password", "wrong"),
        "198.51.100.29").status(), "another session is not held back");
  }
}
