package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;

/** With registrations = invite, an invite code from the command line lets exactly its uses in. */
class InviteRegistrationTest {
  @Test
  void anInviteLetsItsUsesInAndNobodyElse() {
    try (TestInstance plutro = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "invite"))) {
      String token = plutro.app().appToken();
      JsonObject body = new JsonObject().put("username", "invited").put("email", "i@example.org")
          .put("password", "a long password").put("agreement", true);

      assertEquals(403, plutro.postJson("/api/v1/accounts", body, "Authorization", "Bearer " + token).status());
      Reply bogus = plutro.postJson("/api/v1/accounts", body.copy().put("invite_code", "nope"),
          "Authorization", "Bearer " + token);
      assertEquals(422, bogus.status());
      assertEquals("ERR_INVALID", bogus.json().getJsonObject("details").getJsonArray("invite_code")
          .getJsonObject(0).getString("error"));

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code = AdminCommand.run(plutro.settings(), List.of("invite", "create", "--max-uses", "1"),
          new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
      assertEquals(0, code);
      Matcher matcher = Pattern.compile("Invite code (\\S+),").matcher(out.toString(StandardCharsets.UTF_8));
      assertTrue(matcher.find(), out.toString(StandardCharsets.UTF_8));
      String invite = matcher.group(1);

      assertEquals(200, plutro.postJson("/api/v1/accounts", body.copy().put("invite_code", invite),
          "Authorization", "Bearer " + token).status());
      Reply usedUp = plutro.postJson("/api/v1/accounts", body.copy().put("username", "second")
          .put("email", "s@example.org").put("invite_code", invite), "Authorization", "Bearer " + token);
      assertEquals(422, usedUp.status(), "a one-use invite is used up");
      assertEquals(404, plutro.get("/users/second", "Accept", "application/activity+json").status(),
          "and the refused registration stored nothing");
      assertFalse(plutro.get("/nodeinfo/2.1").json().getBoolean("openRegistrations"));
    }
  }
}
