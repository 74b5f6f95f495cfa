package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.OAuthDance;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestDatabase;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.WebSignIn;

/**
 * A signed-in browser's session and member are read in one statement per page; two processes
 * share one database, and a sign-out, a suspension or a disabled login made through one of them
 * ends the session in both at the very next page (no waiting).
 */
class SignedInSessionTest {
  static TestInstance a;
  static TestInstance b;
  static String adminToken;

  @BeforeAll
  static void start() {
    String database = TestDatabase.newDatabaseUrl();
    int port = TestInstance.freePort();
    a = TestInstance.start(TestInstance.sharing(database, port, port, Map.of()));
    b = TestInstance.start(TestInstance.sharing(database, TestInstance.freePort(), port, Map.of()));
    // A moderator's token, signed in through an app that may act as an admin.
    a.register("sessionadmin");
    a.sql("UPDATE users SET role = 'admin' WHERE account_id = (SELECT id FROM accounts WHERE username"
        + " = 'sessionadmin')");
    adminToken = OAuthDance.signIn(a, "moderation", "read write admin:read admin:write", "sessionadmin",
        WebSignIn.PASSWORD).token();
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
  }

  @Test
  void signingOutEndsTheSessionAtOnceInEveryProcess() {
    a.register("sol");
    Browser browser = WebSignIn.as(a, "sol");
    String cookie = browser.cookie(WebSessions.COOKIE);
    assertSignedIn(a, cookie, "sol");
    assertSignedIn(b, cookie, "sol");

    Reply signedOut = browser.post(WebPaths.SIGN_OUT, Map.of(Visits.CSRF_FIELD, browser.csrf(WebPaths.HOME_TIMELINE)));
    assertEquals(303, signedOut.status(), signedOut.body());
    assertSignedOut(a, cookie);
    assertSignedOut(b, cookie);
  }

  @Test
  void aSuspensionEndsTheSessionAtOnceInEveryProcess() {
    TestInstance.Member sid = a.register("sid");
    String cookie = WebSignIn.as(a, "sid").cookie(WebSessions.COOKIE);
    assertSignedIn(b, cookie, "sid");

    Reply suspended = a.postForm("/api/v1/admin/accounts/" + sid.id() + "/action", Map.of("type", "suspend"),
        "Authorization", "Bearer " + adminToken);
    assertEquals(200, suspended.status(), suspended.body());
    assertSignedOut(b, cookie);
    assertSignedOut(a, cookie);

    Reply lifted = a.postForm("/api/v1/admin/accounts/" + sid.id() + "/unsuspend", Map.of(),
        "Authorization", "Bearer " + adminToken);
    assertEquals(200, lifted.status(), lifted.body());
    assertSignedIn(b, cookie, "sid");
  }

  @Test
  void aDisabledLoginEndsTheSessionAtOnce() {
    TestInstance.Member dora = a.register("dora");
    String cookie = WebSignIn.as(a, "dora").cookie(WebSessions.COOKIE);
    assertSignedIn(b, cookie, "dora");
    Reply disabled = a.postForm("/api/v1/admin/accounts/" + dora.id() + "/action", Map.of("type", "disable"),
        "Authorization", "Bearer " + adminToken);
    assertEquals(200, disabled.status(), disabled.body());
    assertSignedOut(b, cookie);
  }

  @Test
  void aVisitorWithAnUnknownCookieIsNotSignedIn() {
    assertSignedOut(b, "no-such-session");
    Reply front = b.get("/", "Cookie", WebSessions.COOKIE + "=no-such-session");
    assertEquals(200, front.status());
  }

  private static void assertSignedIn(TestInstance on, String cookie, String username) {
    Reply home = on.get(WebPaths.HOME_TIMELINE, "Cookie", WebSessions.COOKIE + "=" + cookie,
        "Accept", "text/html");
    assertEquals(200, home.status(), home.body());
    assertTrue(home.body().contains("@" + username), "the header names the member");
  }

  private static void assertSignedOut(TestInstance on, String cookie) {
    Reply home = on.get(WebPaths.HOME_TIMELINE, "Cookie", WebSessions.COOKIE + "=" + cookie,
        "Accept", "text/html");
    assertEquals(303, home.status(), home.body());
    assertTrue(home.header("Location").contains(WebPaths.SIGN_IN), home.header("Location"));
  }
}
