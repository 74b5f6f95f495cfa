package org.plutro.server.http.web.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.media.TestImages;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * {@code /publish}, {@code /statuses/:id/edit} and {@code /statuses/:id/history} as a plain
 * browser without JavaScript uses them: posts land as the API would store them, and a forged,
 * refused or hostile form stores nothing and runs nothing.
 */
class ComposePagesTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  private static long posts(Member member) {
    return plutro.count("SELECT count(*) FROM statuses WHERE account_id = " + member.id());
  }

  private static long uploads(Member member) {
    return plutro.count("SELECT count(*) FROM media_attachments WHERE account_id = " + member.id());
  }

  private static JsonObject status(Member member, String id) {
    return plutro.getWithToken("/api/v1/statuses/" + id, member.token()).json();
  }

  private static String idIn(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  @Test
  void aVisitorIsSentToSignIn() {
    Reply reply = plutro.get("/publish", "Accept", "text/html");
    assertEquals(303, reply.status());
    assertTrue(reply.header("Location").startsWith("/auth/sign_in"), reply.header("Location"));
  }

  @Test
  void theFormHasALabelForEveryFieldAndTheMembersDefaults() {
    Member ada = plutro.register("ada");
    assertEquals(200, plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(plutro.base()
            + "/api/v1/accounts/update_credentials")).method("PATCH",
            java.net.http.HttpRequest.BodyPublishers.ofString("{\"source\":{\"privacy\":\"unlisted\",\"language\":\"de\",\"quote_policy\":\"followers\"}}"))
        .header("Content-Type", "application/json"), "Authorization", "Bearer " + ada.token()).status());
    Document page = WebSignIn.as(plutro, ada).page("/publish");
    assertEquals("Publish · Plutro", page.title());
    page.select("form[action=/publish] input:not([type=hidden]), form[action=/publish] select,"
        + " form[action=/publish] textarea").forEach(field -> assertNotNull(
            page.selectFirst("label[for=" + field.id() + "]"), "a label for " + field.id()));
    assertEquals("Post text", page.selectFirst("label[for=status]").text());
    assertEquals("Content warning", page.selectFirst("label[for=spoiler_text]").text());
    assertTrue(page.getElementById("status-hint").text().contains("500 characters"));
    assertEquals("unlisted", page.selectFirst("#visibility option[selected]").val());
    assertEquals("followers", page.selectFirst("#quote_approval_policy option[selected]").val());
    assertEquals("de", page.getElementById("language").val());
    assertEquals("multipart/form-data", page.selectFirst("form[action=/publish]").attr("enctype"));
  }

  @Test
  void postingStoresThePostAsTheApiWouldAndGoesToItsPage() {
    Member bea = plutro.register("bea");
    Browser browser = WebSignIn.as(plutro, bea);
    Reply posted = browser.submit("/publish", "/publish", Map.of("status", "Hello #gardens, <script>alert(1)</script>",
        "spoiler_text", "Plants", "visibility", "unlisted", "language", "en",
        "quote_approval_policy", "nobody"));
    assertEquals(303, posted.status(), posted.body());
    String location = posted.header("Location");
    assertTrue(location.startsWith("/@bea/"), location);
    JsonObject status = status(bea, idIn(location));
    assertEquals("Plants", status.getString("spoiler_text"));
    assertEquals("unlisted", status.getString("visibility"));
    assertEquals("en", status.getString("language"));
    assertTrue(status.getBoolean("sensitive"));
    assertEquals("gardens", status.getJsonArray("tags").getJsonObject(0).getString("name"));
    assertTrue(status.getJsonObject("quote_approval").getJsonArray("automatic").isEmpty(), "nobody may quote");
    // Its page shows the text escaped: the script is words, not a script.
    Reply page = plutro.get(location, "Accept", "text/html");
    assertEquals(200, page.status());
    assertFalse(page.body().contains("<script>alert(1)"), "escaped");
    assertTrue(Jsoup.parse(page.body()).text().contains("<script>alert(1)</script>"));
  }

  @Test
  void theSameFormSentTwiceMakesOnePost() {
    Member cat = plutro.register("cat");
    Browser browser = WebSignIn.as(plutro, cat);
    Document form = browser.page("/publish");
    String key = form.selectFirst("input[name=idempotency_key]").val();
    Map<String, String> fields = Browser.form(Browser.csrf(form), "status", "Once only", "idempotency_key", key);
    Reply first = browser.post("/publish", fields);
    Reply second = browser.post("/publish", fields);
    assertEquals(303, first.status());
    assertEquals(first.header("Location"), second.header("Location"));
    assertEquals(1, posts(cat));
  }

  @Test
  void returnToGoesBackOnlyToThisServer() {
    Member dan = plutro.register("dan");
    Browser browser = WebSignIn.as(plutro, dan);
    Reply home = browser.submit("/publish", "/publish", Map.of("status", "From home", "return_to", "/home"));
    assertEquals("/home", home.header("Location"));
    Reply away = browser.submit("/publish", "/publish", Map.of("status", "Elsewhere", "return_to", "//evil.example/x"));
    assertTrue(away.header("Location").startsWith("/@dan/"), away.header("Location"));
  }

  @Test
  void aFormWithoutItsTokenIsRefusedAndStoresNothing() {
    Member eve = plutro.register("eve");
    Browser browser = WebSignIn.as(plutro, eve);
    browser.page("/publish");
    assertEquals(403, browser.post("/publish", Browser.form(null, "status", "Forged")).status());
    assertEquals(403, browser.post("/publish", Browser.form("wrong", "status", "Forged")).status());
    assertEquals(0, posts(eve));
  }

  @Test
  void tooLongTextComesBackKeptWithItsErrorAndNothingStored() {
    Member fay = plutro.register("fay");
    Browser browser = WebSignIn.as(plutro, fay);
    String text = "x".repeat(501);
    Reply refused = browser.submit("/publish", "/publish", Map.of("status", text, "spoiler_text", "Kept CW",
        "poll_option_1", "Yes"));
    assertEquals(422, refused.status());
    Document page = Jsoup.parse(refused.body());
    assertEquals(text, page.getElementById("status").val());
    assertEquals("Kept CW", page.getElementById("spoiler_text").val());
    assertTrue(page.selectFirst("#status ~ p.field-error").text().contains("too long"), page.text());
    assertEquals(0, posts(fay));
  }

  @Test
  void aPollWithOneChoiceIsRefusedNextToThePoll() {
    Member gus = plutro.register("gus");
    Browser browser = WebSignIn.as(plutro, gus);
    Reply refused = browser.submit("/publish", "/publish", Map.of("status", "Which?", "poll_option_1", "Only one",
        "poll_expires_in", "3600"));
    assertEquals(422, refused.status());
    Document page = Jsoup.parse(refused.body());
    assertTrue(page.selectFirst("details[open] p.field-error").text().contains("2 to 4"), page.text());
    assertEquals("Only one", page.getElementById("poll_option_1").val());
    assertEquals(0, posts(gus));

    Reply poll = browser.submit("/publish", "/publish", Map.of("status", "Which?", "poll_option_1", "Tea",
        "poll_option_2", "Coffee", "poll_expires_in", "3600", "poll_multiple", "1"));
    assertEquals(303, poll.status(), poll.body());
    JsonObject made = status(gus, idIn(poll.header("Location"))).getJsonObject("poll");
    assertEquals(2, made.getJsonArray("options").size());
    assertTrue(made.getBoolean("multiple"));
  }

  @Test
  void aPictureWithAltTextIsUploadedThroughTheMediaService() {
    Member hal = plutro.register("hal");
    Browser browser = WebSignIn.as(plutro, hal);
    Document compose = browser.page("/publish");
    Multipart form = new Multipart().field("authenticity_token", Browser.csrf(compose))
        .field("idempotency_key", compose.selectFirst("input[name=idempotency_key]").val())
        .field("status", "An owl").field("visibility", "public")
        .file("media_1", "owl.png", "image/png", TestImages.encode(TestImages.picture(40, 30, false), "png"))
        .field("description_1", "A small brown owl on a branch")
        .file("media_2", "", "application/octet-stream", new byte[0]);
    Reply posted = browser.postMultipart("/publish", form);
    assertEquals(303, posted.status(), posted.body());
    JsonArray media = status(hal, idIn(posted.header("Location"))).getJsonArray("media_attachments");
    assertEquals(1, media.size());
    assertEquals("A small brown owl on a branch", media.getJsonObject(0).getString("description"));
    // The same form again (a double click): one post, and the second copy's file is not kept.
    assertEquals(posted.header("Location"), browser.postMultipart("/publish", form).header("Location"));
    assertEquals(1, posts(hal));
    assertEquals(1, uploads(hal));
  }

  @Test
  void aFileOfTheWrongKindOrTooManyFilesStoreNothing() {
    Member ida = plutro.register("ida");
    Browser browser = WebSignIn.as(plutro, ida);
    String token = browser.csrf("/publish");
    Multipart wrong = new Multipart().field("authenticity_token", token).field("status", "Look")
        .file("media_1", "fine.png", "image/png", TestImages.encode(TestImages.picture(20, 20, false), "png"))
        .field("description_1", "kept alt")
        .file("media_2", "notes.txt", "text/plain", "just words".getBytes(StandardCharsets.UTF_8));
    Reply refused = browser.postMultipart("/publish", wrong);
    assertEquals(422, refused.status(), refused.body());
    Document page = Jsoup.parse(refused.body());
    assertNotNull(page.selectFirst("#media_2 ~ p.field-error"), page.text());
    assertEquals("kept alt", page.getElementById("description_1").val());
    assertEquals("Look", page.getElementById("status").val());
    assertEquals(0, posts(ida));
    assertEquals(0, uploads(ida), "the file stored before the refused one is deleted");

    Multipart many = new Multipart().field("authenticity_token", token).field("status", "Many");
    for (int i = 1; i <= 5; i++) {
      many.file("media_" + (i == 5 ? 4 : i), "p" + i + ".png", "image/png",
          TestImages.encode(TestImages.picture(10, 10, false), "png"));
    }
    Reply tooMany = browser.postMultipart("/publish", many);
    assertEquals(422, tooMany.status());
    assertEquals(0, posts(ida));
    assertEquals(0, uploads(ida));
  }

  @Test
  void aFileTooLargeComesBackNextToItsFieldAndStoresNothing() {
    byte[] jpeg = TestImages.jpeg(300, 300);
    try (TestInstance small = TestInstance.start(Map.of("PLUTRO_MEDIA_MAX_IMAGE_BYTES", "2000",
        "PLUTRO_MEDIA_MAX_VIDEO_BYTES", "3000"))) {
      assertTrue(jpeg.length > 2000, "the picture is larger than allowed: " + jpeg.length);
      Member una = small.register("una");
      Browser browser = WebSignIn.as(small, una);
      Multipart form = new Multipart().field("authenticity_token", browser.csrf("/publish"))
          .field("status", "Big picture").file("media_1", "big.jpg", "image/jpeg", jpeg)
          .field("description_1", "A big one");
      Reply refused = browser.postMultipart("/publish", form);
      assertEquals(422, refused.status(), refused.body());
      Document page = Jsoup.parse(refused.body());
      assertNotNull(page.selectFirst("#media_1 ~ p.field-error"), page.text());
      assertEquals("A big one", page.getElementById("description_1").val());
      assertEquals(0, small.count("SELECT count(*) FROM statuses WHERE account_id = " + una.id()));
      assertEquals(0, small.count("SELECT count(*) FROM media_attachments WHERE account_id = " + una.id()));
    }
  }

  @Test
  void nulBytesAndBrokenMultipartAreRefusedAndStoreNothing() {
    Member jo = plutro.register("jo");
    Browser browser = WebSignIn.as(plutro, jo);
    Reply nul = browser.submit("/publish", "/publish", Map.of("status", "bad\u0000byte"));
    assertTrue(nul.status() >= 400 && nul.status() < 500, "status " + nul.status());
    String token = browser.csrf("/publish");
    Reply broken = plutro.postRaw("/publish", "multipart/form-data; boundary=xyz",
        ("--xyz\r\nContent-Disposition: form-data; name=\"authenticity_token\"\r\n\r\n" + token
            + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\nhalf a post")
            .getBytes(StandardCharsets.UTF_8), "Cookie", "plutro_session=" + browser.cookie("plutro_session"));
    assertTrue(broken.status() >= 400 && broken.status() < 500, "status " + broken.status());
    assertEquals(0, posts(jo));
  }

  @Test
  void aReplyNamesWhoItAnswersAndStaysAsNarrowAsThePostAnswered() {
    Member kim = plutro.register("kim");
    Member lee = plutro.register("lee");
    Member max = plutro.register("max");
    String parent = plutro.post(kim, "@max what do you think? <b>bold</b>", "visibility", "private",
        "spoiler_text", "Long read");
    plutro.postForm("/api/v1/accounts/" + kim.id() + "/follow", Map.of(), "Authorization", "Bearer " + lee.token());
    Browser browser = WebSignIn.as(plutro, lee);
    Document page = browser.page("/publish?in_reply_to=" + parent);
    assertEquals("@kim @max", page.getElementById("status").val().strip());
    assertEquals("private", page.selectFirst("#visibility option[selected]").val());
    assertEquals("Long read", page.getElementById("spoiler_text").val());
    assertNotNull(page.selectFirst(".compose-context article.post"), "the post answered is shown");
    assertNotNull(page.selectFirst(".compose-context article.member-post form[action=/statuses/" + parent
        + "/favourite]"), "as the member sees posts: with their buttons");
    Reply posted = browser.post("/publish", Browser.form(Browser.csrf(page), "status", page.getElementById("status").val() + " Agreed",
        "in_reply_to_id", parent, "visibility", "private"));
    assertEquals(303, posted.status(), posted.body());
    assertEquals(parent, status(lee, idIn(posted.header("Location"))).getString("in_reply_to_id"));
    // A post the member may not see is not found.
    Member ned = plutro.register("ned");
    assertEquals(404, WebSignIn.as(plutro, ned).get("/publish?in_reply_to=" + parent).status());
  }

  @Test
  void aQuoteIsShownWhenAllowedAndExplainedWhenNot() {
    Member ola = plutro.register("ola");
    Member pia = plutro.register("pia");
    String open = plutro.post(ola, "Quote me", "quote_approval_policy", "public");
    String closed = plutro.post(ola, "Do not quote me", "quote_approval_policy", "nobody");
    Browser browser = WebSignIn.as(plutro, pia);
    Document allowed = browser.page("/publish?quote=" + open);
    assertEquals(open, allowed.selectFirst("input[name=quoted_status_id]").val());
    assertTrue(allowed.selectFirst(".compose-context").text().contains("Quote me"));
    Document refused = browser.page("/publish?quote=" + closed);
    assertNull(refused.selectFirst("input[name=quoted_status_id]"));
    assertTrue(refused.selectFirst("p.alert").text().contains("cannot quote"), refused.text());

    Reply quoted = browser.post("/publish", Browser.form(Browser.csrf(allowed), "status", "Indeed", "quoted_status_id", open));
    assertEquals(303, quoted.status(), quoted.body());
    JsonObject quote = status(pia, idIn(quoted.header("Location"))).getJsonObject("quote");
    assertNotNull(quote);
    assertEquals(open, quote.getJsonObject("quoted_status").getString("id"));
    Reply sneaky = browser.post("/publish", Browser.form(Browser.csrf(allowed), "status", "Sneaky", "quoted_status_id", closed));
    assertEquals(422, sneaky.status());
    assertEquals(1, posts(pia));
  }

  @Test
  void editingSavesANewVersionAndTheHistoryShowsBoth() {
    Member quinn = plutro.register("quinn");
    String id = plutro.post(quinn, "First words", "spoiler_text", "CW one");
    Browser browser = WebSignIn.as(plutro, quinn);
    Document form = browser.page("/statuses/" + id + "/edit");
    assertEquals("First words", form.getElementById("status").val());
    assertEquals("CW one", form.getElementById("spoiler_text").val());
    Reply saved = browser.post("/statuses/" + id + "/edit", Browser.form(Browser.csrf(form),
        "status", "Second words", "spoiler_text", "CW two", "language", "en"));
    assertEquals(303, saved.status(), saved.body());
    assertEquals("/@quinn/" + id, saved.header("Location"));
    assertEquals("CW two", status(quinn, id).getString("spoiler_text"));

    Document history = Jsoup.parse(plutro.get("/statuses/" + id + "/history", "Accept", "text/html").body());
    assertEquals(2, history.select("ol.history > li").size());
    assertTrue(history.select("ol.history > li").get(0).text().contains("Second words"));
    assertTrue(history.select("ol.history > li").get(1).text().contains("First words"));
    assertNotNull(history.selectFirst("time[datetime]"));

    Reply tooLong = browser.post("/statuses/" + id + "/edit", Browser.form(Browser.csrf(form), "status", "y".repeat(600)));
    assertEquals(422, tooLong.status());
    assertEquals("y".repeat(600), Jsoup.parse(tooLong.body()).getElementById("status").val());
    assertTrue(status(quinn, id).getString("content").contains("Second words"));
  }

  @Test
  void anotherMembersPostCannotBeEditedAndItsPrivateHistoryIsHidden() {
    Member rex = plutro.register("rex");
    Member sam = plutro.register("sam");
    String id = plutro.post(rex, "Mine alone", "visibility", "private");
    Browser browser = WebSignIn.as(plutro, sam);
    assertEquals(404, browser.get("/statuses/" + id + "/edit").status());
    String token = browser.csrf("/publish");
    assertEquals(404, browser.post("/statuses/" + id + "/edit", Browser.form(token, "status", "Hijacked")).status());
    assertTrue(status(rex, id).getString("content").contains("Mine alone"));
    assertEquals(404, browser.get("/statuses/" + id + "/history").status());
    assertEquals(404, plutro.get("/statuses/" + id + "/history", "Accept", "text/html").status());
    assertEquals(200, WebSignIn.as(plutro, rex).get("/statuses/" + id + "/history").status());
    assertEquals(404, browser.get("/statuses/nonsense/edit").status());
  }
}
