package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * A member's social pages over plain HTTP (no script): the profile buttons, search, notifications
 * and messages; a visitor is sent to sign in, a form without its CSRF token changes nothing, an
 * unknown handle is said to be unknown, another server's name is escaped.
 */
class SocialPagesTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static Member ann;
  static Member bob;
  static Member carol;
  static String annsPost;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    remote.actor("rita");
    ann = plutro.register("ann");
    bob = plutro.register("bob");
    carol = plutro.register("carol");
    annsPost = plutro.post(ann, "Owls hunt at dusk. #owls");
  }

  @AfterAll
  static void stop() {
    remote.close();
    plutro.close();
  }

  static long id(Member member) {
    return Long.parseLong(member.id());
  }

  /** The form on {@code page} whose submit button says {@code button}, as a browser sends it. */
  static Map<String, String> form(Document page, String button) {
    var submit = page.select("button").stream().filter(b -> b.text().equals(button)).findFirst()
        .orElseThrow(() -> new AssertionError("no button " + button + " in " + page.text()));
    Map<String, String> fields = new HashMap<>();
    submit.closest("form").select("input[type=hidden]").forEach(input -> fields.put(input.attr("name"), input.val()));
    return fields;
  }

  static String action(Document page, String button) {
    return page.select("button").stream().filter(b -> b.text().equals(button)).findFirst()
        .orElseThrow().closest("form").attr("action");
  }

  static Reply press(Browser browser, Document page, String button) {
    return browser.post(action(page, button), form(page, button));
  }

  @Test
  void aVisitorIsSentToSignIn() {
    Browser visitor = new Browser(plutro);
    for (String path : new String[] {"/notifications", "/conversations", "/search?q=owls"}) {
      Reply reply = visitor.get(path);
      assertEquals(303, reply.status(), path);
      assertTrue(reply.header("Location").startsWith("/auth/sign_in"), reply.header("Location"));
    }
    assertEquals(303, visitor.get("/follow_requests").status());
    assertEquals("/settings/follow_requests", visitor.get("/follow_requests").header("Location"));
  }

  @Test
  void followBlockAndMuteFromAProfileComeBackToIt() {
    Browser browser = WebSignIn.as(plutro, "ann");
    Document profile = browser.page("/@carol");
    Reply followed = press(browser, profile, "Follow");
    assertEquals(303, followed.status(), followed.body());
    assertEquals("/@carol#account-" + carol.id(), followed.header("Location"));
    assertEquals(1, plutro.count("SELECT count(*) FROM follows WHERE account_id = $1"
        + " AND target_account_id = $2", id(ann), id(carol)));
    profile = browser.page("/@carol");
    press(browser, profile, "Mute");
    profile = browser.page("/@carol");
    assertNotNull(profile.selectFirst("button:contains(Unmute)"));
    press(browser, profile, "Unmute");
    press(browser, browser.page("/@carol"), "Unfollow");
    assertEquals(0, plutro.count("SELECT count(*) FROM follows WHERE account_id = $1"
        + " AND target_account_id = $2", id(ann), id(carol)));
    // A locked account is asked; the request can be withdrawn.
    plutro.sql("UPDATE accounts SET locked = true WHERE id = $1", id(carol));
    try {
      press(browser, browser.page("/@carol"), "Request to follow");
      profile = browser.page("/@carol");
      assertTrue(profile.text().contains("Waiting for carol to approve"), profile.text());
      press(browser, profile, "Cancel request");
      assertEquals(0, plutro.count("SELECT count(*) FROM follows WHERE account_id = $1"
          + " AND target_account_id = $2", id(ann), id(carol)));
    } finally {
      plutro.sql("UPDATE accounts SET locked = false WHERE id = $1", id(carol));
    }
    press(browser, browser.page("/@carol"), "Block");
    assertEquals(1, plutro.count("SELECT count(*) FROM blocks WHERE account_id = $1"
        + " AND target_account_id = $2", id(ann), id(carol)));
    press(browser, browser.page("/@carol"), "Unblock");
    assertEquals(0, plutro.count("SELECT count(*) FROM blocks WHERE account_id = $1", id(ann)));
    // Not on one's own profile.
    assertTrue(browser.page("/@ann").select("button:contains(Block)").isEmpty());
  }

  @Test
  void aFormWithoutItsTokenChangesNothing() {
    Browser browser = WebSignIn.as(plutro, "bob");
    Reply refused = browser.post("/accounts/" + carol.id() + "/follow", Map.of("return_to", "/@carol"));
    assertEquals(403, refused.status());
    refused = browser.post("/accounts/" + carol.id() + "/block",
        Map.of("authenticity_token", "wrong", "return_to", "/@carol"));
    assertEquals(403, refused.status());
    assertEquals(0, plutro.count("SELECT count(*) FROM follows WHERE account_id = $1", id(bob)));
    assertEquals(0, plutro.count("SELECT count(*) FROM blocks WHERE account_id = $1", id(bob)));
    assertEquals(403, browser.post("/notifications/read", Map.of("last_read_id", "999")).status());
    assertEquals(0, plutro.count("SELECT count(*) FROM markers WHERE account_id = $1 AND last_read_id = 999", id(bob)));
    // A return_to to another server goes home instead.
    String token = browser.csrf("/@carol");
    Reply muted = browser.post("/accounts/" + carol.id() + "/mute",
        Map.of("authenticity_token", token, "return_to", "//evil.example/"));
    assertEquals("/#account-" + carol.id(), muted.header("Location"));
    browser.post("/accounts/" + carol.id() + "/unmute", Map.of("authenticity_token", token));
  }

  @Test
  void searchFindsMembersTagsAndPostsAndSaysWhatItCannotFind() {
    Browser browser = WebSignIn.as(plutro, "bob");
    Document found = browser.page("/search?q=owls");
    assertTrue(found.select(".tag-list a").text().contains("#owls"), found.text());
    assertTrue(found.select(".search-posts .member-post").text().contains("Owls hunt at dusk."), found.text());
    assertEquals(1, found.select("#post-" + annsPost + " form[action=/statuses/" + annsPost + "/favourite]").size(),
        "the member's own buttons under the post");
    found = browser.page("/search?q=" + URLEncoder.encode("@ann", StandardCharsets.UTF_8));
    assertEquals("/@ann", found.selectFirst(".account-list a").attr("href"));
    found = browser.page("/search?q=" + URLEncoder.encode(plutro.base() + "/@ann/" + annsPost,
        StandardCharsets.UTF_8));
    assertTrue(found.selectFirst(".post").text().contains("Owls hunt at dusk."), found.text());
    Reply unknown = browser.get("/search?q=" + URLEncoder.encode("@nobody@" + remote.authority(),
        StandardCharsets.UTF_8));
    assertEquals(200, unknown.status());
    assertTrue(unknown.body().contains("Not found"), unknown.body());
  }

  @Test
  void aRemoteAccountShowsToMembersWithItsNameEscaped() {
    Browser browser = WebSignIn.as(plutro, "carol");
    String handle = "@rita@" + remote.authority();
    Document found = browser.page("/search?q=" + URLEncoder.encode(handle, StandardCharsets.UTF_8));
    String link = found.selectFirst(".account-list a").attr("href");
    assertEquals("/" + handle, link);
    plutro.sql("UPDATE accounts SET display_name = $1, fields = $2::text::jsonb"
        + " WHERE username = 'rita' AND domain IS NOT NULL", "Rita <script>alert(1)</script>",
        "[{\"name\": \"Pond\", \"value\": \"North <b>pond</b>\"}]");
    Reply page = browser.get(link);
    assertEquals(200, page.status(), page.body());
    assertTrue(page.body().contains("Rita &lt;script&gt;"), page.body());
    assertFalse(page.body().contains("<script>alert"));
    assertTrue(page.body().contains("<dt>Pond</dt>"), "its fields, as its server sent them");
    assertTrue(page.body().contains(">Follow</button>"));
    assertFalse(page.body().contains("src=\"" + remote.base()), "no remote address in the page");
    // Visitors get nothing there; an account we do not know is not fetched from here.
    assertEquals(404, new Browser(plutro).get(link).status());
    assertEquals(404, browser.get("/@nobody@" + remote.authority()).status());
  }

  @Test
  void notificationsAreGroupedAndMarkedRead() {
    String post = plutro.post(bob, "Dawn chorus today.");
    for (Member liker : new Member[] {ann, carol}) {
      assertEquals(200, plutro.postForm("/api/v1/statuses/" + post + "/favourite", Map.of(),
          "Authorization", "Bearer " + liker.token()).status());
    }
    String mention = plutro.post(ann, "@bob did you hear the <b>wren</b>?");
    Browser browser = WebSignIn.as(plutro, "bob");
    Document page = browser.page("/notifications");
    var items = page.select(".notification");
    assertEquals(2, items.size(), page.text());
    assertTrue(items.get(0).text().contains("mentioned you"), items.get(0).text());
    assertTrue(items.get(0).text().contains("did you hear the <b>wren</b>?"), items.get(0).text());
    assertEquals("/@ann/" + mention, items.get(0).selectFirst(".go a").attr("href"));
    assertTrue(items.get(1).text().contains("carol and ann liked your post"), items.get(1).text());
    assertEquals(2, page.select(".notification.unread").size());
    assertEquals(1, browser.page("/notifications?types=mention").select(".notification").size());
    Reply read = press(browser, page, "Mark all as read");
    assertEquals("/notifications", read.header("Location"));
    assertEquals(0, browser.page("/notifications").select(".notification.unread").size());
    assertEquals(0L, plutro.getWithToken("/api/v1/notifications/unread_count", bob.token()).json()
        .getLong("count"));
    // The list alone, for the script.
    Reply fragment = browser.get("/notifications?fragment=1");
    assertTrue(fragment.body().startsWith("<div id=\"notification-list\""), fragment.body());
  }

  @Test
  void directMessagesShowAsConversations() {
    Member dan = plutro.register("dan");
    Member eve = plutro.register("eve");
    plutro.post(dan, "@eve a secret about the heron", "visibility", "direct");
    Browser browser = WebSignIn.as(plutro, "eve");
    Document list = browser.page("/conversations");
    var row = list.selectFirst(".conversation");
    assertNotNull(row, list.text());
    assertTrue(row.hasClass("unread"));
    assertTrue(row.text().contains("a secret about the heron"), row.text());
    String path = row.selectFirst("a").attr("href");
    Document thread = browser.page(path);
    assertTrue(thread.text().contains("a secret about the heron"));
    assertEquals("direct", thread.selectFirst("form.reply-form input[name=visibility]").val());
    assertTrue(thread.selectFirst("textarea").text().startsWith("@dan"), thread.selectFirst("textarea").text());
    assertFalse(browser.page("/conversations").selectFirst(".conversation").hasClass("unread"));
    // Someone else's conversation is not there.
    assertEquals(404, WebSignIn.as(plutro, "bob").get(path).status());
  }
}
