package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plutro.server.config.Settings;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestDatabase;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** Rate limits hold per address for sign-ups, and across every process on one database. */
class RateLimitTest {
  static Reply signUp(TestInstance plutro, String username, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Authorization";
    all[1] = "Bearer " + plutro.app().appToken();
    System.arraycopy(headers, 0, all, 2, headers.length);
    return plutro.postJson("/api/v1/accounts", new JsonObject().put("username", username)
        .put("email", username + "@example.org").put("password", "a long password")
        .put("agreement", true).put("locale", "en"), all);
  }

  @Test
  void oneAddressMayMakeFiveAccountsInHalfAnHour() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_RATE_LIMIT_SIGN_UPS", "5"))) {
      for (int i = 1; i <= 5; i++) {
        assertEquals(200, signUp(plutro, "member" + i).status());
      }
      Reply refused = signUp(plutro, "member6");
      assertEquals(429, refused.status(), refused.body());
      assertTrue(refused.json().getString("error").contains("sign-ups"), refused.body());
      assertNotNull(refused.header("Retry-After"));
      assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE username = 'member6'"));
      // Behind the proxy, another client's address has sign-ups of its own.
      assertEquals(200, signUp(plutro, "member7", "X-Forwarded-For", "203.0.113.9").status());
      // Other API requests from the address are not counted as sign-ups.
      assertEquals(200, plutro.get("/api/v1/instance").status());
    }
  }

  @Test
  void twoProcessesOnOneDatabaseShareOneLimit() {
    String database = TestDatabase.newDatabaseUrl();
    int port = TestInstance.freePort();
    try (TestInstance a = TestInstance.start(settings(database, port, port));
         TestInstance b = TestInstance.start(settings(database, TestInstance.freePort(), port))) {
      Member nora = a.register("nora");
      String bBase = "http://127.0.0.1:" + b.server().settings().httpPort();
      String key = "api:token:" + java.util.Base64.getEncoder()
          .encodeToString(org.plutro.server.service.Secrets.sha256(nora.token()));
      Reply last = null;
      for (int i = 0; i < 5; i++) {
        last = a.getWithToken("/api/v1/accounts/verify_credentials", nora.token());
        assertEquals(200, last.status());
      }
      int remaining = Integer.parseInt(last.header("X-RateLimit-Remaining"));
      assertTrue(remaining > 1 && remaining < 5, "registering made a request too: " + remaining);
      Eventually.within10s("process A's counts are shared", () -> counted(a, key) == 10 - remaining);
      assertEquals(200, a.getWithToken(bBase + "/api/v1/accounts/verify_credentials", nora.token()).status());
      Eventually.within10s("process B's count is shared", () -> counted(a, key) == 11 - remaining);
      int allowedOnB = 1;
      while (allowedOnB < 20
          && a.getWithToken(bBase + "/api/v1/accounts/verify_credentials", nora.token()).status() == 200) {
        allowedOnB++;
      }
      assertEquals(remaining, allowedOnB, "one limit for both processes, not one each");
    }
  }

  static long counted(TestInstance plutro, String key) {
    return plutro.count("SELECT coalesce(sum(count), 0) FROM rate_limit_counts WHERE key = $1", key);
  }

  static Settings settings(String database, int port, int publicPort) {
    // A day's window: the test cannot straddle two windows unless it runs across midnight UTC.
    return TestInstance.sharing(database, port, publicPort, Map.of("PLUTRO_RATE_LIMIT_REQUESTS", "10",
        "PLUTRO_RATE_LIMIT_PERIOD_SECONDS", "86400"));
  }
}
