package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * The pages a visitor finds before any profile: the front page, /about with its rules, moderated
 * servers and privacy policy, /privacy-policy, and hashtag pages; what members wrote is escaped.
 */
class FrontPagesTest {
  static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  static TestInstance plutro;
  static FakeRemote remote;
  static Member alice;
  static Path dataDir;

  @BeforeAll
  static void start() throws IOException {
    plutro = TestInstance.start(Map.of("PLUTRO_INSTANCE_NAME", "Owls <Club>",
        "PLUTRO_INSTANCE_DESCRIPTION", "Night birds & <script>alert(1)</script> people",
        "PLUTRO_INSTANCE_CONTACT_EMAIL", "owls@example.org",
        "PLUTRO_TIMELINE_PREVIEW", "true"));
    remote = new FakeRemote();
    dataDir = plutro.server().settings().dataDir();
    Files.writeString(dataDir.resolve("rules.txt"), "Be kind | to owls <b>and</b> people\nNo spam\n");
    alice = plutro.register("alice");
    plutro.sql("UPDATE accounts SET display_name = $1 WHERE id = $2", "Alice <script>x()</script>",
        Long.parseLong(alice.id()));
  }

  @AfterAll
  static void stop() {
    remote.close();
    plutro.close();
  }

  static Document page(String path) {
    Reply reply = plutro.get(path, "Accept", BROWSER);
    assertEquals(200, reply.status(), path + " " + reply.body());
    assertTrue(reply.header("Content-Type").startsWith("text/html"), path);
    return Jsoup.parse(reply.body());
  }

  static void noScriptButOurs(Document doc) {
    assertTrue(doc.select("script:not([src])").isEmpty(), doc.html());
    assertEquals(1, doc.select("script").size());
    assertTrue(doc.select("[onclick], [onerror]").isEmpty());
  }

  @Test
  void theFrontPageSaysWhatTheServerIsAndHowToJoin() {
    plutro.post(alice, "Hello from the <front> page", "visibility", "public");
    plutro.post(alice, "An unlisted hello", "visibility", "unlisted");
    plutro.post(alice, "A hello for followers", "visibility", "private");
    Document doc = page("/");
    assertEquals("Owls <Club>", doc.selectFirst("h1").text());
    assertEquals("Owls <Club>", doc.title());
    assertTrue(doc.selectFirst(".lead").text().contains("Night birds & <script>alert(1)</script> people"));
    noScriptButOurs(doc);
    assertNotNull(doc.selectFirst("header.site a.brand"), "the frame");
    assertTrue(doc.selectFirst("main").text().matches("(?s).*\\b\\d+ members?\\b.*"), doc.selectFirst("main").text());
    assertNotNull(doc.selectFirst("main a[href=/auth/sign_up]"));
    assertNotNull(doc.selectFirst("main a[href=/auth/sign_in]"));
    assertEquals("mailto:owls@example.org", doc.selectFirst("main a[href^=mailto:]").attr("href"));
    assertEquals(2, doc.select("ol.rules li").size());
    assertEquals("Be kind", doc.selectFirst("ol.rules .rule").text());
    assertEquals("to owls <b>and</b> people", doc.selectFirst("ol.rules .hint").text());
    // The preview: public posts of members, nothing narrower.
    String preview = doc.selectFirst(".preview").text();
    assertTrue(preview.contains("Hello from the <front> page"), preview);
    assertTrue(preview.contains("Alice <script>x()</script>"), preview);
    assertFalse(preview.contains("unlisted hello") || preview.contains("for followers"), preview);

    // A member is shown the way on: the profile, the settings, and where to post from.
    Document member = WebSignIn.as(plutro, alice).page("/");
    assertNotNull(member.selectFirst("main a[href=/@alice]"));
    assertNotNull(member.selectFirst("main a[href=/settings/profile]"));
    assertNotNull(member.selectFirst("main a[href=/home]"), "the way to her home timeline");
    assertTrue(member.selectFirst("main").text().contains("with an app for Mastodon"), member.text());
    assertTrue(member.selectFirst("main").text().contains(plutro.authority()), member.text());
    assertNull(member.selectFirst("main a[href=/auth/sign_up]"));
  }

  @Test
  void withoutPreviewAndWithInvitationsTheFrontPageSaysSo() {
    try (TestInstance invite = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "invite"))) {
      Document doc = Jsoup.parse(invite.get("/", "Accept", BROWSER).body());
      assertNull(doc.selectFirst(".preview"), "no preview unless the operator allows it");
      assertTrue(doc.selectFirst("main").text().contains("by invitation"));
      assertNotNull(doc.selectFirst("main a[href=/auth/sign_up]"));
      assertTrue(doc.selectFirst("main").text().contains("0 members "), doc.selectFirst("main").text());
    }
    try (TestInstance closed = TestInstance.start(Map.of("PLUTRO_REGISTRATIONS", "closed"))) {
      Document doc = Jsoup.parse(closed.get("/", "Accept", BROWSER).body());
      assertTrue(doc.select("a[href=/auth/sign_up]").isEmpty(), "no sign-up link anywhere");
      assertTrue(doc.selectFirst("main").text().contains("Sign-up is closed"));
      assertNotNull(doc.selectFirst("main a[href=/auth/sign_in]"));
    }
  }

  @Test
  void aboutShowsRulesModeratedServersContactAndThePolicy() throws Exception {
    plutro.sql("INSERT INTO instance_domain_blocks (domain, severity, public_comment, obfuscate)"
        + " VALUES ('spam.example', 'suspend', 'Spam <b>everywhere</b>', false),"
        + " ('rude.example', 'silence', '', false),"
        + " ('secret-place.example', 'suspend', 'Harassment', true),"
        + " ('media-only.example', 'noop', 'Big files', false)");
    Document doc = page("/about");
    noScriptButOurs(doc);
    assertEquals("About Owls <Club>", doc.selectFirst("h1").text());
    assertEquals(2, doc.select("ol.rules li").size());
    assertEquals("mailto:owls@example.org", doc.selectFirst("#contact + p a").attr("href"));
    var rows = doc.select("table.servers tbody tr");
    assertEquals(3, rows.size(), "noop blocks are not shown");
    // Suspended first, by name; an obfuscated domain is starred out; comments are text.
    assertEquals("secret******.**ample", rows.get(0).selectFirst(".domain").text());
    assertEquals("Suspended", rows.get(0).select("td").get(1).text());
    assertEquals("spam.example", rows.get(1).selectFirst(".domain").text());
    assertEquals("Spam <b>everywhere</b>", rows.get(1).select("td").get(2).text());
    assertEquals("Limited", rows.get(2).select("td").get(1).text());
    assertEquals("No reason given", rows.get(2).select("td").get(2).text());
    assertFalse(doc.html().contains("secret-place"), "an obfuscated domain stays hidden");
    // Apps read the same list from Mastodon's API.
    JsonArray api = plutro.get("/api/v1/instance/domain_blocks").array();
    assertEquals(3, api.size());
    assertEquals(new JsonObject().put("domain", "spam.example").put("digest", sha256("spam.example"))
        .put("severity", "suspend").put("comment", "Spam <b>everywhere</b>"), api.getJsonObject(1));
    assertEquals(sha256("secret-place.example"), api.getJsonObject(0).getString("digest"));
    assertEquals("silence", api.getJsonObject(2).getString("severity"));
    // The default policy says what the code keeps, with this server's numbers.
    String policy = doc.selectFirst("#privacy").text();
    assertTrue(policy.contains("IP addresses are erased after 14 days"), policy);
    assertTrue(policy.contains("deleted 30 days later"), policy);
    assertTrue(policy.contains("plutro_session"), policy);
    assertNotNull(doc.selectFirst("#privacy a[href=/privacy-policy]"));
    assertTrue(page("/privacy-policy").selectFirst("main").text().contains("IP addresses are erased after 14 days"));
    // The instance actor's url is this page.
    JsonObject actor = plutro.get("/actor", "Accept", "application/activity+json").json();
    assertEquals(plutro.base() + "/about", actor.getString("url"));
  }

  static String sha256(String text) throws java.security.NoSuchAlgorithmException {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theOperatorsPolicyFileIsShownSafely() throws IOException {
    Path md = dataDir.resolve("privacy-policy.md");
    Path html = dataDir.resolve("privacy-policy.html");
    Path txt = dataDir.resolve("privacy-policy.txt");
    try {
      Files.writeString(md, "# Our promise\n\nWe keep **little**. <script>alert(1)</script>\n"
          + "See [the law](https://law.example/gdpr) or https://owls.example/more.\n\n"
          + "- one\n- two <img src=x onerror=alert(2)>\n", StandardCharsets.UTF_8);
      Document doc = page("/privacy-policy");
      noScriptButOurs(doc);
      var policy = doc.selectFirst(".policy");
      assertEquals("Our promise", policy.selectFirst("h2").text());
      assertTrue(policy.text().contains("<script>alert(1)</script>"), "shown as written, as text");
      assertEquals("https://law.example/gdpr", policy.selectFirst("a:contains(the law)").attr("href"));
      assertNotNull(policy.selectFirst("a[href=https://owls.example/more]"));
      assertEquals(2, policy.select("ul li").size());
      assertTrue(policy.select("img").isEmpty());

      Files.writeString(html, "<h2>Policy</h2><p onclick=\"steal()\">We keep <em>logs</em>.</p>"
          + "<script>alert(3)</script><iframe src=\"https://evil.example\"></iframe>");
      doc = page("/about");
      noScriptButOurs(doc);
      policy = doc.selectFirst("#privacy .policy");
      assertEquals("We keep logs.", policy.selectFirst("p").text());
      assertNotNull(policy.selectFirst("em"));
      assertTrue(policy.select("iframe, script").isEmpty());
      assertFalse(policy.html().contains("steal"));

      Files.delete(html);
      Files.delete(md);
      Files.writeString(txt, "Plain words.\n\nA second <paragraph>.");
      policy = page("/privacy-policy").selectFirst(".policy");
      assertEquals(2, policy.select("p").size());
      assertEquals("A second <paragraph>.", policy.select("p").get(1).text());
    } finally {
      Files.deleteIfExists(md);
      Files.deleteIfExists(html);
      Files.deleteIfExists(txt);
    }
  }

  @Test
  void everyHashtagLinkLeadsToItsPageWhateverTheCase() {
    String id = plutro.post(alice, "Owls at dusk #NightOwls", "visibility", "public");
    plutro.post(alice, "Unlisted #NightOwls", "visibility", "unlisted");
    plutro.post(alice, "Followers only #NightOwls", "visibility", "private");
    Document postPage = page("/@alice/" + id);
    String href = postPage.selectFirst(".focus a.hashtag").attr("href");
    assertEquals(plutro.base() + "/tags/nightowls", href);
    // The Hashtag we publish to servers points at the same page.
    JsonArray tags = plutro.get("/users/alice/statuses/" + id, "Accept", "application/activity+json")
        .json().getJsonArray("tag");
    assertEquals(href, tags.getJsonObject(0).getString("href"));
    for (String path : new String[] {"/tags/nightowls", "/tags/NightOwls", "/tags/NIGHTOWLS"}) {
      Document doc = page(path);
      assertEquals("#nightowls", doc.selectFirst("h1").text());
      String posts = doc.selectFirst(".posts").text();
      assertTrue(posts.contains("Owls at dusk"), posts);
      assertFalse(posts.contains("Unlisted") || posts.contains("Followers only"), posts);
    }
    Document unknown = page("/tags/nobodysaidthis");
    assertEquals("No posts with #nobodysaidthis yet.", unknown.selectFirst(".empty").text());
    Document odd = page("/tags/%3Cscript%3E");
    noScriptButOurs(odd);
    assertEquals("#<script>", odd.selectFirst("h1").text());
  }

  @Test
  void aHashtagPageShowsPostsFromOtherServersAndPages() {
    FakeRemote.Actor poster = remote.actor("poster");
    JsonObject note = new JsonObject().put("id", poster.uri() + "/notes/" + UUID.randomUUID())
        .put("type", "Note").put("attributedTo", poster.uri())
        .put("content", "<p>From afar <a href=\"" + remote.base() + "/tags/paging\" class=\"hashtag\">#Paging</a>"
            + " <script>alert(9)</script></p>")
        .put("published", "2026-01-01T00:00:00Z")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("cc", new JsonArray().add(alice.actorUri()))
        .put("tag", new JsonArray()
            .add(new JsonObject().put("type", "Mention").put("href", alice.actorUri()).put("name", "@alice"))
            .add(new JsonObject().put("type", "Hashtag").put("name", "#Paging")));
    JsonObject create = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", poster.uri() + "/activities/" + UUID.randomUUID()).put("type", "Create")
        .put("actor", poster.uri()).put("to", note.getValue("to")).put("cc", note.getValue("cc"))
        .put("object", note);
    assertEquals(202, SignedPost.post(plutro, "/inbox", poster.signer(), RequestSigner.Style.CAVAGE,
        create.encode(), Map.of()).status());
    Eventually.within10s("the remote post is taken in", () -> plutro.count(
        "SELECT count(*) FROM statuses WHERE uri = $1", note.getString("id")) == 1);
    for (int i = 1; i <= 21; i++) {
      plutro.post(alice, "Page post " + i + ". #paging", "visibility", "public");
    }
    Document first = page("/tags/paging");
    assertEquals(20, first.select(".posts article").size());
    assertTrue(first.select(".posts article").first().text().contains("Page post 21."));
    Document second = page(first.selectFirst("a[rel=next]").attr("href"));
    assertEquals(2, second.select(".posts article").size());
    var remoteArticle = second.select(".posts article").last();
    assertTrue(remoteArticle.text().contains("From afar"), remoteArticle.text());
    assertTrue(remoteArticle.text().contains("@poster@" + remote.authority()), remoteArticle.text());
    noScriptButOurs(second);
  }
}
