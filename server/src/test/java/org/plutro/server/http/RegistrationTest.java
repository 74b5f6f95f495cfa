package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;

/** Registration the way real clients and scripts do it, and everything bad input gets. */
class RegistrationTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  private static Reply register(JsonObject body) {
    return plutro.postJson("/api/v1/accounts", body,
        "Authorization", "Bearer " + plutro.app().appToken());
  }

  private static JsonObject valid(String username) {
    return new JsonObject().put("username", username).put("email", username + "@example.org")
        .put("password", "a long password").put("agreement", true).put("locale", "en");
  }

  private static long members() {
    return plutro.get("/nodeinfo/2.1").json().getJsonObject("usage").getJsonObject("users")
        .getLong("total");
  }

  @Test
  void appThenTokenThenAccountGivesTheMemberATokenForTheirCredentials() {
    JsonObject app = plutro.postForm("/api/v1/apps", Map.of("client_name", "Tusky",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write follow",
        "website", "https://tusky.app")).json();
    assertEquals("Tusky", app.getString("name"));
    assertNotNull(app.getString("client_id"));
    assertNotNull(app.getString("client_secret"));
    assertEquals("urn:ietf:wg:oauth:2.0:oob", app.getString("redirect_uri"));

    JsonObject appToken = plutro.postForm("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "scope", "read write")).json();
    assertEquals("Bearer", appToken.getString("token_type"));
    assertEquals("read write", appToken.getString("scope"));

    Reply created = plutro.postForm("/api/v1/accounts", Map.of("username", "Margarethe",
            "email", "m@example.org", "password", "correct horse battery", "agreement", "true",
            "locale", "de"),
        "Authorization", "Bearer " + appToken.getString("access_token"));
    assertEquals(200, created.status(), created.body());
    String token = created.json().getString("access_token");
    assertTrue(created.json().getLong("created_at") > 0);

    // As Mastodon's: until she opens the link mailed to her, the token acts for nothing, and
    // shows her account only to an app that asks for it knowingly.
    Reply unconfirmed = plutro.getWithToken("/api/v1/accounts/verify_credentials", token);
    assertEquals(403, unconfirmed.status(), unconfirmed.body());
    assertEquals("Your login is missing a confirmed e-mail address", unconfirmed.json().getString("error"));
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials?allow_nonfunctional=true",
        token).status());
    assertEquals("false", plutro.getWithToken("/api/v1/emails/check_confirmation", token).body());
    plutro.confirm("Margarethe");
    // The change reaches the token checks by the database's announcement.
    Eventually.within10s("the token acts once she is confirmed", () ->
        plutro.getWithToken("/api/v1/accounts/verify_credentials", token).status() == 200);
    assertEquals("true", plutro.getWithToken("/api/v1/emails/check_confirmation", token).body());

    Reply me = plutro.getWithToken("/api/v1/accounts/verify_credentials", token);
    assertEquals(200, me.status(), me.body());
    JsonObject account = me.json();
    assertEquals("Margarethe", account.getString("username"));
    assertEquals("Margarethe", account.getString("acct"));
    assertEquals("", account.getString("display_name"), "the username need not be the real name");
    assertEquals(plutro.base() + "/users/Margarethe", account.getString("uri"));
    assertEquals(plutro.base() + "/@Margarethe", account.getString("url"));
    assertTrue(account.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT00:00:00\\.000Z"));
    assertEquals("public", account.getJsonObject("source").getString("privacy"));
    assertTrue(account.getString("avatar").startsWith("http"));
    assertEquals(200, plutro.get(account.getString("avatar")).status());

    // Scripts sign in with the password grant, by email or username.
    Reply password = plutro.postForm("/oauth/token", Map.of("grant_type", "password",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "username", "margarethe", "password", "correct horse battery", "scope", "read"));
    assertEquals(200, password.status(), password.body());
    String scriptToken = password.json().getString("access_token");
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", scriptToken).status());

    // Revoked tokens stop working; revoking again is harmless.
    Map<String, String> revoke = Map.of("token", scriptToken, "client_id",
        app.getString("client_id"), "client_secret", app.getString("client_secret"));
    assertEquals(200, plutro.postForm("/oauth/revoke", revoke).status());
    assertEquals(401, plutro.getWithToken("/api/v1/accounts/verify_credentials", scriptToken).status());
    assertEquals(200, plutro.postForm("/oauth/revoke", revoke).status());
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", token).status());
  }

  @Test
  void eachBadInputIs422WithMastodonsDetailsAndNothingIsStored() {
    plutro.register("taken_name");
    long before = members();
    assertInvalid(valid("TAKEN_NAME").put("email", "other@example.org"), "username", "ERR_TAKEN");
    assertInvalid(valid("fresh").put("email", "TAKEN_NAME@example.org"), "email", "ERR_TAKEN");
    assertInvalid(valid("fresh").put("email", "not-an-email"), "email", "ERR_INVALID");
    assertInvalid(valid("fresh").put("email", "a@b"), "email", "ERR_INVALID");
    assertInvalid(valid("fresh").put("password", "short"), "password", "ERR_TOO_SHORT");
    assertInvalid(valid("fresh").put("password", "x".repeat(73)), "password", "ERR_TOO_LONG");
    assertInvalid(valid("fresh").putNull("password"), "password", "ERR_BLANK");
    assertInvalid(valid("fresh").put("agreement", false), "agreement", "ERR_ACCEPTED");
    assertInvalid(valid("").put("email", "e@example.org"), "username", "ERR_BLANK");
    assertInvalid(valid("bad-name"), "username", "ERR_INVALID");
    assertInvalid(valid("dots.in.name"), "username", "ERR_INVALID");
    assertInvalid(valid("x".repeat(31)), "username", "ERR_TOO_LONG");
    assertInvalid(valid("admin"), "username", "ERR_RESERVED");
    assertInvalid(valid("Postmaster"), "username", "ERR_RESERVED");
    assertInvalid(valid("fresh").put("locale", "<script>"), "locale", "ERR_INCLUSION");
    assertEquals(before, members(), "no bad request stored a member");
    assertEquals(404, plutro.get("/users/fresh", "Accept", "application/activity+json").status());
  }

  @Test
  void thirtyCharactersAndUnderscoresAreFine() {
    assertEquals(200, register(valid("a_" + "b".repeat(28))).status());
  }

  @Test
  void malformedJsonIs400AndStoresNothing() {
    long before = members();
    Reply reply = plutro.postRaw("/api/v1/accounts", "application/json",
        "{\"username\": \"half".getBytes(), "Authorization", "Bearer " + plutro.app().appToken());
    assertEquals(400, reply.status());
    assertNotNull(reply.json().getString("error"));
    Reply array = plutro.postRaw("/api/v1/accounts", "application/json", "[1,2]".getBytes(),
        "Authorization", "Bearer " + plutro.app().appToken());
    assertEquals(400, array.status());
    assertEquals(before, members());
  }

  @Test
  void registrationNeedsAnAppTokenWithWriteScope() {
    assertEquals(401, plutro.postJson("/api/v1/accounts", valid("nobody")).status());
    assertEquals(401, plutro.postJson("/api/v1/accounts", valid("nobody"),
        "Authorization", "Bearer forged").status());
    JsonObject app = plutro.postForm("/api/v1/apps", Map.of("client_name", "reader",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read")).json();
    String readOnly = plutro.postForm("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret")))
        .json().getString("access_token");
    Reply refused = plutro.postJson("/api/v1/accounts", valid("nobody"),
        "Authorization", "Bearer " + readOnly);
    assertEquals(403, refused.status());
    assertEquals("This action is outside the authorized scopes", refused.json().getString("error"));
    // An app token is not a member: verify_credentials needs a member.
    assertEquals(422, plutro.getWithToken("/api/v1/accounts/verify_credentials",
        plutro.app().appToken()).status());
  }

  @Test
  void oauthErrorsUseOAuthShapes() {
    var app = plutro.app();
    Reply wrongSecret = plutro.postForm("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", app.clientId(), "client_secret", "wrong"));
    assertEquals(401, wrongSecret.status());
    assertEquals("invalid_client", wrongSecret.json().getString("error"));
    Reply badGrant = plutro.postForm("/oauth/token", Map.of("grant_type", "telepathy",
        "client_id", app.clientId(), "client_secret", app.clientSecret()));
    assertEquals(400, badGrant.status());
    assertEquals("unsupported_grant_type", badGrant.json().getString("error"));
    Reply wideScope = plutro.postForm("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", app.clientId(), "client_secret", app.clientSecret(), "scope", "admin:write"));
    assertEquals(400, wideScope.status());
    assertEquals("invalid_scope", wideScope.json().getString("error"));
    plutro.register("pat");
    Reply wrongPassword = plutro.postForm("/oauth/token", Map.of("grant_type", "password",
        "client_id", app.clientId(), "client_secret", app.clientSecret(), "username", "pat",
        "password", "not the password"));
    assertEquals(400, wrongPassword.status());
    assertEquals("invalid_grant", wrongPassword.json().getString("error"));
    Reply badApp = plutro.postForm("/api/v1/apps", Map.of("client_name", "x",
        "redirect_uris", "not a uri", "scopes", "read telepathy"));
    assertEquals(422, badApp.status());
    assertTrue(badApp.json().getJsonObject("details").containsKey("redirect_uri"));
    assertTrue(badApp.json().getJsonObject("details").containsKey("scopes"));
  }

  @Test
  void closedRegistrationsAre403AndStoreNothing() {
    try (TestInstance closed = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "closed"))) {
      Reply reply = closed.postJson("/api/v1/accounts", valid("hopeful"),
          "Authorization", "Bearer " + closed.app().appToken());
      assertEquals(403, reply.status());
      assertFalse(closed.get("/nodeinfo/2.0").json().getBoolean("openRegistrations"));
      assertEquals(0L, closed.get("/nodeinfo/2.0").json().getJsonObject("usage")
          .getJsonObject("users").getLong("total"));
    }
  }

  @Test
  void errorsAreJsonNeverStackTraces() {
    Reply missing = plutro.get("/no/such/route");
    assertEquals(404, missing.status());
    assertTrue(missing.header("Content-Type").startsWith("application/json"));
    assertNotNull(missing.json().getString("error"));
    Reply huge = plutro.postRaw("/api/v1/accounts", "application/json", new byte[2 * 1024 * 1024],
        "Authorization", "Bearer " + plutro.app().appToken());
    assertEquals(413, huge.status());
    assertEquals(404, plutro.get("/api/v1/accounts/not-a-number").status());
  }

  private static void assertInvalid(JsonObject body, String field, String code) {
    Reply reply = register(body);
    assertEquals(422, reply.status(), reply.body());
    JsonObject json = reply.json();
    assertTrue(json.getString("error").startsWith("Validation failed: "), json.encode());
    assertEquals(code, json.getJsonObject("details").getJsonArray(field).getJsonObject(0)
        .getString("error"), json.encode());
  }
}
