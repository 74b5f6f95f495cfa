package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.plutro.server.media.TestImages;
import org.plutro.server.testrig.Chromium;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * A visitor's walk in a real browser: the front page, /about, a profile, a post and a reply, a
 * hashtag, following from their own server, and a member of ours following and answering through
 * /authorize_interaction. Each page is photographed ({@code target/screenshots/visitor-*}) and
 * must fit a 390 px phone. JavaScript is off: every one of these steps is a link or a plain form.
 */
class VisitorBrowserTest {
  @RegisterExtension
  static final Chromium browser = new Chromium(false);
  static TestInstance plutro;
  static FakeRemote remote;
  static Member alice;
  static Member bob;
  static String postId;
  static String replyId;

  @BeforeAll
  static void start() throws Exception {
    plutro = TestInstance.start(Map.of("PLUTRO_INSTANCE_NAME", "Owl Town",
        "PLUTRO_INSTANCE_DESCRIPTION", "A small server for people who like the night and its birds.",
        "PLUTRO_INSTANCE_CONTACT_EMAIL", "wardens@owl.example", "PLUTRO_TIMELINE_PREVIEW", "true"));
    remote = new FakeRemote();
    remote.actor("rita");
    Files.writeString(plutro.server().settings().dataDir().resolve("rules.txt"),
        "Be kind to each other | Disagree with ideas, not with people\n"
            + "Mark what may upset others with a content warning\nNo advertising\n");
    plutro.sql("INSERT INTO instance_domain_blocks (domain, severity, public_comment)"
        + " VALUES ('spam.example', 'suspend', 'Sends spam to everyone'),"
        + " ('loud.example', 'silence', 'Too many unsolicited mentions')");
    alice = plutro.register("alice");
    bob = plutro.register("bob");
    Multipart profile = new Multipart()
        .field("display_name", "Alice Nightingale")
        .field("note", "I watch owls at night and write about it. <script>alert(1)</script>")
        .field("fields_attributes[0][name]", "Blog")
        .field("fields_attributes[0][value]", "https://owls.example")
        .field("fields_attributes[1][name]", "Town")
        .field("fields_attributes[1][value]", "Owlsbury")
        .file("avatar", "me.png", "image/png", TestImages.encode(TestImages.picture(200, 200, false), "png"));
    Reply avatar = plutro.send(HttpRequest.newBuilder(URI.create(plutro.base()
            + "/api/v1/accounts/update_credentials")).method("PATCH", profile.publisher())
            .header("Content-Type", profile.contentType()),
        "Authorization", "Bearer " + alice.token());
    assertEquals(200, avatar.status(), avatar.body());
    postId = plutro.post(alice,
        "A barn owl hunted over the meadow for an hour tonight. Silent wings! #owls");
    plutro.post(alice, "Tomorrow: the long-eared owls of the old park. #owls");
    replyId = plutro.post(bob, "@alice How close did you get? I have never seen one hunt.",
        "in_reply_to_id", postId);
    plutro.post(alice, "@bob About twenty metres, from behind the hedge.", "in_reply_to_id", replyId);
  }

  @AfterAll
  static void stop() {
    remote.close();
    plutro.close();
  }

  @Test
  void aVisitorWalksThroughTheServer() {
    browser.visit(plutro.base() + "/");
    assertEquals("Owl Town", browser.title());
    assertTrue(browser.text().contains("Be kind to each other"));
    assertTrue(browser.text().contains("A barn owl hunted"), "the preview");
    browser.photograph("visitor-home");

    browser.follow("More about this server");
    assertTrue(browser.url().endsWith("/about"));
    assertTrue(browser.text().contains("spam.example"));
    assertTrue(browser.text().contains("IP addresses are erased after 14 days"));
    browser.photograph("visitor-about");

    browser.visit(plutro.base() + "/@alice");
    assertTrue(browser.text().contains("Alice Nightingale"));
    assertTrue(browser.text().contains("<script>alert(1)</script>"), "the bio's script is text");
    browser.photograph("visitor-profile");

    browser.visit(plutro.base() + "/@alice/" + postId);
    assertTrue(browser.text().contains("How close did you get?"), "the replies are below");
    browser.photograph("visitor-post");

    browser.visit(plutro.base() + "/@bob/" + replyId);
    String thread = browser.text();
    assertTrue(thread.indexOf("A barn owl hunted") < thread.indexOf("How close did you get?"),
        "the post answered is above the reply");
    assertTrue(thread.contains("About twenty metres"));
    browser.photograph("visitor-reply");

    browser.visit(plutro.base() + "/@alice/" + postId);
    browser.follow("#owls");
    assertTrue(browser.url().endsWith("/tags/owls"), browser.url());
    assertTrue(browser.text().contains("Tomorrow: the long-eared owls"));
    browser.photograph("visitor-tag");

    browser.visit(plutro.base() + "/@alice/" + postId);
    browser.follow("Interact from your own server");
    browser.fill("Your handle", "rita@" + remote.authority());
    browser.press("Continue");
    String link = browser.driver().findElement(By.linkText("Continue on " + remote.authority()))
        .getAttribute("href");
    assertEquals(remote.base() + "/authorize_interaction?uri=" + URLEncoder.encode(
        plutro.base() + "/users/alice/statuses/" + postId, StandardCharsets.UTF_8), link);
    browser.photograph("visitor-remote-interaction");
  }

  @Test
  void aMemberArrivingFromAnotherServerFollowsAndReplies() {
    WebSignIn.as(browser, plutro, "bob");

    browser.visit(plutro.base() + "/authorize_interaction?uri="
        + URLEncoder.encode("acct:alice@" + plutro.authority(), StandardCharsets.UTF_8));
    assertTrue(browser.text().contains("Alice Nightingale"));
    browser.photograph("visitor-authorize-account");
    browser.press("Follow");
    assertTrue(browser.text().contains("You follow Alice Nightingale"), browser.text());
    browser.photograph("visitor-authorize-followed");

    browser.visit(plutro.base() + "/authorize_interaction?uri="
        + URLEncoder.encode(plutro.base() + "/@alice/" + postId, StandardCharsets.UTF_8));
    browser.photograph("visitor-authorize-post");
    browser.fill("Your reply", "@alice I will come along tomorrow!");
    browser.press("Reply");
    assertTrue(browser.text().contains("Your reply is posted."), browser.text());
    browser.follow("See your reply");
    assertTrue(browser.text().contains("I will come along tomorrow!"));
    assertTrue(browser.text().contains("A barn owl hunted"), "the post it answers, above");
    browser.photograph("visitor-authorize-replied");
    browser.forgetCookies();
  }
}
