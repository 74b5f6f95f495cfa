package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * Mastodon's admin API for accounts across two Plutros: listing, and each action with its visible
 * effect and its undoing — disable, silence, sensitive, suspend of a member (which the other server
 * learns) and of a remote account (whose follows are rejected and deliveries dropped).
 */
class AdminAccountsTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();
  static String admin;

  @BeforeAll
  static void start() {
    admin = ReportsTest.adminToken(net.a(), "amod");
  }

  static Reply act(String accountId, String path, Map<String, String> form) {
    return net.a().postForm("/api/v1/admin/accounts/" + accountId + path, form, "Authorization", "Bearer " + admin);
  }

  static JsonObject post(TestInstance on, Member member, String text) {
    Reply posted = on.postForm("/api/v1/statuses", Map.of("status", text), "Authorization", "Bearer " + member.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json();
  }

  static boolean inPublicTimeline(String statusId, String token) {
    JsonArray timeline = token == null ? net.a().get("/api/v1/timelines/public?local=true").array()
        : net.a().getWithToken("/api/v1/timelines/public?local=true", token).array();
    return timeline.stream().anyMatch(s -> statusId.equals(((JsonObject) s).getString("id")));
  }

  static boolean inHome(String statusId, String token) {
    return net.a().getWithToken("/api/v1/timelines/home", token).array().stream()
        .anyMatch(s -> statusId.equals(((JsonObject) s).getString("id")));
  }

  static boolean notifiedBy(String accountId, String token) {
    return net.a().getWithToken("/api/v1/notifications", token).array().stream()
        .anyMatch(n -> accountId.equals(((JsonObject) n).getJsonObject("account").getString("id")));
  }

  static Reply signIn(String username) {
    return net.a().postForm("/oauth/token", Map.of("grant_type", "password", "client_id", net.a().app().clientId(),
        "client_secret", net.a().app().clientSecret(), "username", username, "password", "a long password", "scope", "read"));
  }

  static Set<String> ids(JsonArray accounts) {
    return accounts.stream().map(e -> ((JsonObject) e).getString("id")).collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void listingAndTheEntityAreMastodons() {
    Member zoe = net.a().register("zoe");
    assertEquals(403, net.a().getWithToken("/api/v1/admin/accounts", zoe.token()).status(), "members are not moderators");
    Reply listed = net.a().getWithToken("/api/v1/admin/accounts?local=true&username=zoe", admin);
    assertEquals(200, listed.status(), listed.body());
    JsonObject entity = listed.array().getJsonObject(0);
    assertEquals(Set.of("id", "username", "domain", "created_at", "email", "ip", "ips", "locale", "invite_request",
        "role", "confirmed", "approved", "disabled", "silenced", "sensitized", "suspended", "account"), entity.fieldNames());
    assertEquals("zoe@example.org", entity.getString("email"));
    assertEquals(zoe.id(), entity.getJsonObject("account").getString("id"));
    assertEquals(1, net.a().getWithToken("/api/v2/admin/accounts?origin=local&username=zoe", admin).array().size());
    assertEquals(0, net.a().getWithToken("/api/v1/admin/accounts?remote=true&username=zoe", admin).array().size());
    assertEquals(0, net.a().getWithToken("/api/v1/admin/accounts?pending=true&username=zoe", admin).array().size(),
        "no one waits for approval here");
    assertEquals(0, net.a().getWithToken("/api/v2/admin/accounts?status=pending&username=zoe", admin).array().size());
    net.a().sql("INSERT INTO sign_ins (account_id, address, method) VALUES ($1, '203.0.113.7', 'password')",
        Long.parseLong(zoe.id()));
    assertEquals(Set.of(zoe.id()), ids(net.a().getWithToken("/api/v1/admin/accounts?ip=203.0.113.7", admin).array()));
    assertEquals(Set.of(zoe.id()), ids(net.a().getWithToken("/api/v2/admin/accounts?ip=203.0.113.0/24", admin).array()));
    assertEquals(Set.of(), ids(net.a().getWithToken("/api/v1/admin/accounts?ip=198.51.100.7", admin).array()));
    assertEquals("203.0.113.7", net.a().getWithToken("/api/v1/admin/accounts/" + zoe.id(), admin).json().getString("ip"));
    assertEquals(422, net.a().getWithToken("/api/v1/admin/accounts?ip=not-an-address", admin).status());
    assertEquals(404, net.a().getWithToken("/api/v1/admin/accounts/99999", admin).status());
    Reply bad = act(zoe.id(), "/action", Map.of("type", "obliterate"));
    assertEquals(422, bad.status(), bad.body());
    assertEquals(403, net.a().postForm("/api/v1/admin/accounts/" + zoe.id() + "/action", Map.of("type", "suspend"),
        "Authorization", "Bearer " + zoe.token()).status());
    assertEquals(404, act(zoe.id(), "/action", Map.of("type", "suspend", "report_id", "99999")).status(),
        "an unknown report");
    JsonObject unchanged = net.a().getWithToken("/api/v1/admin/accounts/" + zoe.id(), admin).json();
    assertEquals(false, unchanged.getBoolean("suspended"));
    assertEquals(200, net.a().getWithToken("/api/v1/accounts/verify_credentials", zoe.token()).status());
  }

  @Test
  void disableSilenceAndSensitiveEachTakeEffectAndAreUndone() {
    Member dora = net.a().register("dora");
    Member fan = net.a().register("fan");
    Member passer = net.a().register("passer");
    assertEquals(200, net.a().postForm("/api/v1/accounts/" + dora.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + fan.token()).status());

    assertEquals(true, act(dora.id(), "/action", Map.of("type", "disable")).json().getBoolean("disabled"));
    assertEquals(401, net.a().getWithToken("/api/v1/accounts/verify_credentials", dora.token()).status());
    assertEquals(400, signIn("dora").status(), "nor can she sign in");
    assertEquals(false, act(dora.id(), "/enable", Map.of()).json().getBoolean("disabled"));
    assertEquals(200, net.a().getWithToken("/api/v1/accounts/verify_credentials", dora.token()).status());
    assertEquals(200, signIn("dora").status());

    assertEquals(true, act(dora.id(), "/action", Map.of("type", "silence")).json().getBoolean("silenced"));
    String quiet = post(net.a(), dora, "a limited voice").getString("id");
    assertTrue(!inPublicTimeline(quiet, null), "not for visitors");
    assertTrue(!inPublicTimeline(quiet, passer.token()), "not for those who do not follow her");
    assertTrue(inPublicTimeline(quiet, fan.token()), "her followers still see her");
    assertEquals(true, net.a().get("/api/v1/accounts/" + dora.id()).json().getBoolean("limited"));
    String passersPost = post(net.a(), passer, "a stranger's words").getString("id");
    String fansPost = post(net.a(), fan, "a follower's words").getString("id");
    for (String liked : new String[] {passersPost, fansPost}) {
      assertEquals(200, net.a().postForm("/api/v1/statuses/" + liked + "/favourite", Map.of(),
          "Authorization", "Bearer " + dora.token()).status());
    }
    assertTrue(!notifiedBy(dora.id(), passer.token()), "as Mastodon: no notifications from her to strangers");
    assertTrue(notifiedBy(dora.id(), fan.token()), "but her followers still hear from her");
    act(dora.id(), "/unsilence", Map.of());
    assertTrue(inPublicTimeline(quiet, passer.token()));
    assertTrue(notifiedBy(dora.id(), passer.token()));

    String before = post(net.a(), dora, "said before the warning").getString("id");
    act(dora.id(), "/action", Map.of("type", "sensitive"));
    assertEquals(true, post(net.a(), dora, "now behind a warning").getBoolean("sensitive"));
    assertEquals(true, net.a().getWithToken("/api/v1/statuses/" + before, passer.token()).json().getBoolean("sensitive"),
        "as Mastodon: her earlier posts too, for everyone else");
    assertEquals(true, net.a().get("/api/v1/statuses/" + before).json().getBoolean("sensitive"));
    assertEquals(false, net.a().getWithToken("/api/v1/statuses/" + before, dora.token()).json().getBoolean("sensitive"),
        "she sees her own as she wrote them");
    assertEquals(false, act(dora.id(), "/unsensitive", Map.of()).json().getBoolean("sensitized"));
    assertEquals(false, net.a().getWithToken("/api/v1/statuses/" + before, passer.token()).json().getBoolean("sensitive"));
    assertEquals(false, post(net.a(), dora, "and out again").getBoolean("sensitive"));

    // The same from the command line.
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(printed, true);
    assertEquals(0, org.plutro.server.cli.AdminCommand.run(net.a().settings(),
        java.util.List.of("account", "silence", "--account", "dora"), out, out), printed.toString());
    assertTrue(printed.toString().contains("silenced"), printed.toString());
    assertEquals(true, net.a().getWithToken("/api/v1/admin/accounts/" + dora.id(), admin).json().getBoolean("silenced"));
    assertEquals(0, org.plutro.server.cli.AdminCommand.run(net.a().settings(),
        java.util.List.of("account", "unsilence", "--account", "@dora"), out, out));
    assertEquals(false, net.a().getWithToken("/api/v1/admin/accounts/" + dora.id(), admin).json().getBoolean("silenced"));
    assertEquals(1, org.plutro.server.cli.AdminCommand.run(net.a().settings(),
        java.util.List.of("account", "suspend", "--account", "nobody"), out, out), "no such account");
    assertEquals(2, org.plutro.server.cli.AdminCommand.run(net.a().settings(),
        java.util.List.of("account", "suspend"), out, out), "which account?");
  }

  @Test
  void aSuspendedMemberDisappearsHereAndOnTheServersHoldingHerProfile() {
    Member sue = net.a().register("sue");
    Member bob = net.b().register("bob");
    net.a().sql("UPDATE accounts SET display_name = 'Sue Storm' WHERE id = $1", Long.parseLong(sue.id()));
    String sueOnB = TwoInstancesTest.resolve(net.b(), bob, net.a(), "sue");
    assertEquals(200, net.b().postForm("/api/v1/accounts/" + sueOnB + "/follow", Map.of(),
        "Authorization", "Bearer " + bob.token()).status());
    Eventually.within10s("bob follows sue", () ->
        net.a().get("/api/v1/accounts/" + sue.id()).json().getLong("followers_count") == 1L);
    Member neighbour = net.a().register("neighbour");
    assertEquals(200, net.a().postForm("/api/v1/accounts/" + sue.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + neighbour.token()).status());
    JsonObject status = post(net.a(), sue, "soon gone");
    assertTrue(inHome(status.getString("id"), neighbour.token()));
    Reply reported = net.a().postForm("/api/v1/reports", Map.of("account_id", sue.id(), "comment", "spam"),
        "Authorization", "Bearer " + neighbour.token());
    assertEquals(200, reported.status(), reported.body());
    String reportId = reported.json().getString("id");

    JsonObject suspended = act(sue.id(), "/action", Map.of("type", "suspend", "report_id", reportId,
        "text", "spam")).json();
    assertEquals(true, suspended.getBoolean("suspended"));
    assertEquals(true, net.a().getWithToken("/api/v1/admin/reports/" + reportId, admin).json().getBoolean("action_taken"),
        "the report it answers is resolved");
    assertEquals(1, net.a().count("SELECT count(*) FROM admin_action_logs WHERE action = 'suspend' AND target_type = 'Account'"
        + " AND target_id = '" + sue.id() + "' AND target_label = '@sue' AND note = 'spam' AND by_name = '@amod'"),
        "the audit log says who suspended her and why");
    assertEquals(1, net.a().count("SELECT count(*) FROM admin_action_logs WHERE action = 'resolve' AND target_type = 'Report'"
        + " AND target_id = '" + reportId + "'"), "and that the report was resolved with it");
    assertTrue(!inHome(status.getString("id"), neighbour.token()), "her posts leave her followers' homes");
    assertEquals(401, net.a().getWithToken("/api/v1/accounts/verify_credentials", sue.token()).status());
    assertEquals(404, net.a().get("/api/v1/statuses/" + status.getString("id")).status());
    assertEquals(404, net.a().get(status.getString("uri").substring(net.a().base().length()), "Accept", "application/activity+json")
        .status());
    JsonObject account = net.a().get("/api/v1/accounts/" + sue.id()).json();
    assertEquals(true, account.getBoolean("suspended"));
    assertEquals("", account.getString("display_name"));
    assertEquals(0, net.a().get("/api/v1/accounts/" + sue.id() + "/statuses").array().size());
    JsonObject actor = net.a().get("/users/sue", "Accept", "application/activity+json").json();
    assertEquals(true, actor.getBoolean("suspended"));
    Eventually.within10s("bob's server learns of it and shows nothing of her", () ->
        net.b().getWithToken("/api/v1/accounts/" + sueOnB, bob.token()).json().getString("display_name").isEmpty());

    act(sue.id(), "/unsuspend", Map.of());
    assertEquals(1, net.a().count("SELECT count(*) FROM admin_action_logs WHERE action = 'unsuspend' AND target_id = '"
        + sue.id() + "'"));
    assertEquals(200, net.a().getWithToken("/api/v1/accounts/verify_credentials", sue.token()).status());
    assertEquals(200, net.a().get("/api/v1/statuses/" + status.getString("id")).status());
    assertTrue(inHome(status.getString("id"), neighbour.token()), "and come back to them (Mastodon merges them again)");
    Eventually.within10s("bob's server sees her again", () ->
        "Sue Storm".equals(net.b().getWithToken("/api/v1/accounts/" + sueOnB, bob.token()).json().getString("display_name")));
  }

  @Test
  void aSuspendedRemoteAccountIsRefusedAndItsFollowsRejected() {
    Member amy = net.a().register("amy");
    Member rex = net.b().register("rex");
    String rexOnA = TwoInstancesTest.resolve(net.a(), amy, net.b(), "rex");
    String amyOnB = TwoInstancesTest.resolve(net.b(), rex, net.a(), "amy");
    assertEquals(200, net.a().postForm("/api/v1/accounts/" + rexOnA + "/follow", Map.of(),
        "Authorization", "Bearer " + amy.token()).status());
    assertEquals(200, net.b().postForm("/api/v1/accounts/" + amyOnB + "/follow", Map.of(),
        "Authorization", "Bearer " + rex.token()).status());
    Eventually.within10s("they follow each other", () ->
        net.a().get("/api/v1/accounts/" + amy.id()).json().getLong("followers_count") == 1L
        && net.b().get("/api/v1/accounts/" + rex.id()).json().getLong("followers_count") == 1L);
    assertEquals(422, act(rexOnA, "/action", Map.of("type", "disable")).status(),
        "only members of this server can be disabled");

    assertEquals(true, act(rexOnA, "/action", Map.of("type", "suspend")).json().getBoolean("suspended"));
    assertEquals(0L, net.a().get("/api/v1/accounts/" + amy.id()).json().getLong("followers_count"));
    Eventually.within10s("rex's server hears the follow was rejected", () ->
        net.b().get("/api/v1/accounts/" + rex.id()).json().getLong("following_count") == 0L);
    JsonObject after = post(net.b(), rex, "do you hear me");
    String activity = after.getString("uri") + "/activity";
    Eventually.within10s("a received it and its job ran", () ->
        net.a().count("SELECT count(*) FROM inbox_seen WHERE uri = $1", activity) == 1L
        && net.a().count("SELECT count(*) FROM jobs WHERE kind = 'inbox'") == 0L);
    assertEquals(0L, net.a().count("SELECT count(*) FROM statuses WHERE uri = $1", after.getString("uri")),
        "nothing a suspended account sends is kept");

    // What rex changed meanwhile reaches a when he is unsuspended: a fetches him again (as Mastodon).
    net.b().sql("UPDATE accounts SET display_name = 'Rex Reborn' WHERE id = $1", Long.parseLong(rex.id()));
    assertEquals(false, act(rexOnA, "/unsuspend", Map.of()).json().getBoolean("suspended"));
    Eventually.within10s("a refetched rex", () ->
        "Rex Reborn".equals(net.a().get("/api/v1/accounts/" + rexOnA).json().getString("display_name")));
  }
}
