package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * Aliases and the move to another account; closing the account, after which the old session
 * opens nothing and the reach page opens only with its own key.
 */
class MigrationAndClosePagesTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start(Map.of("PLUTRO_CLOSED_ACCOUNT_RETENTION_DAYS", "12"));
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void aliasesAreAddedAndRemovedAndTheMoveNeedsThePassword() {
    Member mia = plutro.register("mia");
    Member ned = plutro.register("ned");
    String host = plutro.authority();
    Browser browser = WebSignIn.as(plutro, "mia");
    Document page = Jsoup.parse(browser.get("/settings/migration").body());
    assertTrue(page.text().contains("Your account @mia@" + host + " has not moved."), page.text());
    assertTrue(page.text().contains("You have named no other account."));

    // Without the form's token nothing changes.
    assertEquals(403, browser.post("/settings/migration/aliases", Map.of("acct", "ned@" + host)).status());
    assertEquals("[]", aliases(mia));

    Reply added = browser.submit("/settings/migration", "/settings/migration/aliases", Map.of("acct", "ned@" + host));
    assertEquals(303, added.status(), added.body());
    assertEquals("[{\"uri\":\"" + ned.actorUri() + "\"}]", aliases(mia));
    Document withAlias = Jsoup.parse(browser.get(added.header("Location")).body());
    assertTrue(withAlias.text().contains("The alias is added."));
    assertEquals(List.of(ned.actorUri()), withAlias.select("ul.aliases a").eachText());

    Reply unknown = browser.submit("/settings/migration", "/settings/migration/aliases",
        Map.of("acct", "<b>nobody</b>@" + host));
    assertEquals(422, unknown.status());
    assertFalse(unknown.body().contains("<b>nobody</b>"), "the typed value is escaped");
    Document refused = Jsoup.parse(unknown.body());
    assertEquals("<b>nobody</b>@" + host, refused.selectFirst("#alias-acct").attr("value"), "the value is kept");
    assertTrue(refused.selectFirst(".field-error").text().startsWith("No account was found"));

    assertEquals(303, browser.submit("/settings/migration", "/settings/migration/aliases/remove",
        Map.of("acct", ned.actorUri())).status());
    assertEquals("[]", aliases(mia));

    // Moving: ned names mia first; a wrong password or no token moves nothing.
    assertEquals(200, plutro.postForm("/api/v1/plutro/aliases", Map.of("acct", "mia@" + host),
        "Authorization", "Bearer " + ned.token()).status());
    Reply wrong = browser.submit("/settings/migration", "/settings/migration/move",
        Map.of("acct", "ned@" + host, "password", "not it"));
    assertEquals(422, wrong.status());
    assertEquals("The password is not right. Nothing was moved.",
        Jsoup.parse(wrong.body()).selectFirst(".field-error").text());
    assertEquals(403, browser.post("/settings/migration/move",
        Map.of("acct", "ned@" + host, "password", WebSignIn.PASSWORD)).status());
    assertNull(plutro.get("/api/v1/accounts/" + mia.id()).json().getValue("moved"));

    Reply moved = browser.submit("/settings/migration", "/settings/migration/move",
        Map.of("acct", "ned@" + host, "password", WebSignIn.PASSWORD));
    assertEquals(303, moved.status(), moved.body());
    assertEquals(ned.id(), plutro.get("/api/v1/accounts/" + mia.id()).json().getJsonObject("moved").getString("id"));
    Document after = Jsoup.parse(browser.get(moved.header("Location")).body());
    assertTrue(after.text().contains("This account has moved to " + ned.actorUri()), after.text());
  }

  @Test
  void closingSaysWhatHappensNeedsThePasswordAndEndsTheSessionAtOnce() {
    Member ola = plutro.register("ola");
    Browser browser = WebSignIn.as(plutro, "ola");
    Browser otherBrowser = WebSignIn.as(plutro, "ola");
    Document page = Jsoup.parse(browser.get("/settings/delete").body());
    assertTrue(page.text().contains("After 12 days, we delete your email address and password"), page.text());
    assertTrue(page.text().contains("Your username @ola@" + plutro.authority() + " stays taken for ever"));
    assertTrue(page.text().contains("No other server has a copy"), page.text());
    assertFalse(page.select("form[action=/settings/delete][data-confirm]").isEmpty());

    // No token, or a wrong password: the account stays open.
    assertEquals(403, browser.post("/settings/delete", Map.of("password", WebSignIn.PASSWORD)).status());
    Reply wrong = browser.submit("/settings/delete", "/settings/delete", Map.of("password", "not it"));
    assertEquals(422, wrong.status());
    assertEquals("The password is not right. Your account is still open.",
        Jsoup.parse(wrong.body()).selectFirst(".field-error").text());
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", ola.token()).status());

    List<String> oldCookies = List.of(browser.cookie("plutro_session"),
        otherBrowser.cookie("plutro_session"));
    Reply closed = browser.submit("/settings/delete", "/settings/delete", Map.of("password", WebSignIn.PASSWORD));
    assertEquals(303, closed.status(), closed.body());
    assertEquals("/settings/delete/reach", closed.header("Location"));
    String reachCookie = closed.headers().allValues("Set-Cookie").stream()
        .filter(cookie -> cookie.startsWith("plutro_reach=")).findFirst().orElseThrow();
    assertTrue(reachCookie.contains("Path=/settings/delete/reach"), reachCookie);
    assertTrue(reachCookie.toLowerCase().contains("; httponly"), reachCookie);
    assertTrue(reachCookie.contains("SameSite=Strict"), reachCookie);
    assertTrue(closed.headers().allValues("Set-Cookie").stream()
        .anyMatch(cookie -> cookie.startsWith("plutro_session=;") && cookie.contains("Max-Age=0")));
    String key = reachCookie.substring("plutro_reach=".length(), reachCookie.indexOf(';'));

    // The old cookies open nothing any more, in this browser or another; nor does the token.
    for (String old : oldCookies) {
      for (String path : List.of("/settings/sessions", "/settings/applications", "/settings/export",
          "/settings/export/following.csv", "/settings/import", "/settings/migration", "/settings/delete")) {
        assertEquals(303, plutro.get(path, "Accept", Browser.ACCEPT, "Cookie", "plutro_session=" + old)
            .status(), path);
      }
      assertEquals(403, plutro.postForm("/settings/delete", Map.of("authenticity_token", "x"),
          "Accept", Browser.ACCEPT, "Cookie", "plutro_session=" + old).status(),
          "a form from the ended session is refused");
    }
    assertEquals(0L, plutro.count("SELECT count(*) FROM web_sessions WHERE account_id = $1", Long.parseLong(ola.id())));
    assertEquals(401, plutro.getWithToken("/api/v1/accounts/verify_credentials", ola.token()).status());

    // The reach page opens with its own key only, and the key opens nothing else.
    Reply reach = plutro.get("/settings/delete/reach", "Cookie", "plutro_reach=" + key, "Accept", Browser.ACCEPT);
    assertEquals(200, reach.status());
    assertEquals("private, no-store", reach.header("Cache-Control"));
    Document reachPage = Jsoup.parse(reach.body());
    assertEquals("Your account is closed", reachPage.selectFirst("h1").text());
    assertTrue(reachPage.text().contains("@ola@" + plutro.authority() + " was closed on"), reachPage.text());
    assertTrue(reachPage.text().contains("No other server had a copy"), reachPage.text());
    assertEquals("noindex, noarchive", reachPage.selectFirst("meta[name=robots]").attr("content"));
    assertEquals(404, plutro.get("/settings/delete/reach", "Accept", Browser.ACCEPT).status());
    assertEquals(404, plutro.get("/settings/delete/reach", "Cookie", "plutro_reach=guessed",
        "Accept", Browser.ACCEPT).status());
    assertEquals(303, plutro.get("/settings/sessions", "Cookie", "plutro_reach=" + key + "; plutro_session=" + key,
        "Accept", Browser.ACCEPT).status());
    assertEquals(0L, plutro.count("SELECT count(*) FROM closure_reach_keys WHERE key_hash::text LIKE $1",
        "%" + key + "%"), "only the key's hash is kept");
  }

  private static String aliases(Member member) {
    return plutro.getWithToken("/api/v1/plutro/aliases", member.token()).body();
  }
}
