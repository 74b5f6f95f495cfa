package org.plutro.server.http;

import org.plutro.server.ServerInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.media.TestImages;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * What a visitor without an account sees: profile, post pages with replies, the Atom feed; never a
 * followers-only or direct post; noindex when the member asks; JSON still for servers.
 */
class VisitorPagesTest {
  static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  static TestInstance plutro;
  static Member alice;
  static Member bob;
  static String publicId;
  static String unlistedId;
  static String privateId;
  static String directId;
  static String replyId;
  static String privateReplyId;

  @BeforeAll
  static void start() throws Exception {
    plutro = TestInstance.start();
    alice = plutro.register("alice");
    bob = plutro.register("bob");
    plutro.sql("UPDATE accounts SET display_name = $1, note = $2, fields = $3::text::jsonb WHERE id = $4",
        "Alice <script>alert(1)</script>", "<p>Writes about <b>owls</b></p>",
        "[{\"name\":\"Site\",\"value\":\"owls.example\"},"
            + "{\"name\":\"Phone\",\"value\":\"555-0100\",\"audience\":\"followers\"}]",
        Long.parseLong(alice.id()));
    publicId = plutro.post(alice, "A public post about <owls> & mice", "visibility", "public");
    unlistedId = plutro.post(alice, "An unlisted post", "visibility", "unlisted");
    privateId = plutro.post(alice, "A secret for followers", "visibility", "private");
    directId = plutro.post(alice, "A direct whisper", "visibility", "private");
    plutro.sql("UPDATE statuses SET visibility = 'direct', to_uris = '{}', cc_uris = '{}' WHERE id = $1",
        Long.parseLong(directId));
    replyId = plutro.post(bob, "A public reply from bob", "visibility", "public");
    privateReplyId = plutro.post(bob, "A private reply from bob", "visibility", "private");
    for (String id : List.of(replyId, privateReplyId)) {
      plutro.sql("UPDATE statuses SET in_reply_to_id = $1, in_reply_to_uri = (SELECT uri FROM"
          + " statuses WHERE id = $1) WHERE id = $2", Long.parseLong(publicId), Long.parseLong(id));
    }
    // A picture on the public post, for og:image.
    Reply uploaded = plutro.postMultipart("/api/v2/media", new Multipart()
        .field("description", "An owl")
        .file("file", "owl.png", "image/png", TestImages.encode(TestImages.picture(64, 48, false), "png")),
        "Authorization", "Bearer " + alice.token());
    assertEquals(200, uploaded.status(), uploaded.body());
    ServerInternals.mediaService(plutro.server()).attach(Long.parseLong(alice.id()),
            List.of(uploaded.json().getString("id")), Long.parseLong(publicId))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static Document page(String path) {
    Reply reply = plutro.get(path, "Accept", HTML);
    assertEquals(200, reply.status(), path + " " + reply.body());
    assertTrue(reply.header("Content-Type").startsWith("text/html"), reply.header("Content-Type"));
    assertTrue(reply.header("Content-Security-Policy").contains("default-src 'none'"));
    return Jsoup.parse(reply.body());
  }

  static String meta(Document doc, String property) {
    var element = doc.selectFirst("meta[property=" + property + "], meta[name=" + property + "]");
    return element == null ? null : element.attr("content");
  }

  @Test
  void theProfileShowsTheMemberAndTheirPublicPostsOnly() {
    Document doc = page("/@alice");
    // Escaped, never executed: the name is text.
    assertEquals("Alice <script>alert(1)</script>", doc.selectFirst("h1").text());
    // No script but our own file: the name's <script> is text.
    assertTrue(doc.select("script:not([src])").isEmpty());
    assertEquals(1, doc.select("script[src^=/assets/plutro-]").size());
    assertEquals(1, doc.select("script").size());
    assertEquals("Writes about owls", doc.selectFirst(".p-note").text());
    assertEquals("Site", doc.selectFirst(".fields dt").text());
    assertFalse(doc.text().contains("555-0100"), "a followers-only field was shown");
    String text = doc.select(".posts").text();
    assertTrue(text.contains("A public post about <owls> & mice"), text);
    assertTrue(text.contains("An unlisted post"), text);
    assertFalse(text.contains("A secret for followers"), text);
    assertFalse(text.contains("A direct whisper"), text);
    // Newest first.
    assertTrue(text.indexOf("An unlisted post") < text.indexOf("A public post"), text);
    assertEquals("summary", meta(doc, "twitter:card"));
    assertEquals("profile", meta(doc, "og:type"));
    assertTrue(meta(doc, "og:image").endsWith("/avatars/original/missing.png"));
    assertEquals(plutro.base() + "/@alice.atom",
        doc.selectFirst("link[rel=alternate][type=application/atom+xml]").attr("href"));
    assertTrue(doc.select("meta[name=robots]").isEmpty());
    assertEquals("text/css; charset=utf-8",
        plutro.get(doc.selectFirst("link[rel=stylesheet]").attr("href")).header("Content-Type"));

    // Bob's reply is on his "with replies" tab only.
    assertFalse(page("/@bob").select(".posts").text().contains("A public reply from bob"));
    String withReplies = page("/@bob/with_replies").select(".posts").text();
    assertTrue(withReplies.contains("A public reply from bob"), withReplies);
    assertFalse(withReplies.contains("A private reply from bob"), withReplies);
  }

  @Test
  void profilePostsArePaginatedNewestFirst() {
    Member carol = plutro.register("carol");
    for (int i = 1; i <= 23; i++) {
      plutro.post(carol, "Carol's post number " + i + ".", "visibility", "public");
    }
    Document first = page("/@carol");
    assertEquals(20, first.select(".posts article").size());
    assertTrue(first.select(".posts article").first().text().contains("number 23."));
    String older = first.selectFirst("a[rel=next]").attr("href");
    Document second = page(older.substring(plutro.base().length()));
    assertEquals(3, second.select(".posts article").size());
    assertTrue(second.select(".posts article").last().text().contains("number 1."));
    assertTrue(second.select("a[rel=next]").isEmpty());
  }

  @Test
  void aPostPageShowsThePostItsPictureAndItsPublicReplies() {
    Document doc = page("/@alice/" + publicId);
    assertTrue(doc.selectFirst(".focus .e-content").text().contains("A public post about <owls> & mice"));
    var image = doc.selectFirst(".focus .media img");
    assertEquals("An owl", image.attr("alt"));
    assertTrue(image.attr("src").contains("/media/small/"), image.attr("src"));
    assertEquals(image.attr("src"), meta(doc, "og:image"));
    assertEquals("summary", meta(doc, "twitter:card"));
    String replies = doc.select(".replies").text();
    assertTrue(replies.contains("A public reply from bob"), replies);
    assertFalse(replies.contains("A private reply from bob"), replies);

    // Followers-only and direct posts have no page, and are not in the JSON either.
    for (String id : List.of(privateId, directId)) {
      assertEquals(404, plutro.get("/@alice/" + id, "Accept", HTML).status());
      assertEquals(404, plutro.get("/@alice/" + id, "Accept", "application/activity+json").status());
    }
  }

  @Test
  void theAtomFeedHoldsPublicPostsOnly() {
    Reply feed = plutro.get("/@alice.atom");
    assertEquals(200, feed.status(), feed.body());
    assertEquals("application/atom+xml; charset=utf-8", feed.header("Content-Type"));
    Document xml = Jsoup.parse(feed.body(), "", Parser.xmlParser());
    assertEquals(plutro.base() + "/@alice", xml.selectFirst("feed > id").text());
    var entries = xml.select("entry");
    assertEquals(1, entries.size(), feed.body());
    assertTrue(entries.first().selectFirst("content").text().contains("A public post about &lt;owls&gt;"),
        entries.first().selectFirst("content").text());
    assertEquals("image/png", entries.first().selectFirst("link[rel=enclosure]").attr("type"));
    assertFalse(feed.body().contains("unlisted post"));
    assertFalse(feed.body().contains("secret for followers"));
    assertFalse(feed.body().contains("direct whisper"));
    assertEquals(404, plutro.get("/@nobody.atom").status());
  }

  @Test
  void aMemberWhoIsNotIndexableGetsNoindex() {
    Member dave = plutro.register("dave");
    String id = plutro.post(dave, "Do not index me", "visibility", "public");
    assertTrue(page("/@dave").select("meta[name=robots]").isEmpty());
    plutro.sql("UPDATE accounts SET indexable = false WHERE id = $1", Long.parseLong(dave.id()));
    assertTrue(page("/@dave").selectFirst("meta[name=robots]").attr("content").contains("noindex"));
    assertTrue(page("/@dave/" + id).selectFirst("meta[name=robots]").attr("content").contains("noindex"));
    assertEquals("noindex", plutro.get("/@dave.atom").header("X-Robots-Tag"));
    plutro.sql("UPDATE accounts SET indexable = true, discoverable = false WHERE id = $1",
        Long.parseLong(dave.id()));
    assertTrue(page("/@dave").selectFirst("meta[name=robots]").attr("content").contains("noindex"));
  }

  @Test
  void aReplysPageShowsThePostItAnswersAboveAndItsRepliesBelowWithTimesOfDay() {
    postReply(alice, "Thanks bob, owls it is", replyId);
    Document doc = page("/@bob/" + replyId);
    assertEquals(1, doc.select(".ancestors .post").size());
    assertTrue(doc.selectFirst(".ancestors .post").text().contains("A public post about <owls> & mice"));
    assertTrue(doc.selectFirst(".focus").text().contains("A public reply from bob"));
    assertTrue(doc.selectFirst(".replies").text().contains("Thanks bob, owls it is"), doc.select(".replies").text());
    // The thread reads top to bottom: what is answered, the reply, the answers to it.
    String text = doc.selectFirst("main").text();
    assertTrue(text.indexOf("A public post about") < text.indexOf("A public reply from bob"));
    assertTrue(text.indexOf("A public reply from bob") < text.indexOf("Thanks bob"));
    // A time of day, not only a date, and the exact instant for machines.
    var time = doc.selectFirst(".focus time");
    assertTrue(time.attr("datetime").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:.*Z"), time.attr("datetime"));
    assertTrue(time.text().matches("\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d UTC"), time.text());
    // The original's page shows both answers, the second one under the first.
    Document original = page("/@alice/" + publicId);
    assertTrue(original.selectFirst(".replies .depth-1").text().contains("A public reply from bob"));
    assertTrue(original.selectFirst(".replies .depth-2").text().contains("Thanks bob"));
    assertTrue(original.select(".ancestors").isEmpty());
  }

  static String postReply(Member member, String text, String inReplyTo) {
    Reply posted = plutro.postForm("/api/v1/statuses", Map.of("status", text, "visibility", "public",
        "in_reply_to_id", inReplyTo), "Authorization", "Bearer " + member.token());
    assertEquals(200, posted.status(), posted.body());
    return posted.json().getString("id");
  }

  @Test
  void theSameUrlsStillServeActivityPubToServers() {
    Reply actor = plutro.get("/@alice", "Accept", "application/activity+json");
    assertEquals(200, actor.status(), actor.body());
    assertEquals("Person", actor.json().getString("type"));
    Reply note = plutro.get("/@alice/" + publicId, "Accept", "application/activity+json");
    assertEquals(200, note.status(), note.body());
    assertEquals("Note", note.json().getString("type"));
  }

  /**
   * A profile and a post negotiate alike: a browser ({@code text/html}, {@code *}/{@code *}, or no
   * Accept, as Mastodon answers them) gets the page, a client naming ActivityPub or JSON the JSON.
   * The ids under /users/ answer JSON unless text/html is asked for, and send browsers on.
   */
  @Test
  void profilesAndPostsNegotiateAlike() {
    String ldJson = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
    for (String path : List.of("/@alice", "/@alice/" + publicId)) {
      for (String accept : new String[] {HTML, "text/html", "*/*", "", "text/html, application/xml;q=0.9"}) {
        Reply reply = accept.isEmpty() ? plutro.get(path) : plutro.get(path, "Accept", accept);
        assertEquals(200, reply.status(), path + " " + accept);
        assertTrue(reply.header("Content-Type").startsWith("text/html"), path + " " + accept);
        assertTrue(reply.header("Vary").contains("Accept"), path + " " + accept);
      }
      for (String accept : new String[] {"application/activity+json", ldJson, "application/json",
          "application/activity+json, text/html"}) {
        Reply reply = plutro.get(path, "Accept", accept);
        assertEquals(200, reply.status(), path + " " + accept);
        assertTrue(reply.header("Content-Type").startsWith("application/activity+json"),
            path + " " + accept + " " + reply.header("Content-Type"));
        assertTrue(reply.header("Vary").contains("Accept"), path + " " + accept);
      }
    }
    Reply noteId = plutro.get("/users/alice/statuses/" + publicId, "Accept", HTML);
    assertEquals(302, noteId.status());
    assertEquals(plutro.base() + "/@alice/" + publicId, noteId.header("Location"));
    assertEquals("Note", plutro.get("/users/alice/statuses/" + publicId, "Accept", "*/*").json()
        .getString("type"));
    assertEquals(404, plutro.get("/users/alice/statuses/" + privateId, "Accept", HTML).status());
  }

  @Test
  void aSuspendedMembersPagesAreGone() {
    Member eve = plutro.register("eve");
    String id = plutro.post(eve, "Eve was here", "visibility", "public");
    assertEquals(200, plutro.get("/@eve/" + id, "Accept", HTML).status());
    plutro.sql("UPDATE accounts SET suspended_at = now() WHERE id = $1", Long.parseLong(eve.id()));
    assertEquals(404, plutro.get("/@eve", "Accept", HTML).status());
    assertEquals(404, plutro.get("/@eve/" + id, "Accept", HTML).status());
    assertEquals(404, plutro.get("/@eve/with_replies", "Accept", HTML).status());
  }
}
