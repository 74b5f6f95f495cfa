package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** A closed account's conversations, mutes, domain blocks and privacy choices go with its data. */
class PrivateDataPurgeTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start(Map.of("PLUTRO_CLOSED_ACCOUNT_RETENTION_DAYS", "0"));
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void closingPurgesTheMembersPrivateChoices() {
    Member hana = plutro.register("hana");
    Member ivan = plutro.register("ivan");
    long id = Long.parseLong(hana.id());
    String auth = "Bearer " + hana.token();
    assertEquals(200, plutro.postForm("/api/v1/plutro/settings", Map.of("read_receipts", "true"),
        "Authorization", auth).status());
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + ivan.id() + "/mute", Map.of(),
        "Authorization", auth).status());
    assertEquals(200, plutro.postForm("/api/v1/domain_blocks", Map.of("domain", "spam.example"),
        "Authorization", auth).status());
    assertEquals(200, plutro.postForm("/api/v1/statuses", Map.of("status", "@ivan hi",
        "visibility", "direct"), "Authorization", auth).status());
    String[] tables = {"member_privacy", "mutes", "account_domain_blocks", "account_conversations"};
    for (String table : tables) {
      assertEquals(1L, plutro.count("SELECT count(*) FROM " + table + " WHERE account_id = $1", id), table);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, AdminCommand.run(plutro.settings(), List.of("account", "close", "--username", "hana"),
        new PrintStream(out), new PrintStream(out)), out.toString());
    Eventually.within10s("personal data purged", () -> plutro.count(
        "SELECT count(*) FROM users WHERE account_id = $1", id) == 0);
    for (String table : tables) {
      assertEquals(0L, plutro.count("SELECT count(*) FROM " + table + " WHERE account_id = $1", id), table);
    }
    assertEquals(1L, plutro.count("SELECT count(*) FROM account_conversations WHERE account_id = $1",
        Long.parseLong(ivan.id())), "ivan's own conversation is his");
  }
}
