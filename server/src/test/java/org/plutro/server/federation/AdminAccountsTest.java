package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * Mastodon's admin API for accounts across two Plutros: listing, and each action with its visible
 * effect and its undoing — disable, silence, sensitive, suspend of a member (which the other server
 * learns) and of a remote account (whose follows are rejected and deliveries dropped).
 */
class AdminAccountsTest {
  static TestInstance a;
  static TestInstance b;
  static String admin;

  @BeforeAll
  static void start() {
    a = TestInstance.start();
    b = TestInstance.start();
    admin = ReportsTest.adminToken(a, "amod");
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  static Reply act(String accountId, String path, Map<String, String> form) {
    return a.postForm("/api/v1/admin/accounts/" + accountId + path, form, "Authorization", "Bearer " + admin);
  }

  static JsonObject post(TestInstance on, Member member, String text) {
    Reply posted = on.postForm("/api/v1/statuses", Map.of("status", text), "Authorization", "Bearer " + member.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json();
  }

  static boolean inPublicTimeline(String statusId, String token) {
    JsonArray timeline = token == null ? a.get("/api/v1/timelines/public?local=true").array()
        : a.getWithToken("/api/v1/timelines/public?local=true", token).array();
    return timeline.stream().anyMatch(s -> statusId.equals(((JsonObject) s).getString("id")));
  }

  @Test
  void listingAndTheEntityAreMastodons() {
    Member zoe = a.register("zoe");
    assertEquals(403, a.getWithToken("/api/v1/admin/accounts", zoe.token()).status(), "members are not moderators");
    Reply listed = a.getWithToken("/api/v1/admin/accounts?local=true&username=zoe", admin);
    assertEquals(200, listed.status(), listed.body());
    JsonObject entity = listed.array().getJsonObject(0);
    assertEquals(Set.of("id", "username", "domain", "created_at", "email", "ip", "ips", "locale", "invite_request",
        "role", "confirmed", "approved", "disabled", "silenced", "sensitized", "suspended", "account"), entity.fieldNames());
    assertEquals("zoe@example.org", entity.getString("email"));
    assertEquals(zoe.id(), entity.getJsonObject("account").getString("id"));
    assertEquals(1, a.getWithToken("/api/v2/admin/accounts?origin=local&username=zoe", admin).array().size());
    assertEquals(0, a.getWithToken("/api/v1/admin/accounts?remote=true&username=zoe", admin).array().size());
    assertEquals(404, a.getWithToken("/api/v1/admin/accounts/99999", admin).status());
    Reply bad = act(zoe.id(), "/action", Map.of("type", "obliterate"));
    assertEquals(422, bad.status(), bad.body());
    assertEquals(403, a.postForm("/api/v1/admin/accounts/" + zoe.id() + "/action", Map.of("type", "suspend"),
        "Authorization", "Bearer " + zoe.token()).status());
    JsonObject unchanged = a.getWithToken("/api/v1/admin/accounts/" + zoe.id(), admin).json();
    assertEquals(false, unchanged.getBoolean("suspended"));
    assertEquals(200, a.getWithToken("/api/v1/accounts/verify_credentials", zoe.token()).status());
  }

  @Test
  void disableSilenceAndSensitiveEachTakeEffectAndAreUndone() {
    Member dora = a.register("dora");
    Member fan = a.register("fan");
    Member passer = a.register("passer");
    assertEquals(200, a.postForm("/api/v1/accounts/" + dora.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + fan.token()).status());

    assertEquals(true, act(dora.id(), "/action", Map.of("type", "disable")).json().getBoolean("disabled"));
    assertEquals(401, a.getWithToken("/api/v1/accounts/verify_credentials", dora.token()).status());
    assertEquals(false, act(dora.id(), "/enable", Map.of()).json().getBoolean("disabled"));
    assertEquals(200, a.getWithToken("/api/v1/accounts/verify_credentials", dora.token()).status());

    assertEquals(true, act(dora.id(), "/action", Map.of("type", "silence")).json().getBoolean("silenced"));
    String quiet = post(a, dora, "a limited voice").getString("id");
    assertTrue(!inPublicTimeline(quiet, null), "not for visitors");
    assertTrue(!inPublicTimeline(quiet, passer.token()), "not for those who do not follow her");
    assertTrue(inPublicTimeline(quiet, fan.token()), "her followers still see her");
    assertEquals(true, a.get("/api/v1/accounts/" + dora.id()).json().getBoolean("limited"));
    act(dora.id(), "/unsilence", Map.of());
    assertTrue(inPublicTimeline(quiet, passer.token()));

    act(dora.id(), "/action", Map.of("type", "sensitive"));
    assertEquals(true, post(a, dora, "now behind a warning").getBoolean("sensitive"));
    assertEquals(false, act(dora.id(), "/unsensitive", Map.of()).json().getBoolean("sensitized"));
    assertEquals(false, post(a, dora, "and out again").getBoolean("sensitive"));

    // The same from the command line.
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(printed, true);
    assertEquals(0, org.plutro.server.cli.AdminCommand.run(a.settings(),
        java.util.List.of("account", "silence", "--account", "dora"), out, out), printed.toString());
    assertTrue(printed.toString().contains("silenced"), printed.toString());
    assertEquals(true, a.getWithToken("/api/v1/admin/accounts/" + dora.id(), admin).json().getBoolean("silenced"));
    assertEquals(0, org.plutro.server.cli.AdminCommand.run(a.settings(),
        java.util.List.of("account", "unsilence", "--account", "@dora"), out, out));
    assertEquals(false, a.getWithToken("/api/v1/admin/accounts/" + dora.id(), admin).json().getBoolean("silenced"));
    assertEquals(1, org.plutro.server.cli.AdminCommand.run(a.settings(),
        java.util.List.of("account", "suspend", "--account", "nobody"), out, out), "no such account");
    assertEquals(2, org.plutro.server.cli.AdminCommand.run(a.settings(),
        java.util.List.of("account", "suspend"), out, out), "which account?");
  }

  @Test
  void aSuspendedMemberDisappearsHereAndOnTheServersHoldingHerProfile() {
    Member sue = a.register("sue");
    Member bob = b.register("bob");
    a.sql("UPDATE accounts SET display_name = 'Sue Storm' WHERE id = $1", Long.parseLong(sue.id()));
    String sueOnB = TwoInstancesTest.resolve(b, bob, a, "sue");
    assertEquals(200, b.postForm("/api/v1/accounts/" + sueOnB + "/follow", Map.of(),
        "Authorization", "Bearer " + bob.token()).status());
    Eventually.within10s("bob follows sue", () ->
        a.get("/api/v1/accounts/" + sue.id()).json().getLong("followers_count") == 1L);
    JsonObject status = post(a, sue, "soon gone");

    JsonObject suspended = act(sue.id(), "/action", Map.of("type", "suspend")).json();
    assertEquals(true, suspended.getBoolean("suspended"));
    assertEquals(401, a.getWithToken("/api/v1/accounts/verify_credentials", sue.token()).status());
    assertEquals(404, a.get("/api/v1/statuses/" + status.getString("id")).status());
    assertEquals(404, a.get(status.getString("uri").substring(a.base().length()), "Accept", "application/activity+json")
        .status());
    JsonObject account = a.get("/api/v1/accounts/" + sue.id()).json();
    assertEquals(true, account.getBoolean("suspended"));
    assertEquals("", account.getString("display_name"));
    assertEquals(0, a.get("/api/v1/accounts/" + sue.id() + "/statuses").array().size());
    JsonObject actor = a.get("/users/sue", "Accept", "application/activity+json").json();
    assertEquals(true, actor.getBoolean("suspended"));
    Eventually.within10s("bob's server learns of it and shows nothing of her", () ->
        b.getWithToken("/api/v1/accounts/" + sueOnB, bob.token()).json().getString("display_name").isEmpty());

    act(sue.id(), "/unsuspend", Map.of());
    assertEquals(200, a.getWithToken("/api/v1/accounts/verify_credentials", sue.token()).status());
    assertEquals(200, a.get("/api/v1/statuses/" + status.getString("id")).status());
    Eventually.within10s("bob's server sees her again", () ->
        "Sue Storm".equals(b.getWithToken("/api/v1/accounts/" + sueOnB, bob.token()).json().getString("display_name")));
  }

  @Test
  void aSuspendedRemoteAccountIsRefusedAndItsFollowsRejected() {
    Member amy = a.register("amy");
    Member rex = b.register("rex");
    String rexOnA = TwoInstancesTest.resolve(a, amy, b, "rex");
    String amyOnB = TwoInstancesTest.resolve(b, rex, a, "amy");
    assertEquals(200, a.postForm("/api/v1/accounts/" + rexOnA + "/follow", Map.of(),
        "Authorization", "Bearer " + amy.token()).status());
    assertEquals(200, b.postForm("/api/v1/accounts/" + amyOnB + "/follow", Map.of(),
        "Authorization", "Bearer " + rex.token()).status());
    Eventually.within10s("they follow each other", () ->
        a.get("/api/v1/accounts/" + amy.id()).json().getLong("followers_count") == 1L
        && b.get("/api/v1/accounts/" + rex.id()).json().getLong("followers_count") == 1L);
    assertEquals(false, act(rexOnA, "/action", Map.of("type", "disable")).status() == 200,
        "only members of this server can be disabled");

    assertEquals(true, act(rexOnA, "/action", Map.of("type", "suspend")).json().getBoolean("suspended"));
    assertEquals(0L, a.get("/api/v1/accounts/" + amy.id()).json().getLong("followers_count"));
    Eventually.within10s("rex's server hears the follow was rejected", () ->
        b.get("/api/v1/accounts/" + rex.id()).json().getLong("following_count") == 0L);
    JsonObject after = post(b, rex, "do you hear me");
    String activity = after.getString("uri") + "/activity";
    Eventually.within10s("a received it and its job ran", () ->
        a.count("SELECT count(*) FROM inbox_seen WHERE uri = $1", activity) == 1L
        && a.count("SELECT count(*) FROM jobs WHERE kind = 'inbox'") == 0L);
    assertEquals(0L, a.count("SELECT count(*) FROM statuses WHERE uri = $1", after.getString("uri")),
        "nothing a suspended account sends is kept");
  }
}
