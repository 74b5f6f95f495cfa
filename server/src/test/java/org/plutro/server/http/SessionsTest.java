package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** A member sees their sessions (app, device, address, last use) and sign-ins, and revokes any. */
class SessionsTest {
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
  void sessionsAndSignInsAreListedAndASessionCanBeRevoked() throws Exception {
    Member mel = plutro.register("mel");
    JsonObject app = plutro.postForm("/api/v1/apps", Map.of("client_name", "Phone app",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write")).json();
    Reply granted = plutro.postForm("/oauth/token", Map.of("grant_type", "password",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "username", "mel@example.org", "password", "a long password", "scope", "read write"),
        "User-Agent", "PhoneApp/2.1");
    assertEquals(200, granted.status(), granted.body());
    String phone = granted.json().getString("access_token");
    plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/accounts/verify_credentials")).GET(),
        "Authorization", "Bearer " + phone, "User-Agent", "PhoneApp/2.1");

    JsonArray sessions = plutro.getWithToken("/api/v1/plutro/sessions", mel.token()).array();
    assertEquals(2, sessions.size(), sessions.encode());
    JsonObject phoneSession = sessions.stream().map(JsonObject.class::cast)
        .filter(s -> "Phone app".equals(s.getString("app"))).findFirst().orElseThrow();
    assertEquals("PhoneApp/2.1", phoneSession.getString("user_agent"));
    assertEquals("127.0.0.1", phoneSession.getString("ip"));
    assertEquals(false, phoneSession.getBoolean("current"));
    assertTrue(sessions.stream().map(JsonObject.class::cast).anyMatch(s -> s.getBoolean("current")));

    JsonArray history = plutro.getWithToken("/api/v1/plutro/login_history", mel.token()).array();
    assertEquals("password", history.getJsonObject(0).getString("method"));
    assertEquals("PhoneApp/2.1", history.getJsonObject(0).getString("user_agent"));
    assertEquals("127.0.0.1", history.getJsonObject(0).getString("ip"));

    // Revoking the phone's session: its token stops working at once.
    Reply revoked = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/plutro/sessions/"
        + phoneSession.getString("id"))).DELETE(), "Authorization", "Bearer " + mel.token());
    assertEquals(200, revoked.status(), revoked.body());
    assertEquals(401, plutro.getWithToken("/api/v1/accounts/verify_credentials", phone).status());
    assertEquals(1, plutro.getWithToken("/api/v1/plutro/sessions", mel.token()).array().size());
    // Someone else's session, or none: 404, and nothing is revoked.
    Member nia = plutro.register("nia");
    String melsOwn = plutro.getWithToken("/api/v1/plutro/sessions", mel.token()).array().getJsonObject(0).getString("id");
    assertEquals(404, plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/plutro/sessions/"
        + melsOwn)).DELETE(), "Authorization", "Bearer " + nia.token()).status());
    assertEquals(404, plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/plutro/sessions/x"))
        .DELETE(), "Authorization", "Bearer " + nia.token()).status());
    assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials", mel.token()).status());

    // Addresses older than the retention are erased by housekeeping, the rest kept.
    plutro.sql("UPDATE sign_ins SET created_at = now() - interval '15 days' WHERE account_id = $1",
        Long.parseLong(mel.id()));
    plutro.sql("UPDATE oauth_tokens SET last_used_at = now() - interval '15 days' WHERE account_id = $1",
        Long.parseLong(mel.id()));
    org.plutro.server.ServerInternals.runHousekeeping(plutro.server()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertNull(plutro.getWithToken("/api/v1/plutro/login_history", mel.token()).array()
        .getJsonObject(0).getString("ip"));
    assertEquals(0L, plutro.count("SELECT count(*) FROM oauth_tokens WHERE account_id = $1"
        + " AND last_address IS NOT NULL AND last_used_at < now() - interval '14 days'", Long.parseLong(mel.id())));
  }
}
