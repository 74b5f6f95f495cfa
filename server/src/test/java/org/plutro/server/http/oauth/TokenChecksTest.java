package org.plutro.server.http.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.TestDatabase;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Token checks are kept by each process, and forgotten everywhere as soon as the database says the
 * answer changed: however it changed (here, straight in SQL, as another process or an operator
 * would), a second process sharing the database refuses the token within moments.
 */
class TokenChecksTest {
  static TestInstance plutro;
  static TestInstance second;

  @BeforeAll
  static void start() {
    String database = TestDatabase.newDatabaseUrl();
    int port = TestInstance.freePort();
    String publicUrl = "http://127.0.0.1:" + port;
    plutro = TestInstance.start(Map.of("PLUTRO_DATABASE_URL", database, "PLUTRO_PUBLIC_URL", publicUrl,
        "PLUTRO_HTTP_PORT", Integer.toString(port)));
    second = TestInstance.start(Map.of("PLUTRO_DATABASE_URL", database, "PLUTRO_PUBLIC_URL", publicUrl));
  }

  @AfterAll
  static void stop() {
    second.close();
    plutro.close();
  }

  static int verify(TestInstance on, Member member) {
    return on.getWithToken("/api/v1/accounts/verify_credentials", member.token()).status();
  }

  /** The second process refuses the token within five seconds. */
  static void refusedSoon(Member member) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (verify(second, member) == 401) {
        return;
      }
      Thread.sleep(50);
    }
    fail("the second process still accepts " + member.username() + "'s token");
  }

  @Test
  void aRevokedTokenIsRefusedByEveryProcess() throws InterruptedException {
    Member ann = plutro.register("checkann");
    assertEquals(200, verify(second, ann), "checked, and kept");
    assertEquals(200, verify(second, ann));
    plutro.sql("UPDATE oauth_tokens SET revoked_at = now() WHERE account_id = $1", Long.parseLong(ann.id()));
    refusedSoon(ann);
    assertEquals(401, verify(plutro, ann));
  }

  @Test
  void aSuspendedOrDisabledMembersTokenIsRefusedByEveryProcess() throws InterruptedException {
    Member bea = plutro.register("checkbea");
    Member cal = plutro.register("checkcal");
    assertEquals(200, verify(second, bea));
    assertEquals(200, verify(second, cal));
    plutro.sql("UPDATE accounts SET suspended_at = now() WHERE id = $1", Long.parseLong(bea.id()));
    plutro.sql("UPDATE users SET disabled = true WHERE account_id = $1", Long.parseLong(cal.id()));
    refusedSoon(bea);
    refusedSoon(cal);
  }

  @Test
  void aDeletedTokenIsRefusedByTheProcessThatCheckedIt() throws InterruptedException {
    Member dan = plutro.register("checkdan");
    assertEquals(200, verify(second, dan));
    // Deleted behind the servers' backs (as closing an account's purge does): the notice tells them.
    plutro.sql("DELETE FROM oauth_tokens WHERE account_id = $1", Long.parseLong(dan.id()));
    refusedSoon(dan);
  }
}
