package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.plutro.server.http.web.WebPaths;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * Every address Plutro hands out in its actors, WebFinger answers and NodeInfo discovery answers
 * something sensible to a server's signed GET (and its pages to a browser): nothing it advertises
 * is "not found".
 */
class AdvertisedAddressesTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static FakeRemote.Actor reader;
  static Member amy;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    reader = remote.actor("reader");
    amy = plutro.register("amy");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  static Reply signedGet(String url) {
    return SignedPost.get(plutro, url, reader.signer());
  }

  static JsonObject webfinger(String resource) {
    return plutro.get("/.well-known/webfinger?resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8))
        .json();
  }

  /** A collection answers a signed GET with itself. */
  static void collection(String what, String url) {
    Reply reply = signedGet(url);
    assertEquals(200, reply.status(), what + " " + url + ": " + reply);
    assertTrue(reply.header("Content-Type").startsWith("application/activity+json"), what);
    assertEquals(url, reply.json().getString("id"), what);
    assertTrue(reply.json().getString("type").endsWith("Collection"), what + ": " + reply.body());
  }

  static void page(String what, String url) {
    Reply reply = plutro.get(url, "Accept", "text/html");
    assertEquals(200, reply.status(), what + " " + url + ": " + reply);
    assertTrue(reply.header("Content-Type").startsWith("text/html"), what);
  }

  @Test
  void aMembersActorAnswersAtEveryAddressItNames() {
    JsonObject actor = signedGet(amy.actorUri()).json();
    for (String field : new String[] {"outbox", "followers", "following", "featured"}) {
      collection(field, actor.getString(field));
    }
    page("url", actor.getString("url"));
    assertEquals(401, signedGet(actor.getString("inbox")).status(),
        "a member's inbox is read with the member's token (client-to-server)");
    Reply shared = signedGet(actor.getJsonObject("endpoints").getString("sharedInbox"));
    assertEquals(405, shared.status(), "a shared inbox is written to, not read");
    assertEquals("POST", shared.header("Allow"));
  }

  @Test
  void theInstanceActorAnswersAtEveryAddressItNames() {
    JsonObject actor = signedGet(plutro.base() + "/actor").json();
    for (String field : new String[] {"outbox", "featured"}) {
      collection(field, actor.getString(field));
    }
    page("url", actor.getString("url"));
    assertEquals(405, signedGet(actor.getString("inbox")).status());
    assertEquals(405, signedGet(actor.getJsonObject("endpoints").getString("sharedInbox")).status());
  }

  @Test
  void webFingerLinksAndAliasesAnswer() {
    for (String resource : new String[] {"acct:amy@" + plutro.authority(), plutro.base() + "/"}) {
      JsonObject jrd = webfinger(resource);
      for (Object item : jrd.getJsonArray("links")) {
        JsonObject link = (JsonObject) item;
        String rel = link.getString("rel");
        if (link.getString("template") != null) {
          subscribe(link.getString("template"));
        } else if ("text/html".equals(link.getString("type"))) {
          page(rel, link.getString("href"));
        } else {
          assertEquals(200, signedGet(link.getString("href")).status(), rel);
        }
      }
      for (Object alias : jrd.getJsonArray("aliases")) {
        assertEquals(200, signedGet((String) alias).status(), "alias " + alias);
      }
    }
  }

  /**
   * The subscribe template is where a member of ours follows or answers what another server names:
   * a visitor is sent to sign in and brought back; a member gets the page.
   */
  static void subscribe(String template) {
    String named = template.replace("{uri}", URLEncoder.encode(amy.actorUri(), StandardCharsets.UTF_8));
    Reply visitor = plutro.get(named, "Accept", "text/html");
    assertEquals(303, visitor.status(), named + ": " + visitor);
    assertEquals(WebPaths.signIn(named.substring(plutro.base().length())), visitor.header("Location"));
    Reply member = WebSignIn.as(plutro, "amy").get(named.substring(plutro.base().length()));
    assertEquals(200, member.status(), named + ": " + member);
    assertTrue(member.header("Content-Type").startsWith("text/html"));
  }

  @Test
  void theSubscribeTemplateSaysWhereToFindWhatWasNamed() {
    String template = webfinger("acct:amy@" + plutro.authority()).getJsonArray("links").stream()
        .map(JsonObject.class::cast).filter(l -> "http://ostatus.org/schema/1.0/subscribe".equals(l.getString("rel")))
        .findFirst().orElseThrow().getString("template");
    String named = "https://elsewhere.example/@zed\"<b>";
    String body = WebSignIn.as(plutro, "amy").get(template.replace("{uri}",
        URLEncoder.encode(named, StandardCharsets.UTF_8)).substring(plutro.base().length())).body();
    Document page = Jsoup.parse(body);
    assertEquals(named, page.selectFirst("main code").text(), body);
    assertTrue(page.select("main b").isEmpty(), "what was named is text");
  }

  @Test
  void nodeInfoLinksAnswer() {
    for (Object item : plutro.get("/.well-known/nodeinfo").json().getJsonArray("links")) {
      String href = ((JsonObject) item).getString("href");
      assertEquals(200, signedGet(href).status(), href);
    }
  }

  @Test
  void aNotesAddressesAnswer() {
    JsonObject post = plutro.postForm("/api/v1/statuses", Map.of("status", "hello"),
        "Authorization", "Bearer " + amy.token()).json();
    JsonObject note = signedGet(post.getString("uri")).json();
    assertEquals(200, signedGet(note.getString("url")).status());
    page("url", note.getString("url"));
    collection("replies", note.getJsonObject("replies").getString("id"));
    assertEquals(200, signedGet(note.getJsonObject("replies").getJsonObject("first").getString("next")).status());
  }
}
