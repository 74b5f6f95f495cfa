package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
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
 * Small things of the front door: the notice cookie says only the site's own notices; the
 * authorization code page shows the member who just signed in; the archive holds the reason a
 * member gave to sign up; asking for the confirmation mail again needs the member's own session
 * and form (the page) or the app they signed up with (the API).
 */
class FrontDoorDetailsTest {
  static Inbox inbox;
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    inbox = Inbox.start();
    Map<String, String> env = new HashMap<>(inbox.environment());
    env.put("PLUTRO_REGISTRATIONS", "approval");
    plutro = TestInstance.start(env);
  }

  @AfterAll
  static void stop() {
    plutro.close();
    inbox.close();
  }

  /** The notice /settings/profile shows with this notice cookie, or null. */
  static String noticeShown(Browser member, String cookie) {
    Reply page = plutro.get("/settings/profile", "Accept", "text/html", "Cookie",
        "plutro_session=" + member.cookie("plutro_session") + "; plutro_notice=" + cookie);
    assertEquals(200, page.status(), page.body());
    var notice = Jsoup.parse(page.body()).selectFirst(".notice");
    return notice == null ? null : notice.text();
  }

  @Test
  void theNoticeCookieSaysOnlyTheSitesOwnNotices() {
    plutro.register("nora");
    Browser nora = WebSignIn.as(plutro, "nora");
    assertEquals("Saved.", noticeShown(nora, "SAVED"));
    assertEquals("Blocked spam.example.", noticeShown(nora, "SERVER_BLOCKED+spam.example"));
    // Free text, a sentence as a mention, a mention where none is said, an unknown name: nothing.
    assertNull(noticeShown(nora, enc("Your account is locked: call +1 555 0100")));
    assertNull(noticeShown(nora, enc("SERVER_BLOCKED spam.example. Your account is locked")));
    assertNull(noticeShown(nora, enc("SAVED extra")));
    assertNull(noticeShown(nora, enc("SERVER_BLOCKED")));
    assertNull(noticeShown(nora, "saved"));
    assertNull(noticeShown(nora, "%E0%A4%A"));

    // A real form's notice, and its cookie holds the notice's name, not its words.
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(nora.get("/settings/domain_blocks").body()));
    form.put("domain", "spam.example");
    Reply blocked = nora.post("/settings/domain_blocks", form);
    assertEquals(303, blocked.status(), blocked.body());
    assertTrue(blocked.headers().allValues("Set-Cookie").stream()
        .anyMatch(cookie -> cookie.startsWith("plutro_notice=SERVER_BLOCKED+spam.example;")),
        blocked.headers().allValues("Set-Cookie").toString());
  }

  @Test
  void theCodePageShowsTheMemberWhoJustSignedIn() {
    plutro.register("otto");
    Reply app = plutro.postForm("/api/v1/apps", Map.of("client_name", "copy-paste app", "redirect_uris",
        "urn:ietf:wg:oauth:2.0:oob", "scopes", "read"));
    String authorize = "/oauth/authorize?response_type=code&client_id=" + app.json().getString("client_id")
        + "&redirect_uri=" + enc("urn:ietf:wg:oauth:2.0:oob") + "&scope=read";
    Browser browser = new Browser(plutro);
    Document signedOut = Jsoup.parse(browser.get(authorize).body());
    assertNotNull(signedOut.selectFirst("header.site a[href=/auth/sign_in]"), "signed out at first");
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(browser.get(authorize).body()));
    form.putAll(Map.of("login", "otto", "password", WebSignIn.PASSWORD, "decision", "approve"));
    Reply code = browser.post("/oauth/authorize", form);
    assertEquals(200, code.status(), code.body());
    Document page = Jsoup.parse(code.body());
    assertNotNull(page.selectFirst("textarea#code"), code.body());
    assertEquals("@otto", page.selectFirst("header.site a.me").text(), "the header shows her signed in");
    assertNull(page.selectFirst("header.site a[href=/auth/sign_in]"), "no sign-in link any more");
    // The sign-out form in the header works with the new session's token.
    Map<String, String> signOut = new HashMap<>();
    signOut.put("authenticity_token", page.selectFirst("header.site form input[name=authenticity_token]").val());
    assertEquals(303, browser.post("/auth/sign_out", signOut).status());
  }

  @Test
  void theArchiveHoldsTheReasonGivenToSignUp() throws Exception {
    TestInstance.Member pia = plutro.register("pia");
    assertEquals("A test needs me.", plutro.sql("SELECT sign_up_reason FROM users WHERE account_id = "
        + pia.id()).iterator().next().getString(0));
    HttpResponse<byte[]> zip = plutro.getBytes("/api/v1/plutro/export/archive.zip", "Authorization",
        "Bearer " + pia.token());
    assertEquals(200, zip.statusCode());
    Map<String, String> files = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    JsonObject account = new JsonObject(files.get("account.json"));
    assertEquals("A test needs me.", account.getString("sign_up_reason"));
    assertEquals("pia@example.org", account.getString("email"));
    assertEquals("pia", account.getString("username"));
    assertNotNull(account.getString("created_at"));
    assertFalse(files.get("account.json").contains("password"), "not even its hash");
  }

  @Test
  void onlyTheMembersOwnSessionAndFormHaveTheConfirmationMailSentAgain() {
    TestInstance.Member quin = plutro.signUp("quin");
    Browser browser = new Browser(plutro);
    Map<String, String> signIn = new HashMap<>(Browser.hiddenFields(browser.get("/auth/sign_in").body()));
    signIn.putAll(Map.of("login", "quin", "password", WebSignIn.PASSWORD));
    assertEquals(303, browser.post("/auth/sign_in", signIn).status());
    String subject = "Confirm your email address for Plutro";
    inbox.await("quin@example.org", subject);
    Map<String, String> own = Browser.hiddenFields(browser.get("/auth/setup").body());

    // No token, a stranger's token (their own session's), a stranger's session with quin's token,
    // and a visitor's session: refused, and nothing is sent.
    assertEquals(403, browser.post("/auth/confirmation", Map.of()).status());
    Browser stranger = new Browser(plutro);
    Map<String, String> strangers = Browser.hiddenFields(stranger.get("/auth/sign_in").body());
    assertEquals(403, browser.post("/auth/confirmation", strangers).status());
    assertEquals(403, stranger.post("/auth/confirmation", own).status());
    Reply visitor = stranger.post("/auth/confirmation", strangers);
    assertEquals(401, visitor.status(), visitor.body());
    // The API: only the app she signed up with (the test rig's); another app she let in may not.
    Reply other = plutro.postForm("/api/v1/apps", Map.of("client_name", "another app", "redirect_uris",
        "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write"));
    String otherToken = plutro.postForm("/oauth/token", Map.of("grant_type", "password", "client_id",
        other.json().getString("client_id"), "client_secret", other.json().getString("client_secret"),
        "username", "quin", "password", WebSignIn.PASSWORD, "scope", "read write")).json().getString("access_token");
    Reply moved = plutro.postForm("/api/v1/emails/confirmation", Map.of("email", "thief@example.org"),
        "Authorization", "Bearer " + otherToken);
    assertEquals(403, moved.status(), moved.body());
    assertEquals("This method is only available to the application the user originally signed-up with",
        moved.json().getString("error"));
    assertEquals(1, plutro.count("SELECT count(*) FROM users WHERE account_id = " + quin.id()
        + " AND email = 'quin@example.org'"));
    assertEquals(1, inbox.to("quin@example.org").size(), "nothing more was sent");
    assertTrue(inbox.to("thief@example.org").isEmpty());

    // Her own session and form, and her app, may.
    assertEquals(303, browser.post("/auth/confirmation", own).status());
    inbox.await("quin@example.org", subject, 2);
    assertEquals(200, plutro.postForm("/api/v1/emails/confirmation", Map.of(),
        "Authorization", "Bearer " + quin.token()).status());
    inbox.await("quin@example.org", subject, 3);
    Eventually.within10s("three links were made", () -> plutro.count("SELECT count(*) FROM user_links"
        + " WHERE account_id = " + quin.id() + " AND purpose = 'confirmation'") == 3);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
