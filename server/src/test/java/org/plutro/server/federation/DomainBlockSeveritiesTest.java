package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plutro.server.media.TestImages;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * The lesser domain-block severities, between two Plutros: a blocks b's domain (host:port) with
 * silence, reject_media and reject_reports, then lowers the block to noop, silences again and
 * lifts it. Silenced, b's accounts (those a held and those it meets later) leave a's public
 * timeline and notify only members who follow them; b's media is neither stored nor linked; b's
 * reports are dropped. Lowering or lifting the block undoes the silence it made, and only that.
 */
class DomainBlockSeveritiesTest {
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  @Test
  void silenceRejectMediaAndRejectReportsActUntilTheBlockIsLoweredOrLifted() {
    Member alice = net.a().register("alice");
    Member carl = net.a().register("carl");
    String admin = ReportsTest.adminToken(net.a(), "amod");
    Member bob = net.b().register("bob");
    Member dee = net.b().register("dee");
    net.b().register("eve");
    setImages(bob);
    setImages(dee);

    // Before the block: alice follows bob, whose avatar and header a links; a moderator of a
    // silences eve by hand.
    String bobOnA = TwoInstancesTest.resolve(net.a(), alice, net.b(), "bob");
    // Shown at a's address (a copy of b's file), never at b's.
    assertTrue(account(bobOnA).getString("avatar").startsWith(net.a().base() + "/media/remote/avatar/"),
        account(bobOnA).encode());
    assertEquals(200, net.a().postForm("/api/v1/accounts/" + bobOnA + "/follow", Map.of(),
        "Authorization", "Bearer " + alice.token()).status());
    Eventually.within10s("alice follows bob", () ->
        TwoInstancesTest.relationship(net.a(), alice, bobOnA).getBoolean("following"));
    String eveOnA = TwoInstancesTest.resolve(net.a(), carl, net.b(), "eve");
    assertEquals(200, net.a().postForm("/api/v1/admin/accounts/" + eveOnA + "/action", Map.of("type", "silence"),
        "Authorization", "Bearer " + admin).status());

    Reply blocked = net.a().postForm("/api/v1/admin/domain_blocks", Map.of("domain", net.b().authority(),
        "severity", "silence", "reject_media", "true", "reject_reports", "true"),
        "Authorization", "Bearer " + admin);
    assertEquals(200, blocked.status(), blocked.body());
    String blockId = blocked.json().getString("id");

    // Silence: the accounts a held are limited at once, one first met later as it is stored.
    assertTrue(limited(bobOnA), "bob is silenced by the block");
    assertTrue(limited(eveOnA));
    String deeOnA = TwoInstancesTest.resolve(net.a(), carl, net.b(), "dee");
    assertTrue(limited(deeOnA), "an account first met under the block is silenced too");

    // reject_media: no avatar or header, those linked before are unlinked.
    for (String id : new String[] {bobOnA, deeOnA}) {
      JsonObject account = account(id);
      assertTrue(account.getString("avatar").endsWith("/avatars/original/missing.png"), account.encode());
      assertTrue(account.getString("header").endsWith("/headers/original/missing.png"), account.encode());
    }
    assertEquals(0L, net.a().count("SELECT count(*) FROM accounts WHERE domain = $1"
        + " AND (avatar_url IS NOT NULL OR header_url IS NOT NULL)", net.b().authority()));

    // bob's public post with an image, mentioning alice: her mention notification is made after
    // the post's attachments would have been stored, so once she has it, none were.
    postWithImage(bob, "@alice@" + net.a().authority() + " quietword with a picture");
    Eventually.within10s("alice, who follows bob, is notified", () -> notifiedBy(bobOnA, alice));
    String quietPost = statusOf(bobOnA, alice);
    assertEquals(0, net.a().getWithToken("/api/v1/statuses/" + quietPost, alice.token()).json()
        .getJsonArray("media_attachments").size(), "reject_media: the attachment is not linked");
    assertEquals(0L, net.a().count("SELECT count(*) FROM media_attachments WHERE account_id = $1",
        Long.parseLong(bobOnA)));
    Eventually.within10s("alice sees it in her home", () ->
        net.a().getWithToken("/api/v1/timelines/home", alice.token()).body().contains("quietword"));
    assertFalse(net.a().getWithToken("/api/v1/timelines/public", carl.token()).body().contains("quietword"),
        "silence: not in the federated timeline of those who do not follow bob");
    assertFalse(net.a().get("/api/v1/timelines/public").body().contains("quietword"), "nor of visitors");

    // A mention of carl, who does not follow bob: stored, but not shown to him.
    post(bob, "@carl@" + net.a().authority() + " are you there?");
    Eventually.within10s("the mention of carl is stored", () -> mentions(carl, bobOnA) == 1);
    assertFalse(notifiedBy(bobOnA, carl), "silence: no notification for those who do not follow bob");
    assertEquals(200, net.a().postForm("/api/v1/accounts/" + bobOnA + "/follow", Map.of(),
        "Authorization", "Bearer " + carl.token()).status());
    Eventually.within10s("carl follows bob", () ->
        TwoInstancesTest.relationship(net.a(), carl, bobOnA).getBoolean("following"));
    post(bob, "@carl@" + net.a().authority() + " now you hear me");
    Eventually.within10s("the second mention of carl is stored", () -> mentions(carl, bobOnA) == 2);
    assertTrue(notifiedBy(bobOnA, carl), "once carl follows bob, bob's mentions notify him");

    // reject_reports: bob reports carl, b forwards the Flag, a takes it in and drops it.
    String carlOnB = TwoInstancesTest.resolve(net.b(), bob, net.a(), "carl");
    String dropped = report(bob, carlOnB, "dropped");
    Eventually.within10s("a has processed the Flag", () -> processed(dropped));
    assertEquals(0, reportsFromB(admin), "reject_reports: the Flag is dropped");

    // Lowered to noop without media or report rejection: the block's silences end, not eve's.
    assertEquals(200, put("/api/v1/admin/domain_blocks/" + blockId, Map.of("severity", "noop",
        "reject_media", "false", "reject_reports", "false"), admin).status());
    assertFalse(limited(bobOnA), "bob is unsilenced when the block is lowered");
    assertFalse(limited(deeOnA));
    assertTrue(limited(eveOnA), "a moderator's own silence stays");

    String kept = report(bob, carlOnB, "kept");
    Eventually.within10s("without reject_reports the Flag becomes a report", () -> reportsFromB(admin) == 1);
    assertEquals(1L, net.a().count("SELECT count(*) FROM reports WHERE uri LIKE $1", kept + "%"));
    postWithImage(bob, "loudword with a picture");
    Eventually.within10s("without reject_media the attachment is linked", () -> net.a().count(
        "SELECT count(*) FROM media_attachments WHERE account_id = $1", Long.parseLong(bobOnA)) == 1);
    Eventually.within10s("and bob is in the federated timeline again", () ->
        net.a().get("/api/v1/timelines/public").body().contains("loudword"));

    // Silenced again, then lifted: lifting unsilences what the block silenced.
    assertEquals(200, put("/api/v1/admin/domain_blocks/" + blockId, Map.of("severity", "silence"),
        admin).status());
    assertTrue(limited(bobOnA));
    assertTrue(limited(deeOnA));
    Reply lifted = net.a().send(HttpRequest.newBuilder(URI.create(net.a().base() + "/api/v1/admin/domain_blocks/"
        + blockId)).DELETE(), "Authorization", "Bearer " + admin);
    assertEquals(200, lifted.status(), lifted.body());
    assertFalse(limited(bobOnA), "lifting the block unsilences bob");
    assertFalse(limited(deeOnA));
    assertTrue(limited(eveOnA));
    assertEquals(0L, net.a().count("SELECT count(*) FROM accounts WHERE silenced_by_domain"));
  }

  static JsonObject account(String id) {
    return net.a().get("/api/v1/accounts/" + id).json();
  }

  static boolean limited(String id) {
    return account(id).getBoolean("limited", false);
  }

  static boolean notifiedBy(String accountId, Member member) {
    return net.a().getWithToken("/api/v1/notifications", member.token()).array().stream()
        .anyMatch(n -> accountId.equals(((JsonObject) n).getJsonObject("account").getString("id")));
  }

  /** The post of the latest notification {@code member} has from {@code accountId}. */
  static String statusOf(String accountId, Member member) {
    return net.a().getWithToken("/api/v1/notifications", member.token()).array().stream()
        .map(JsonObject.class::cast)
        .filter(n -> accountId.equals(n.getJsonObject("account").getString("id")))
        .findFirst().orElseThrow().getJsonObject("status").getString("id");
  }

  /** Mention notifications stored for {@code member} from {@code accountId}, shown or not. */
  static long mentions(Member member, String accountId) {
    return net.a().count("SELECT count(*) FROM notifications WHERE account_id = $1 AND from_account_id = $2"
        + " AND type = 'mention'", Long.parseLong(member.id()), Long.parseLong(accountId));
  }

  /** Whether a took in the activity and its inbox job is done (deleted once it succeeded). */
  static boolean processed(String activityId) {
    return net.a().count("SELECT count(*) FROM inbox_seen WHERE uri = $1", activityId) == 1
        && net.a().count("SELECT count(*) FROM jobs WHERE kind = 'inbox'"
            + " AND payload -> 'activity' ->> 'id' = $1", activityId) == 0;
  }

  static int reportsFromB(String admin) {
    JsonArray reports = net.a().getWithToken("/api/v1/admin/reports", admin).array();
    return (int) reports.stream().filter(r -> net.b().authority().equals(((JsonObject) r)
        .getJsonObject("account").getString("domain"))).count();
  }

  /** bob reports a's member to b's moderators, forwarded to a; answers the Flag's id. */
  static String report(Member reporter, String targetOnB, String comment) {
    Reply reported = net.b().postForm("/api/v1/reports", Map.of("account_id", targetOnB, "comment", comment,
        "forward", "true"), "Authorization", "Bearer " + reporter.token());
    assertEquals(200, reported.status(), reported.body());
    return net.b().sql("SELECT uri FROM reports WHERE id = $1", Long.parseLong(reported.json().getString("id")))
        .iterator().next().getString(0);
  }

  static void post(Member author, String text) {
    Reply posted = net.b().postForm("/api/v1/statuses", Map.of("status", text),
        "Authorization", "Bearer " + author.token());
    assertEquals(200, posted.status(), posted.body());
  }

  static void postWithImage(Member author, String text) {
    Reply uploaded = net.b().postMultipart("/api/v2/media", new Multipart().file("file", "p.png", "image/png",
        TestImages.encode(TestImages.picture(16, 16, false), "png")), "Authorization", "Bearer " + author.token());
    assertEquals(200, uploaded.status(), uploaded.body());
    Reply posted = net.b().postForm("/api/v1/statuses", Map.of("status", text,
        "media_ids[]", uploaded.json().getString("id")), "Authorization", "Bearer " + author.token());
    assertEquals(200, posted.status(), posted.body());
    assertEquals(1, posted.json().getJsonArray("media_attachments").size(), posted.body());
  }

  static void setImages(Member member) {
    byte[] png = TestImages.encode(TestImages.picture(32, 32, false), "png");
    Multipart form = new Multipart().file("avatar", "me.png", "image/png", png)
        .file("header", "top.png", "image/png", png);
    Reply updated = net.b().send(HttpRequest.newBuilder(URI.create(net.b().base() + "/api/v1/accounts/update_credentials"))
        .header("Content-Type", form.contentType()).method("PATCH", form.publisher()),
        "Authorization", "Bearer " + member.token());
    assertEquals(200, updated.status(), updated.body());
    assertTrue(updated.json().getString("avatar").startsWith(net.b().base()), updated.body());
  }

  static Reply put(String path, Map<String, String> form, String token) {
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
        + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return net.a().send(HttpRequest.newBuilder(URI.create(net.a().base() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .method("PUT", HttpRequest.BodyPublishers.ofString(body)), "Authorization", "Bearer " + token);
  }
}
