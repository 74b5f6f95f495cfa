package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plutro.server.testrig.Browser.form;
import static org.plutro.server.http.web.settings.SettingsForms.saved;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/** {@code /settings/follow_requests}: the people waiting, approved or rejected with a button. */
class FollowRequestSettingsTest {
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
  void requestsAreListedThenApprovedOrRejected() {
    Member lou = plutro.register("lou");
    Member asker = plutro.register("asker");
    Member other = plutro.register("other_asker");
    patchLocked(lou);
    setName(asker, "<script>alert(1)</script>");
    follow(asker, lou);
    follow(other, lou);

    Browser browser = WebSignIn.as(plutro, lou);
    Reply raw = browser.get("/settings/follow_requests");
    assertFalse(raw.body().contains("<script>alert(1)"), "a display name is shown as text");
    Document page = browser.page("/settings/follow_requests");
    assertTrue(page.text().contains("@asker@" + plutro.authority()), page.text());
    assertTrue(page.text().contains("<script>alert(1)</script>"));
    String token = Browser.csrf(page);

    saved(browser, "/settings/follow_requests/" + asker.id() + "/authorize", form(token),
        "/settings/follow_requests", "Approved: @asker@" + plutro.authority());
    assertTrue(relationship(lou, asker).getBoolean("followed_by"));
    Document after = saved(browser, "/settings/follow_requests/" + other.id() + "/reject", form(token),
        "/settings/follow_requests", "Rejected: @other_asker@" + plutro.authority());
    assertFalse(relationship(lou, other).getBoolean("followed_by"));
    assertTrue(after.text().contains("No one is waiting."));
    assertEquals(0, plutro.getWithToken("/api/v1/follow_requests", lou.token()).array().size());

    // An approved follower is not removed by a stale "reject" button.
    saved(browser, "/settings/follow_requests/" + asker.id() + "/reject", form(token),
        "/settings/follow_requests", "That request was already answered or withdrawn.");
    assertTrue(relationship(lou, asker).getBoolean("followed_by"));
  }

  @Test
  void aFormWithoutItsTokenIsRefusedAndChangesNothing() {
    Member meg = plutro.register("meg");
    Member fan = plutro.register("meg_fan");
    patchLocked(meg);
    follow(fan, meg);
    Browser browser = WebSignIn.as(plutro, meg);
    browser.page("/settings/follow_requests");
    assertEquals(403, browser.post("/settings/follow_requests/" + fan.id() + "/authorize",
        form(null)).status());
    assertEquals(403, browser.post("/settings/follow_requests/" + fan.id() + "/reject",
        form("forged")).status());
    assertEquals(1, plutro.getWithToken("/api/v1/follow_requests", meg.token()).array().size());
  }

  @Test
  void anUnlockedMemberIsToldWhyNoOneAsks() {
    Member ned = plutro.register("ned");
    Document page = WebSignIn.as(plutro, ned).page("/settings/follow_requests");
    assertTrue(page.text().contains("Approve new followers"), page.text());
  }

  private static void patchLocked(Member member) {
    assertEquals(200, SettingsForms.updateCredentials(plutro, member,
        new JsonObject().put("locked", true)).status());
  }

  private static void setName(Member member, String name) {
    assertEquals(200, SettingsForms.updateCredentials(plutro, member,
        new JsonObject().put("display_name", name)).status());
  }

  private static void follow(Member follower, Member target) {
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + target.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + follower.token()).status());
  }

  private static JsonObject relationship(Member member, Member other) {
    return plutro.getWithToken("/api/v1/accounts/relationships?id[]=" + other.id(), member.token())
        .array().getJsonObject(0);
  }
}
