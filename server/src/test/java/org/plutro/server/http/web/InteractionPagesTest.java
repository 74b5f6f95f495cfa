package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * Following and answering across servers from the web: {@code /authorize_interaction} for our
 * members (the subscribe template other servers send them to), and {@code /remote_interaction}
 * for visitors whose account is elsewhere.
 */
class InteractionPagesTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static Member alice;
  static Member bob;
  static FakeRemote.Actor rita;
  static String bobsPost;
  static String bobsSecret;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    alice = plutro.register("alice");
    bob = plutro.register("bob");
    plutro.sql("UPDATE accounts SET display_name = $1, note = $2 WHERE id = $3",
        "Bob <script>alert(1)</script>", "<p>Bio <img src=x onerror=alert(2)></p>", Long.parseLong(bob.id()));
    rita = remote.actor("rita");
    bobsPost = plutro.post(bob, "Bob's public thoughts", "visibility", "public");
    bobsSecret = plutro.post(bob, "Bob's secret", "visibility", "private");
  }

  @AfterAll
  static void stop() {
    remote.close();
    plutro.close();
  }

  static String authorize(String uri) {
    return "/authorize_interaction?uri=" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
  }

  /** The form on {@code page} whose submit button says {@code button}, as a browser sends it. */
  static Map<String, String> form(Document page, String button) {
    var submit = page.select("button").stream().filter(b -> b.text().equals(button)).findFirst()
        .orElseThrow(() -> new AssertionError("no button " + button + " in " + page.text()));
    var form = submit.closest("form");
    Map<String, String> fields = new HashMap<>();
    form.select("input[type=hidden], input[type=text], textarea").forEach(input ->
        fields.put(input.attr("name"), input.tagName().equals("textarea") ? input.text() : input.val()));
    if (!submit.attr("name").isEmpty()) {
      fields.put(submit.attr("name"), submit.val());
    }
    return fields;
  }

  static boolean follows(Member follower, String targetUri) {
    return plutro.count("SELECT count(*) FROM follows f JOIN accounts a ON a.id = f.target_account_id"
        + " WHERE f.account_id = $1 AND a.uri = $2", Long.parseLong(follower.id()), targetUri) == 1;
  }

  @Test
  void aVisitorIsSentToSignInAndComesBack() {
    Reply reply = new Browser(plutro).get(authorize("acct:bob@" + plutro.authority()));
    assertEquals(303, reply.status());
    String location = reply.header("Location");
    assertTrue(location.startsWith("/auth/sign_in?return_to="), location);
    assertEquals(authorize("acct:bob@" + plutro.authority()),
        URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8));
  }

  @Test
  void aMemberFollowsAnAccountOfOursByHandleOrAddress() {
    Browser visit = WebSignIn.as(plutro, "alice");
    for (String uri : new String[] {"acct:bob@" + plutro.authority(), plutro.base() + "/@bob",
        bob.actorUri()}) {
      Document page = visit.page(authorize(uri));
      assertEquals("Bob <script>alert(1)</script>", page.selectFirst(".account-card .name").text());
      assertTrue(page.select("script:not([src]), [onerror]").isEmpty(), "escaped and cleaned");
    }
    Document page = visit.page(authorize("acct:bob@" + plutro.authority()));
    Reply done = visit.post("/authorize_interaction", form(page, "Follow"));
    assertEquals(303, done.status(), done.body());
    assertTrue(done.header("Location").endsWith("&done=followed"), done.header("Location"));
    assertTrue(follows(alice, bob.actorUri()));
    Document after = visit.page(done.header("Location"));
    assertNotNull(after.selectFirst(".notice"));
    assertTrue(after.selectFirst("main").text().contains("You follow Bob"), after.selectFirst("main").text());
    visit.post("/authorize_interaction", form(after, "Unfollow"));
    assertFalse(follows(alice, bob.actorUri()));
    // One's own account: nothing to follow.
    Document own = WebSignIn.as(plutro, "bob").page(authorize(bob.actorUri()));
    assertTrue(own.selectFirst("main").text().contains("This is you."));
    assertTrue(own.select("button").stream().noneMatch(b -> b.text().equals("Follow")));
  }

  @Test
  void aMemberFollowsAnAccountOnAnotherServerByItsHandle() {
    Browser visit = WebSignIn.as(plutro, "alice");
    Document page = visit.page(authorize("acct:rita@" + remote.authority()));
    assertEquals("@rita@" + remote.authority(), page.selectFirst(".account-card .handle").text().split(" ")[0]);
    assertEquals(303, visit.post("/authorize_interaction", form(page, "Follow")).status());
    Eventually.within10s("rita's server is sent the Follow", () -> remote.received().stream()
        .anyMatch(r -> r.json().getString("type").equals("Follow")
            && r.json().getString("object").equals(rita.uri())));
    Document after = visit.page(authorize("acct:rita@" + remote.authority()));
    assertTrue(after.selectFirst("main").text().contains("have not answered yet"), after.text());
  }

  @Test
  void aMemberLikesSharesAndAnswersAPostFromAnotherServer() {
    String noteId = remote.base() + "/notes/1";
    remote.serve("/notes/1", new JsonObject()
        .put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", noteId).put("type", "Note").put("attributedTo", rita.uri())
        .put("content", "<p>Rita asks: owls or larks?</p>").put("published", "2026-01-02T10:15:00Z")
        .put("url", remote.base() + "/@rita/1")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public")));
    Browser visit = WebSignIn.as(plutro, "alice");
    Document page = visit.page(authorize(noteId));
    assertTrue(page.selectFirst(".focus").text().contains("Rita asks: owls or larks?"));
    assertTrue(page.selectFirst(".focus time").text().contains("10:15 UTC"), page.selectFirst(".focus time").text());
    assertEquals("@rita@" + remote.authority() + " ", page.selectFirst("textarea").text() + " ");

    assertEquals(303, visit.post("/authorize_interaction", form(page, "Like")).status());
    assertEquals(303, visit.post("/authorize_interaction", form(page, "Share")).status());
    Eventually.within10s("rita's server is told of the like and the share", () -> remote.received()
        .stream().map(r -> r.json().getString("type")).toList().containsAll(java.util.List.of("Like", "Announce")));

    // An empty reply is refused with the page, not an error page.
    Map<String, String> empty = form(page, "Reply");
    empty.put("status", "   ");
    Reply refused = visit.post("/authorize_interaction", empty);
    assertEquals(422, refused.status());
    assertNotNull(Jsoup.parse(refused.body()).selectFirst(".alert"));

    Map<String, String> reply = form(page, "Reply");
    reply.put("status", "@rita@" + remote.authority() + " Owls, of course <b>always</b>");
    Reply posted = visit.post("/authorize_interaction", reply);
    assertEquals(303, posted.status(), posted.body());
    Document after = visit.page(posted.header("Location"));
    assertTrue(after.selectFirst(".notice").text().contains("Your reply is posted"));
    String replyPage = after.selectFirst(".notice a").attr("href");
    assertTrue(replyPage.startsWith(plutro.base() + "/@alice/"), replyPage);
    Document shown = new Browser(plutro).page(replyPage.substring(plutro.base().length()));
    assertTrue(shown.selectFirst(".focus").text().contains("Owls, of course <b>always</b>"));
    assertTrue(shown.selectFirst(".ancestors").text().contains("Rita asks"), "the post it answers is above");
  }

  @Test
  void aMemberLikesOneOfOurPostsByItsPageAddress() {
    Browser visit = WebSignIn.as(plutro, "alice");
    Document page = visit.page(authorize(plutro.base() + "/@bob/" + bobsPost));
    assertTrue(page.selectFirst(".focus").text().contains("Bob's public thoughts"));
    assertEquals(303, visit.post("/authorize_interaction", form(page, "Like")).status());
    assertEquals(1, plutro.count("SELECT count(*) FROM favourites WHERE account_id = $1 AND status_id = $2",
        Long.parseLong(alice.id()), Long.parseLong(bobsPost)));
  }

  @Test
  void whatTheMemberMayNotSeeOrWhatDoesNotExistIsNotFound() {
    Browser visit = WebSignIn.as(plutro, "alice");
    for (String uri : new String[] {plutro.base() + "/users/bob/statuses/" + bobsSecret,
        "acct:nobody@" + plutro.authority(), remote.base() + "/notes/none"}) {
      Reply reply = visit.get(authorize(uri));
      assertEquals(404, reply.status(), uri);
      assertTrue(Jsoup.parse(reply.body()).selectFirst("main").text().contains("could not find"));
      assertFalse(reply.body().contains("Bob's secret"));
    }
    assertEquals(400, visit.get("/authorize_interaction").status());
  }

  @Test
  void formsWithoutTheSessionsTokenChangeNothing() {
    Browser visit = WebSignIn.as(plutro, "alice");
    Document page = visit.page(authorize(bob.actorUri()));
    Map<String, String> fields = form(page, "Follow");
    fields.remove("authenticity_token");
    assertEquals(403, visit.post("/authorize_interaction", fields).status());
    fields.put("authenticity_token", "not-the-token");
    assertEquals(403, visit.post("/authorize_interaction", fields).status());
    // Another visitor's valid token is not this session's.
    Browser other = WebSignIn.as(plutro, "bob");
    fields.put("authenticity_token", form(other.page(authorize(alice.actorUri())), "Follow")
        .get("authenticity_token"));
    assertEquals(403, visit.post("/authorize_interaction", fields).status());
    assertFalse(follows(alice, bob.actorUri()));
  }

  @Test
  void ourPagesOfferToFollowAndAnswerFromHereOrElsewhere() {
    Document profile = new Browser(plutro).page("/@bob");
    assertEquals("/remote_interaction?uri=" + URLEncoder.encode(bob.actorUri(), StandardCharsets.UTF_8),
        profile.selectFirst("a:contains(Follow from your own server)").attr("href"));
    assertEquals(authorize(bob.actorUri()), profile.selectFirst("a:contains(Sign in to follow)").attr("href"));
    Document post = new Browser(plutro).page("/@bob/" + bobsPost);
    assertTrue(post.selectFirst("a:contains(Interact from your own server)").attr("href")
        .startsWith("/remote_interaction?uri="));
    Document signedIn = WebSignIn.as(plutro, "alice").page("/@bob");
    // A member of ours follows right there, with the profile's own buttons (SocialPagesTest).
    assertEquals("/accounts/" + bob.id() + "/follow",
        signedIn.selectFirst(".account-buttons button:contains(Follow)").closest("form").attr("action"));
    assertNull(signedIn.selectFirst(".interact"));
    Document own = WebSignIn.as(plutro, "bob").page("/@bob");
    assertNull(own.selectFirst(".interact"));
    assertNull(own.selectFirst(".account-buttons"));
  }

  @Test
  void aVisitorFromElsewhereIsShownTheWayToTheirOwnServer() {
    Browser visitor = new Browser(plutro);
    Document page = visitor.page("/remote_interaction?uri="
        + URLEncoder.encode(plutro.base() + "/@bob", StandardCharsets.UTF_8));
    assertNotNull(visitor.cookie("plutro_session"), "the form is bound to a session");
    assertEquals("Bob <script>alert(1)</script>", page.selectFirst(".account-card .name").text());
    assertNotNull(page.selectFirst("label[for=handle]"));
    Map<String, String> fields = form(page, "Continue");
    assertEquals(bob.actorUri(), fields.get("uri"));

    fields.put("handle", "@rita@" + remote.authority());
    Document found = Jsoup.parse(visitor.post("/remote_interaction", fields).body());
    var link = found.selectFirst("a:contains(Continue on " + remote.authority() + ")");
    assertNotNull(link, found.text());
    assertEquals(remote.base() + "/authorize_interaction?uri="
        + URLEncoder.encode(bob.actorUri(), StandardCharsets.UTF_8), link.attr("href"));

    // Ours: the way leads here.
    fields.put("handle", "alice@" + plutro.authority());
    Document here = Jsoup.parse(visitor.post("/remote_interaction", fields).body());
    assertEquals(authorize(bob.actorUri()), here.selectFirst("a:contains(Continue on)").attr("href"));

    for (String handle : new String[] {"rita", "nobody@" + remote.authority(), "<script>alert(1)</script>"}) {
      fields.put("handle", handle);
      Reply refused = visitor.post("/remote_interaction", fields);
      assertEquals(422, refused.status(), handle);
      Document again = Jsoup.parse(refused.body());
      assertNotNull(again.selectFirst(".alert"), handle);
      assertEquals(handle, again.selectFirst("#handle").val(), "the handle is kept");
      assertTrue(again.select("script:not([src])").isEmpty());
    }
    fields.remove("authenticity_token");
    assertEquals(403, visitor.post("/remote_interaction", fields).status());
  }

  @Test
  void onlyOurOwnPublicThingsCanBeAnsweredFromElsewhere() {
    Browser visitor = new Browser(plutro);
    Document post = visitor.page("/remote_interaction?uri="
        + URLEncoder.encode(plutro.base() + "/users/bob/statuses/" + bobsPost, StandardCharsets.UTF_8));
    assertTrue(post.selectFirst(".focus").text().contains("Bob's public thoughts"));
    for (String uri : new String[] {plutro.base() + "/users/bob/statuses/" + bobsSecret, rita.uri(),
        "javascript:alert(1)", ""}) {
      assertEquals(404, visitor.get("/remote_interaction?uri="
          + URLEncoder.encode(uri, StandardCharsets.UTF_8)).status(), uri);
    }
  }
}
