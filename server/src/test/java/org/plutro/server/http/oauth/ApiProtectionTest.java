package org.plutro.server.http.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.OAuthDance;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Scopes on every kind of endpoint, CORS for browser apps, the rate limit, the https session
 * cookie, and a member's view of the apps they let in.
 */
class ApiProtectionTest {
  static TestInstance plutro;
  static Member erin;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    erin = plutro.register("erin");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static String tokenWith(String scopes) {
    return OAuthDance.signIn(plutro, "scoped " + scopes, scopes, "erin", "a long password").token();
  }

  @Test
  void everyEndpointChecksTheTokensScopes() {
    String statusesOnly = tokenWith("read:statuses");
    String profile = tokenWith("profile");
    String follow = tokenWith("follow");
    String outside = "This action is outside the authorized scopes";

    Reply me = plutro.getWithToken("/api/v1/accounts/verify_credentials", statusesOnly);
    assertEquals(403, me.status());
    assertEquals(outside, me.json().getString("error"));
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", profile).status());
    // profile reads only the member themself: public reads with that token are outside it.
    assertEquals(403, plutro.getWithToken("/api/v1/accounts/" + erin.id(), profile).status());
    assertEquals(200, plutro.get("/api/v1/accounts/" + erin.id()).status());
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/" + erin.id() + "/statuses", statusesOnly).status());
    assertEquals(403, plutro.getWithToken("/api/v2/search?q=erin", statusesOnly).status());
    assertEquals(403, plutro.getWithToken("/api/v1/lists", statusesOnly).status());
    assertEquals(403, plutro.getWithToken("/api/v2/filters", statusesOnly).status());
    assertEquals(403, plutro.getWithToken("/api/v1/preferences", statusesOnly).status());
    assertEquals(200, plutro.getWithToken("/api/v1/markers", statusesOnly).status());
    Reply post = plutro.postForm("/api/v1/statuses", Map.of("status", "hi"),
        "Authorization", "Bearer " + statusesOnly);
    assertEquals(403, post.status());
    assertEquals(0, plutro.count("SELECT count(*) FROM statuses"));
    // The deprecated follow scope still grants relationships, as in Mastodon.
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/relationships?id[]=" + erin.id(), follow).status());
    assertEquals(403, plutro.getWithToken("/api/v1/lists", follow).status());

    Reply missing = plutro.get("/api/v1/lists");
    assertEquals(401, missing.status());
    assertEquals("The access token is invalid", missing.json().getString("error"));
    Reply forged = plutro.getWithToken("/api/v1/accounts/" + erin.id(), "forged");
    assertEquals(401, forged.status(), "a bad token is refused even where none is needed");
  }

  @Test
  void aMemberSeesAndRevokesTheAppsTheyLetIn() {
    OAuthDance.Signed signed = OAuthDance.signIn(plutro, "Tusky", "read write", "erin", "a long password");
    String token = signed.token();
    JsonArray apps = plutro.getWithToken("/api/v1/plutro/authorized_apps", token).array();
    JsonObject tusky = null;
    for (Object o : apps) {
      if ("Tusky".equals(((JsonObject) o).getString("name"))) {
        tusky = (JsonObject) o;
      }
    }
    assertEquals(Map.of("id", 0, "name", 0, "website", 0, "scopes", 0, "created_at", 0,
        "last_used_at", 0).keySet(), tusky.fieldNames());
    assertEquals(new JsonArray().add("read").add("write"), tusky.getJsonArray("scopes"));

    // Another member cannot revoke it; the owner can, and its token dies.
    Reply notTheirs = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base()
        + "/api/v1/plutro/authorized_apps/" + tusky.getString("id")))
        .header("Authorization", "Bearer " + plutro.register("frank").token()).DELETE());
    assertEquals(404, notTheirs.status());
    String other = tokenWith("read");
    Reply revoked = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base()
        + "/api/v1/plutro/authorized_apps/" + tusky.getString("id")))
        .header("Authorization", "Bearer " + other).DELETE());
    assertEquals(403, revoked.status(), "revoking needs write:accounts");
    Reply done = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base()
        + "/api/v1/plutro/authorized_apps/" + tusky.getString("id")))
        .header("Authorization", "Bearer " + token).DELETE());
    assertEquals(200, done.status());
    Reply dead = plutro.getWithToken("/api/v1/accounts/verify_credentials", token);
    assertEquals(401, dead.status());
    assertEquals("The access token was revoked", dead.json().getString("error"));
  }

  @Test
  void theSettingsPageListsAppsAndRevokesThem() {
    OAuthDance.signIn(plutro, "Elk", "read", "erin", "a long password");
    // Mastodon's old address leads to the settings page, which a visitor is asked to sign in for.
    Reply moved = plutro.get("/oauth/authorized_applications");
    assertEquals(301, moved.status());
    assertEquals("/settings/applications", moved.header("Location"));
    Browser browser = new Browser(plutro);
    assertEquals(303, plutro.get("/settings/applications", "Accept", "text/html").status());
    signIn(browser, "erin");
    Reply list = browser.get("/settings/applications");
    assertTrue(list.body().contains("Elk"), list.body());
    String appId = list.body().replaceAll("(?s).*<strong>Elk</strong>.*?action=\"/settings/applications/(\\d+)/revoke\".*", "$1");
    Map<String, String> revoke = new HashMap<>(Browser.hiddenFields(list.body()));
    Reply forged = browser.post("/settings/applications/" + appId + "/revoke",
        Map.of("authenticity_token", "forged"));
    assertEquals(403, forged.status());
    assertEquals(303, browser.post("/settings/applications/" + appId + "/revoke", revoke).status());
    assertFalse(browser.get("/settings/applications").body().contains("<strong>Elk</strong>"));
    assertEquals(0, plutro.count("SELECT count(*) FROM oauth_tokens WHERE app_id = $1"
        + " AND revoked_at IS NULL", Long.parseLong(appId)));
  }

  /** Signs {@code login} in through an app's authorization page: the browser gets a session. */
  private static void signIn(Browser browser, String login) {
    Reply page = browser.get("/oauth/authorize?response_type=code&client_id=" + plutro.app().clientId()
        + "&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read");
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.put("login", login);
    form.put("password", "a long password");
    form.put("decision", "approve");
    assertEquals(200, browser.post("/oauth/authorize", form).status());
  }

  @Test
  void browserAppsGetCorsAndPreflights() {
    Reply preflight = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/lists"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://elk.zone")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type"));
    assertEquals(200, preflight.status());
    assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
    assertTrue(preflight.header("Access-Control-Allow-Methods").contains("POST"));
    assertEquals("authorization, content-type", preflight.header("Access-Control-Allow-Headers"));
    assertNull(preflight.header("Access-Control-Allow-Credentials"));
    assertNull(preflight.header("X-RateLimit-Remaining"), "preflights are not counted");

    Reply api = plutro.get("/api/v1/instance", "Origin", "https://elk.zone");
    assertEquals("*", api.header("Access-Control-Allow-Origin"));
    assertTrue(api.header("Access-Control-Expose-Headers").contains("Link"));
    assertTrue(api.header("Access-Control-Expose-Headers").contains("X-RateLimit-Remaining"));
    Reply token = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/oauth/token"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://elk.zone")
        .header("Access-Control-Request-Method", "POST"));
    assertEquals("*", token.header("Access-Control-Allow-Origin"));
    assertEquals("*", plutro.get("/.well-known/oauth-authorization-server", "Origin", "https://elk.zone")
        .header("Access-Control-Allow-Origin"));
    assertEquals("*", plutro.get("/nodeinfo/2.0", "Origin", "https://elk.zone")
        .header("Access-Control-Allow-Origin"));
    assertNull(plutro.get("/oauth/authorize?client_id=x", "Origin", "https://evil.example")
        .header("Access-Control-Allow-Origin"), "the consent page is not shared with other origins");
  }

  @Test
  void theRateLimitCountsPerTokenAndPerAddressAndAnswers429() {
    int port = TestInstance.freePort();
    try (TestInstance limited = TestInstance.start(Map.of("PLUTRO_RATE_LIMIT_REQUESTS", "3",
        "PLUTRO_HTTP_PORT", Integer.toString(port),
        "PLUTRO_PUBLIC_URL", "https://127.0.0.1:" + port))) {
      String direct = "http://127.0.0.1:" + port;
      Reply first = limited.get(direct + "/api/v1/instance");
      assertEquals("3", first.header("X-RateLimit-Limit"));
      assertEquals("2", first.header("X-RateLimit-Remaining"));
      assertTrue(first.header("X-RateLimit-Reset").matches(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), first.header("X-RateLimit-Reset"));
      limited.get(direct + "/api/v1/instance");
      assertEquals("0", limited.get(direct + "/api/v1/instance").header("X-RateLimit-Remaining"));
      Reply over = limited.get(direct + "/api/v1/instance");
      assertEquals(429, over.status());
      assertEquals("Too many requests", over.json().getString("error"));
      assertEquals("0", over.header("X-RateLimit-Remaining"));
      // A token has its own allowance; pages outside the API are not limited.
      assertEquals(401, limited.get(direct + "/api/v1/lists", "Authorization", "Bearer abc").status(),
          "the address is spent, the token is not: refused for being invalid, not for the limit");
      assertEquals(200, limited.get(direct + "/api/v1/instance", "Authorization", "Bearer xyz").status());
      assertEquals(200, limited.get(direct + "/.well-known/oauth-authorization-server").status());

      // The public URL is https: the session cookie is Secure.
      Browser browser = new Browser(limited);
      limited.sql("INSERT INTO oauth_apps (name, redirect_uris, scopes, client_id, client_secret_hash)"
          + " VALUES ('web', '{urn:ietf:wg:oauth:2.0:oob}', '{read}', 'web-client', '\\x00')");
      browser.get(direct + "/oauth/authorize?response_type=code&client_id=web-client"
          + "&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read");
      String cookie = browser.setCookies().get(0);
      assertTrue(cookie.contains("; Secure"), cookie);
      assertTrue(cookie.toLowerCase().contains("; httponly"), cookie);
    }
  }

  @Test
  void adminsPublishAnnouncementsFromTheCommandLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AdminCommand.run(plutro.settings(), List.of("announcement", "create", "--text",
            "Maintenance <tonight>\n\nBack soon", "--all-day"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    JsonArray announcements = plutro.getWithToken("/api/v1/announcements", erin.token()).array();
    JsonObject last = announcements.getJsonObject(announcements.size() - 1);
    assertEquals("<p>Maintenance &lt;tonight&gt;</p><p>Back soon</p>", last.getString("content"));
    assertEquals(true, last.getBoolean("all_day"));
    assertEquals(2, AdminCommand.run(plutro.settings(), List.of("announcement", "create"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
  }
}
