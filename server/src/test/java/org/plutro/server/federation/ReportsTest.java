package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * Reports: a member reports an account to this server's moderators, forwarded to a remote
 * account's server as a Flag from the instance actor, where it lands in that server's queue;
 * admins list, resolve, reopen and assign them; bad input changes nothing.
 */
class ReportsTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static String adminToken(TestInstance on, String username) {
    JsonObject app = on.postForm("/api/v1/apps", Map.of("client_name", "moderation",
        "redirect_uris", "urn:ietf:wg:oauth:2.0:oob", "scopes", "read write admin:read admin:write")).json();
    String appToken = on.postForm("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", app.getString("client_id"), "client_secret", app.getString("client_secret"),
        "scope", "read write admin:read admin:write")).json().getString("access_token");
    Reply registered = on.postJson("/api/v1/accounts", new JsonObject().put("username", username)
        .put("email", username + "@example.org").put("password", "a long password").put("agreement", true),
        "Authorization", "Bearer " + appToken);
    assertEquals(200, registered.status(), registered.body());
    on.sql("UPDATE users SET role = 'admin', confirmed_at = now() WHERE account_id = (SELECT id FROM accounts"
        + " WHERE username = $1 AND domain IS NULL)", username);
    return registered.json().getString("access_token");
  }

  static Reply report(Member reporter, Map<String, String> form) {
    return net.a().postForm("/api/v1/reports", form, "Authorization", "Bearer " + reporter.token());
  }

  @Test
  void aForwardedReportReachesTheRemoteModeratorsAsAFlag() {
    Member ann = net.a().register("ann");
    Member rob = net.b().register("rob");
    String bAdmin = adminToken(net.b(), "bmod");
    String robsPost = net.b().postForm("/api/v1/statuses", Map.of("status", "spam spam spam"),
        "Authorization", "Bearer " + rob.token()).json().getString("uri");
    String robOnA = TwoInstancesTest.resolve(net.a(), ann, net.b(), "rob");
    String postOnA = net.a().getWithToken("/api/v2/search?resolve=true&type=statuses&q=" + robsPost, ann.token())
        .json().getJsonArray("statuses").getJsonObject(0).getString("id");

    Reply reported = report(ann, Map.of("account_id", robOnA, "status_ids[]", postOnA,
        "comment", "selling things", "forward", "true", "category", "spam"));
    assertEquals(200, reported.status(), reported.body());
    JsonObject entity = reported.json();
    assertEquals("spam", entity.getString("category"));
    assertEquals(true, entity.getBoolean("forwarded"));
    assertEquals(new JsonArray().add(postOnA), entity.getJsonArray("status_ids"));
    assertEquals(robOnA, entity.getJsonObject("target_account").getString("id"));

    Eventually.within10s("rob's server has the report", () ->
        net.b().getWithToken("/api/v1/admin/reports", bAdmin).array().size() == 1);
    JsonObject there = net.b().getWithToken("/api/v1/admin/reports", bAdmin).array().getJsonObject(0);
    assertEquals("selling things", there.getString("comment"));
    assertEquals(rob.id(), there.getJsonObject("target_account").getString("id"));
    assertEquals(net.a().authority(), there.getJsonObject("account").getString("domain"),
        "from the reporting server, never naming the member");
    assertEquals(1, there.getJsonArray("statuses").size(), "with the reported post");
  }

  @Test
  void adminsWorkTheQueueAndOthersCannot() {
    Member cat = net.a().register("cat");
    Member dan = net.a().register("dan");
    String aAdmin = adminToken(net.a(), "amod");
    Reply reported = report(cat, Map.of("account_id", dan.id(), "comment", "rude"));
    assertEquals(200, reported.status(), reported.body());
    assertEquals(false, reported.json().getBoolean("forwarded"), "local accounts are not forwarded");
    String id = reported.json().getString("id");

    JsonArray open = net.a().getWithToken("/api/v1/admin/reports", aAdmin).array();
    assertTrue(open.stream().anyMatch(r -> id.equals(((JsonObject) r).getString("id"))));
    Reply resolved = net.a().postForm("/api/v1/admin/reports/" + id + "/resolve", Map.of(), "Authorization", "Bearer " + aAdmin);
    assertEquals(200, resolved.status(), resolved.body());
    assertTrue(resolved.json().getBoolean("action_taken"));
    assertTrue(net.a().getWithToken("/api/v1/admin/reports", aAdmin).array().stream()
        .noneMatch(r -> id.equals(((JsonObject) r).getString("id"))), "resolved ones leave the queue");
    assertEquals(1, net.a().getWithToken("/api/v1/admin/reports?resolved=true", aAdmin).array().size());
    JsonObject assigned = net.a().postForm("/api/v1/admin/reports/" + id + "/assign_to_self", Map.of(),
        "Authorization", "Bearer " + aAdmin).json();
    assertEquals("amod", assigned.getJsonObject("assigned_account").getString("username"));
    JsonObject reopened = net.a().postForm("/api/v1/admin/reports/" + id + "/reopen", Map.of(),
        "Authorization", "Bearer " + aAdmin).json();
    assertNull(reopened.getValue("action_taken_at"));

    // The same queue from the command line.
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(printed, true);
    assertEquals(0, org.plutro.server.cli.AdminCommand.run(net.a().settings(), java.util.List.of("report", "list"), out, out));
    assertTrue(printed.toString().contains(id) && printed.toString().contains("rude"), printed.toString());
    assertEquals(0, org.plutro.server.cli.AdminCommand.run(net.a().settings(),
        java.util.List.of("report", "resolve", "--id", id), out, out));
    assertTrue(net.a().getWithToken("/api/v1/admin/reports/" + id, aAdmin).json().getBoolean("action_taken"));
    assertEquals(1, org.plutro.server.cli.AdminCommand.run(net.a().settings(),
        java.util.List.of("report", "resolve", "--id", "42"), out, out), "no such report");

    assertEquals(403, net.a().getWithToken("/api/v1/admin/reports", cat.token()).status(), "members are not admins");
    assertEquals(404, net.a().getWithToken("/api/v1/admin/reports/999", aAdmin).status());
  }

  @Test
  void badReportsAreRefusedAndStoreNothing() {
    Member eve = net.a().register("eve");
    Member fay = net.a().register("fay");
    long before = net.a().count("SELECT count(*) FROM reports");
    assertEquals(404, report(eve, Map.of("account_id", "123")).status());
    assertEquals(404, report(eve, Map.of("account_id", "x")).status());
    assertEquals(404, report(eve, Map.of("account_id", eve.id())).status(), "not oneself");
    assertEquals(422, report(eve, Map.of("account_id", fay.id(), "comment", "x".repeat(1001))).status());
    assertEquals(422, report(eve, Map.of("account_id", fay.id(), "category", "boring")).status());
    assertEquals(422, report(eve, Map.of("account_id", fay.id(), "category", "violation")).status(),
        "a violation names a rule");
    assertEquals(422, report(eve, Map.of("account_id", fay.id(), "rule_ids[]", "nope")).status());
    assertEquals(401, net.a().postForm("/api/v1/reports", Map.of("account_id", fay.id())).status());
    assertEquals(before, net.a().count("SELECT count(*) FROM reports"));
  }
}
