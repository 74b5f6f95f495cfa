package org.plutro.server.http.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** The authorization code flow with PKCE as an app drives it, and everything that must fail. */
class AuthorizationCodeFlowTest {
  static final String CALLBACK = "https://app.example/callback";
  static final String OOB = "urn:ietf:wg:oauth:2.0:oob";
  static TestInstance plutro;
  static Member alice;
  static JsonObject app;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    alice = plutro.register("alice");
    app = registerApp("Phanpy", CALLBACK + "\n" + OOB, "read write follow push profile");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static JsonObject registerApp(String name, String redirectUris, String scopes) {
    Reply created = plutro.postForm("/api/v1/apps", Map.of("client_name", name,
        "redirect_uris", redirectUris, "scopes", scopes, "website", "https://app.example"));
    assertEquals(200, created.status(), created.body());
    return created.json();
  }

  static String verifier() {
    return "verifier-" + java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
  }

  static String challenge(String verifier) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  static String authorizePath(JsonObject client, String redirectUri, Map<String, String> extra) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", client.getString("client_id"));
    params.put("redirect_uri", redirectUri);
    params.putAll(extra);
    StringJoiner query = new StringJoiner("&");
    params.forEach((k, v) -> query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return "/oauth/authorize?" + query;
  }

  /** Opens the page, signs in as alice and approves; returns the redirect. */
  static Reply signInAndApprove(Browser browser, JsonObject client, String redirectUri,
      Map<String, String> extra) {
    Reply page = browser.get(authorizePath(client, redirectUri, extra));
    assertEquals(200, page.status(), page.body());
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.put("login", "alice@example.org");
    form.put("password", "a long password");
    form.put("decision", "approve");
    return browser.post("/oauth/authorize", form);
  }

  static String code(Reply redirect) {
    assertEquals(302, redirect.status(), redirect.body());
    return Browser.query(redirect.header("Location")).get("code");
  }

  static Reply exchange(JsonObject client, String code, String redirectUri, String verifier) {
    Map<String, String> form = new HashMap<>(Map.of("grant_type", "authorization_code",
        "client_id", client.getString("client_id"), "client_secret", client.getString("client_secret"),
        "code", code, "redirect_uri", redirectUri));
    if (verifier != null) {
      form.put("code_verifier", verifier);
    }
    return plutro.postForm("/oauth/token", form);
  }

  @Test
  void anAppSignsAMemberInWithPkceAndUsesTheToken() throws Exception {
    String verifier = verifier();
    Browser browser = new Browser(plutro);
    Reply page = browser.get(authorizePath(app, CALLBACK, Map.of("scope", "read write",
        "state", "st4te", "code_challenge", challenge(verifier), "code_challenge_method", "S256")));
    assertEquals(200, page.status());
    assertTrue(page.header("Content-Type").startsWith("text/html"));
    assertTrue(page.body().contains("Phanpy"));
    assertTrue(page.body().contains("name=\"password\""), "nobody signed in: the page asks to sign in");
    // Works without JavaScript: the site's one script file only enhances, and nothing runs inline.
    assertFalse(page.body().matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), "no inline script");
    assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
    assertEquals("no-store", page.header("Cache-Control"));
    assertEquals("DENY", page.header("X-Frame-Options"));
    String cookie = browser.setCookies().get(0);
    assertTrue(cookie.startsWith("plutro_session="), cookie);
    assertTrue(cookie.toLowerCase().contains("; httponly"), cookie);
    assertTrue(cookie.contains("SameSite=Lax"), cookie);
    assertFalse(cookie.contains("Secure"), "plain http instance: " + cookie);

    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    assertNotNull(form.get("authenticity_token"));
    form.put("login", "alice@example.org");
    form.put("password", "a long password");
    form.put("decision", "approve");
    Reply redirect = browser.post("/oauth/authorize", form);
    assertEquals(302, redirect.status(), redirect.body());
    String location = redirect.header("Location");
    assertTrue(location.startsWith(CALLBACK + "?code="), location);
    Map<String, String> query = Browser.query(location);
    assertEquals("st4te", query.get("state"));
    // Signing in replaced the anonymous session (no fixation).
    assertEquals(2, browser.setCookies().size());
    assertFalse(browser.setCookies().get(1).equals(cookie));

    Reply token = exchange(app, query.get("code"), CALLBACK, verifier);
    assertEquals(200, token.status(), token.body());
    assertEquals("no-store", token.header("Cache-Control"));
    JsonObject entity = token.json();
    assertEquals("Bearer", entity.getString("token_type"));
    assertEquals("read write", entity.getString("scope"));
    assertTrue(entity.getLong("created_at") > 1_600_000_000L);
    assertNull(entity.getValue("refresh_token"), "Mastodon issues no refresh tokens");
    assertEquals(4, entity.size(), entity.encode());

    String accessToken = entity.getString("access_token");
    Reply me = plutro.getWithToken("/api/v1/accounts/verify_credentials", accessToken);
    assertEquals(200, me.status(), me.body());
    assertEquals(alice.id(), me.json().getString("id"));
    Reply application = plutro.getWithToken("/api/v1/apps/verify_credentials", accessToken);
    assertEquals(200, application.status());
    assertEquals("Phanpy", application.json().getString("name"));
    assertEquals("https://app.example", application.json().getString("website"));
  }

  @Test
  void aReusedCodeIsRefusedAndRevokesTheTokenIssuedFromIt() throws Exception {
    String verifier = verifier();
    String code = code(signInAndApprove(new Browser(plutro), app, CALLBACK,
        Map.of("code_challenge", challenge(verifier), "code_challenge_method", "S256")));
    Reply first = exchange(app, code, CALLBACK, verifier);
    assertEquals(200, first.status(), first.body());
    String token = first.json().getString("access_token");
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", token).status());

    Reply second = exchange(app, code, CALLBACK, verifier);
    assertEquals(400, second.status());
    assertEquals("invalid_grant", second.json().getString("error"));
    assertTrue(second.json().getString("error_description").startsWith("The provided authorization grant"));
    Reply revoked = plutro.getWithToken("/api/v1/accounts/verify_credentials", token);
    assertEquals(401, revoked.status());
    assertEquals("The access token was revoked", revoked.json().getString("error"));
  }

  @Test
  void aWrongOrMissingVerifierIsRefusedWithoutSpendingTheCode() throws Exception {
    String verifier = verifier();
    String code = code(signInAndApprove(new Browser(plutro), app, CALLBACK,
        Map.of("code_challenge", challenge(verifier), "code_challenge_method", "S256")));
    Reply wrong = exchange(app, code, CALLBACK, verifier());
    assertEquals(400, wrong.status());
    assertEquals("invalid_grant", wrong.json().getString("error"));
    Reply missing = exchange(app, code, CALLBACK, null);
    assertEquals(400, missing.status());
    assertEquals("invalid_grant", missing.json().getString("error"));
    assertEquals(200, exchange(app, code, CALLBACK, verifier).status());
  }

  @Test
  void anExpiredCodeIsRefused() {
    String code = code(signInAndApprove(new Browser(plutro), app, CALLBACK, Map.of()));
    plutro.sql("UPDATE oauth_codes SET expires_at = now() - interval '1 second'"
        + " WHERE used_at IS NULL AND expires_at > now()");
    Reply expired = exchange(app, code, CALLBACK, null);
    assertEquals(400, expired.status());
    assertEquals("invalid_grant", expired.json().getString("error"));
  }

  @Test
  void theRedirectUriAndTheClientMustBeTheCodesOwn() {
    String code = code(signInAndApprove(new Browser(plutro), app, CALLBACK, Map.of()));
    Reply otherUri = exchange(app, code, OOB, null);
    assertEquals(400, otherUri.status());
    assertEquals("invalid_grant", otherUri.json().getString("error"));
    JsonObject other = registerApp("Other", CALLBACK, "read");
    Reply otherClient = exchange(other, code, CALLBACK, null);
    assertEquals(400, otherClient.status());
    assertEquals("invalid_grant", otherClient.json().getString("error"));
    Reply badSecret = plutro.postForm("/oauth/token", Map.of("grant_type", "authorization_code",
        "client_id", app.getString("client_id"), "client_secret", "wrong", "code", code,
        "redirect_uri", CALLBACK));
    assertEquals(401, badSecret.status());
    assertEquals("invalid_client", badSecret.json().getString("error"));
    // Still good for its own client and URI: failures did not spend it.
    Reply good = exchange(app, code, CALLBACK, null);
    assertEquals(200, good.status(), good.body());
    assertEquals("read", good.json().getString("scope"), "no scope asked: Mastodon's default");
  }

  @Test
  void outOfBandShowsTheCodeOnAPage() {
    Reply page = signInAndApprove(new Browser(plutro), app, OOB, Map.of("scope", "read"));
    assertEquals(200, page.status(), page.body());
    org.jsoup.nodes.Element shown = org.jsoup.Jsoup.parse(page.body()).selectFirst("textarea#code");
    assertNotNull(shown, page.body());
    String code = shown.text().strip();
    Reply token = exchange(app, code, OOB, null);
    assertEquals(200, token.status(), token.body());
  }

  @Test
  void denyingRedirectsWithAccessDenied() {
    Browser browser = new Browser(plutro);
    Reply page = browser.get(authorizePath(app, CALLBACK, Map.of("state", "s1")));
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(page.body()));
    form.put("decision", "deny");
    Reply denied = browser.post("/oauth/authorize", form);
    assertEquals(302, denied.status());
    Map<String, String> query = Browser.query(denied.header("Location"));
    assertEquals("access_denied", query.get("error"));
    assertEquals("s1", query.get("state"));
    assertNull(query.get("code"));
  }

  @Test
  void badRequestsAreShownOrSentBackAsTheRfcSays() {
    Browser browser = new Browser(plutro);
    Reply unknownClient = browser.get("/oauth/authorize?response_type=code&client_id=nope&redirect_uri="
        + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8));
    assertEquals(400, unknownClient.status());
    assertNull(unknownClient.header("Location"));
    Reply foreignRedirect = browser.get(authorizePath(app, "https://evil.example/cb", Map.of()));
    assertEquals(400, foreignRedirect.status(), "never redirect to an unregistered URI");
    assertNull(foreignRedirect.header("Location"));

    Reply plain = browser.get(authorizePath(app, CALLBACK, Map.of("code_challenge",
        "a".repeat(43), "code_challenge_method", "plain", "state", "p")));
    assertEquals(302, plain.status());
    assertEquals("invalid_request", Browser.query(plain.header("Location")).get("error"));
    assertEquals("p", Browser.query(plain.header("Location")).get("state"));
    Reply noMethod = browser.get(authorizePath(app, CALLBACK, Map.of("code_challenge", "a".repeat(43))));
    assertEquals("invalid_request", Browser.query(noMethod.header("Location")).get("error"));

    Reply tooWide = browser.get(authorizePath(app, CALLBACK, Map.of("scope", "read admin:read")));
    assertEquals(302, tooWide.status());
    assertEquals("invalid_scope", Browser.query(tooWide.header("Location")).get("error"));
    Reply token = browser.get(authorizePath(app, CALLBACK, Map.of("response_type", "token")));
    assertEquals("unsupported_response_type", Browser.query(token.header("Location")).get("error"));
    assertEquals(0, plutro.count("SELECT count(*) FROM oauth_codes WHERE redirect_uri = 'https://evil.example/cb'"));
  }

  @Test
  void theFormNeedsItsSessionsCsrfToken() {
    Browser browser = new Browser(plutro);
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(
        browser.get(authorizePath(app, CALLBACK, Map.of())).body()));
    form.put("login", "alice");
    form.put("password", "a long password");
    form.put("decision", "approve");
    Map<String, String> forged = new HashMap<>(form);
    forged.put("authenticity_token", "forged");
    assertEquals(403, browser.post("/oauth/authorize", forged).status());
    Browser stranger = new Browser(plutro);
    assertEquals(403, stranger.post("/oauth/authorize", form).status(), "token of another session");
    assertEquals(302, browser.post("/oauth/authorize", form).status());
  }

  @Test
  void aFailedSignInSaysTheSameForUnknownMembersAndIsThrottled() {
    plutro.register("bob");
    Browser browser = new Browser(plutro);
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(
        browser.get(authorizePath(app, CALLBACK, Map.of())).body()));
    form.put("decision", "approve");
    form.put("login", "bob");
    form.put("password", "wrong password");
    Reply wrongPassword = browser.post("/oauth/authorize", form);
    form.put("login", "nobody-here");
    Reply unknown = browser.post("/oauth/authorize", form);
    assertEquals(422, wrongPassword.status());
    assertEquals(422, unknown.status());
    String error = "Invalid login or password.";
    assertTrue(wrongPassword.body().contains(error));
    assertEquals(wrongPassword.body().replace("bob", "x"), unknown.body().replace("nobody-here", "x")
        .replace("bob", "x"));
    assertEquals(0, plutro.count("SELECT count(*) FROM oauth_codes c JOIN accounts a"
        + " ON a.id = c.account_id WHERE a.username = 'bob'"));

    // After 25 failures for a login within the hour, even the right password is refused for now.
    for (int i = 0; i < 24; i++) {
      plutro.sql("INSERT INTO sign_in_failures (login, address) VALUES ('bob', $1)", "192.0.2." + i);
    }
    form.put("login", "bob");
    form.put("password", "a long password");
    Reply throttled = browser.post("/oauth/authorize", form);
    assertEquals(429, throttled.status());
    assertTrue(throttled.body().contains("Too many failed sign-in attempts"));
    Reply passwordGrant = plutro.postForm("/oauth/token", Map.of("grant_type", "password",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "username", "bob", "password", "a long password"));
    assertEquals(429, passwordGrant.status());
  }

  @Test
  void aSignedInSessionOnlyAsksForConsentUnlessForceLogin() {
    Browser browser = new Browser(plutro);
    code(signInAndApprove(browser, app, CALLBACK, Map.of()));
    Reply again = browser.get(authorizePath(app, CALLBACK, Map.of()));
    assertTrue(again.body().contains("Signed in as <strong>@alice</strong>"), again.body());
    assertFalse(again.body().contains("name=\"password\""));
    Map<String, String> form = new HashMap<>(Browser.hiddenFields(again.body()));
    form.put("decision", "approve");
    assertNotNull(code(browser.post("/oauth/authorize", form)));

    Reply forced = browser.get(authorizePath(app, CALLBACK, Map.of("force_login", "true")));
    assertTrue(forced.body().contains("name=\"password\""));
    Map<String, String> forcedForm = new HashMap<>(Browser.hiddenFields(forced.body()));
    forcedForm.put("decision", "approve");
    assertEquals(422, browser.post("/oauth/authorize", forcedForm).status());
  }

  @Test
  void revokingAnotherAppsTokenIsForbidden() {
    String code = code(signInAndApprove(new Browser(plutro), app, CALLBACK, Map.of()));
    String token = exchange(app, code, CALLBACK, null).json().getString("access_token");
    JsonObject other = registerApp("Thief", CALLBACK, "read");
    Reply refused = plutro.postForm("/oauth/revoke", Map.of("client_id", other.getString("client_id"),
        "client_secret", other.getString("client_secret"), "token", token));
    assertEquals(403, refused.status());
    assertEquals("unauthorized_client", refused.json().getString("error"));
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", token).status());
    Reply own = plutro.postForm("/oauth/revoke", Map.of("client_id", app.getString("client_id"),
        "client_secret", app.getString("client_secret"), "token", token));
    assertEquals(200, own.status());
    assertEquals("{}", own.body());
    assertEquals(401, plutro.getWithToken("/api/v1/accounts/verify_credentials", token).status());
  }

  @Test
  void metadataDescribesTheServerAsMastodonDoes() {
    Reply reply = plutro.get("/.well-known/oauth-authorization-server");
    assertEquals(200, reply.status());
    JsonObject meta = reply.json();
    assertEquals(plutro.base() + "/", meta.getString("issuer"));
    assertEquals(plutro.base() + "/oauth/authorize", meta.getString("authorization_endpoint"));
    assertEquals(plutro.base() + "/oauth/token", meta.getString("token_endpoint"));
    assertEquals(plutro.base() + "/oauth/revoke", meta.getString("revocation_endpoint"));
    assertEquals(plutro.base() + "/api/v1/apps", meta.getString("app_registration_endpoint"));
    assertEquals("[\"S256\"]", meta.getJsonArray("code_challenge_methods_supported").encode());
    assertTrue(meta.getJsonArray("scopes_supported").contains("profile"));
    assertTrue(meta.getJsonArray("scopes_supported").contains("admin:write:canonical_email_blocks"));
    assertFalse(meta.getJsonArray("scopes_supported").contains("crypto"));
    assertTrue(meta.getJsonArray("grant_types_supported").contains("authorization_code"));
    assertEquals("[\"code\"]", meta.getJsonArray("response_types_supported").encode());
  }
}
