package org.plutro.server.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.ServerInternals;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * Suggestions for one member, by consent: off by default (nothing derived, none in the API, not
 * even by the hourly job); on, hashtags and people drawn from their own posts and likes, each with
 * its reason, on Explore and in {@code /api/v2/suggestions}; a dismissed account is gone for good;
 * off again, what was derived is deleted.
 */
class SuggestionsForYouTest {
  static TestInstance plutro;
  static Member ann;
  static Member mel;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    ann = plutro.register("ann");
    mel = plutro.register("mel");
    List<String> annPosts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      annPosts.add(plutro.post(ann, "Ride number " + i + " #cycling"));
    }
    for (String id : annPosts) {
      assertEquals(200, plutro.postForm("/api/v1/statuses/" + id + "/favourite", Map.of(),
          "Authorization", "Bearer " + mel.token()).status());
    }
    plutro.post(mel, "Bread again #baking");
    plutro.post(mel, "More bread <script>alert(1)</script> #baking");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static long derived() {
    return plutro.count("SELECT count(*) FROM personal_suggestions WHERE account_id = $1", Long.parseLong(mel.id()));
  }

  static JsonArray v2() {
    var reply = plutro.getWithToken("/api/v2/suggestions", mel.token());
    assertEquals(200, reply.status(), reply.toString());
    return reply.array();
  }

  @Test
  void offByDefaultThenOnWithReasonsThenOffDeletesWhatWasDerived() {
    // Off: nothing is derived, even by the job, and the API suggests no one.
    ServerInternals.refreshSuggestions(plutro.server());
    assertEquals(0, derived());
    assertEquals(0, v2().size());
    assertEquals(0, plutro.getWithToken("/api/v1/suggestions", mel.token()).array().size());
    Browser browser = WebSignIn.as(plutro, mel);
    Document forYou = browser.page("/explore/suggestions");
    assertTrue(forYou.text().contains("Suggestions for you are off."), forYou.text());
    Document settings = browser.page("/settings/suggestions");
    assertTrue(settings.text().contains("stays here"), settings.text());
    assertFalse(settings.selectFirst("input[name=suggestions]").hasAttr("checked"), "off by default");

    // Without the form's token nothing changes.
    assertEquals(403, browser.post("/settings/suggestions", Map.of("suggestions", "1")).status());
    assertEquals(403, browser.post("/settings/suggestions", Browser.form("wrong", "suggestions", "1")).status());
    assertEquals(0, derived());

    // On: derived at once, each with its reason.
    var saved = browser.submit("/settings/suggestions", "/settings/suggestions", Map.of("suggestions", "1"));
    assertEquals(303, saved.status());
    assertTrue(browser.page("/settings/suggestions").selectFirst("input[name=suggestions]").hasAttr("checked"));
    assertTrue(derived() > 0);
    JsonArray suggested = v2();
    JsonObject first = suggested.getJsonObject(0);
    assertEquals("ann", first.getJsonObject("account").getString("username"));
    assertEquals("past_interactions", first.getString("source"));
    assertEquals(new JsonArray().add("most_interactions"), first.getJsonArray("sources"));
    assertEquals("You liked 4 posts by @ann", first.getString("reason"));
    forYou = browser.page("/explore/suggestions");
    String text = forYou.text();
    assertTrue(text.contains("You often post about #baking"), text);
    assertTrue(text.contains("You liked 4 posts about #cycling"), text);
    assertTrue(text.contains("You liked 4 posts by @ann"), text);
    // The job derives them again, the same.
    ServerInternals.refreshSuggestions(plutro.server());
    assertEquals("You liked 4 posts by @ann", v2().getJsonObject(0).getString("reason"));

    // Dismissed with the button: not suggested again.
    var dismissed = browser.submit("/explore/suggestions", "/explore/suggestions/" + ann.id() + "/dismiss", Map.of());
    assertEquals(303, dismissed.status());
    assertTrue(browser.page("/explore/suggestions").text().contains("We will not suggest @ann"));
    assertTrue(v2().stream().noneMatch(s -> "ann".equals(((JsonObject) s).getJsonObject("account").getString("username"))));
    assertEquals(0, plutro.count("SELECT count(*) FROM personal_suggestions WHERE account_id = $1 AND kind = 'account'"
        + " AND target_id = $2", Long.parseLong(mel.id()), Long.parseLong(ann.id())));

    // Off again: everything derived is deleted, and the API suggests no one.
    assertEquals(303, browser.submit("/settings/suggestions", "/settings/suggestions", Map.of()).status());
    assertEquals(0, derived());
    assertEquals(0, v2().size());
    assertTrue(browser.page("/explore/suggestions").text().contains("Suggestions for you are off."));
  }

  @Test
  void dismissingThroughTheApiAndSomeoneElsesIdsAreHandled() {
    assertEquals(404, plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/suggestions/999999"))
        .DELETE(), "Authorization", "Bearer " + mel.token()).status());
    Browser visitor = new Browser(plutro);
    assertEquals(303, visitor.get("/explore/suggestions").status(), "a visitor is asked to sign in");
    assertEquals(200, visitor.get("/explore").status());
  }
}
