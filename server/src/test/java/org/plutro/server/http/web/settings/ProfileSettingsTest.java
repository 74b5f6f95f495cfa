package org.plutro.server.http.web.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.media.TestImages;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Multipart;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.WebSignIn;

/**
 * {@code /settings/profile}: it shows the profile as stored, saves what the API's
 * update_credentials saves (pictures, fields with their audience, switches), and the edit
 * reaches other servers the same way; refused, forged or hostile input changes nothing and runs
 * nothing.
 */
class ProfileSettingsTest {
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
  void aVisitorIsSentToSignInAndBack() {
    Reply reply = plutro.get("/settings/profile", "Accept", "text/html");
    assertEquals(303, reply.status());
    assertEquals("/auth/sign_in?return_to=%2Fsettings%2Fprofile", reply.header("Location"));
  }

  @Test
  void thePageShowsTheProfileAsItIs() {
    Member ada = plutro.register("ada");
    assertEquals(200, patch(ada, new JsonObject().put("display_name", "Ada L.")
        .put("note", "Counting engines").put("locked", true)
        .put("fields_attributes", new JsonArray().add(new JsonObject().put("name", "Town")
            .put("value", "London").put("audience", "members")))).status());

    Document page = WebSignIn.as(plutro, ada).page("/settings/profile");
    assertEquals("Profile · Plutro", page.title());
    assertEquals("Ada L.", page.getElementById("display_name").val());
    assertEquals("Counting engines", page.getElementById("note").val());
    assertEquals("Town", page.getElementById("field-1-name").val());
    assertEquals("London", page.getElementById("field-1-value").val());
    assertEquals("members", page.selectFirst("#field-1-audience option[selected]").val());
    assertEquals("", page.getElementById("field-4-name").val(), "empty rows up to the limit");
    assertTrue(page.getElementById("locked").hasAttr("checked"));
    assertFalse(page.getElementById("bot").hasAttr("checked"));
    assertEquals("multipart/form-data", page.selectFirst("form[action=/settings/profile]").attr("enctype"));
    assertEquals("avatar-preview", page.getElementById("avatar").attr("data-preview"));
    // Every field has a label that names it.
    page.select("form[action=/settings/profile] input:not([type=hidden]), form select, form textarea")
        .forEach(field -> assertTrue(page.selectFirst("label[for=" + field.id() + "]") != null,
            "a label for " + field.id()));
    // The settings navigation, with the pages other parts of the web add.
    assertEquals("page", page.selectFirst(".settings-nav a[href=/settings/profile]").attr("aria-current"));
    for (String path : new String[] {"/settings/privacy", "/settings/follow_requests", "/settings/tags",
        "/settings/filters", "/settings/blocks", "/settings/mutes", "/settings/domain_blocks",
        "/settings/email", "/settings/two_factor", "/settings/sessions", "/settings/applications",
        "/settings/export", "/settings/import", "/settings/migration", "/settings/delete"}) {
      assertTrue(page.selectFirst(".settings-nav a[href=" + path + "]") != null, path);
    }
  }

  @Test
  void savingChangesTheProfileAsTheApiSeesIt() {
    Member bea = plutro.register("bea");
    Browser browser = WebSignIn.as(plutro, bea);
    String token = browser.csrf("/settings/profile");
    Multipart form = new Multipart().field("authenticity_token", token)
        .field("display_name", "Bea Saved")
        .field("note", "Loves #gardens")
        .field("fields_attributes[0][name]", "Site").field("fields_attributes[0][value]", "https://bea.example")
        .field("fields_attributes[0][audience]", "everyone")
        .field("fields_attributes[1][name]", "Phone").field("fields_attributes[1][value]", "555-0100")
        .field("fields_attributes[1][audience]", "followers")
        .field("fields_attributes[2][name]", "").field("fields_attributes[2][value]", "")
        .field("fields_attributes[2][audience]", "everyone")
        .field("locked", "1").field("bot", "1").field("discoverable", "1")
        .file("avatar", "me.jpg", "image/jpeg", TestImages.jpeg(64, 64))
        .file("header", "", "application/octet-stream", new byte[0]);
    Reply saved = browser.postMultipart("/settings/profile", form);
    assertEquals(303, saved.status(), saved.body());
    assertEquals("/settings/profile", saved.header("Location"));

    Document page = browser.page("/settings/profile");
    assertEquals("Saved.", page.selectFirst("p.notice").text());
    assertNull(browser.page("/settings/profile").selectFirst("p.notice"), "the notice shows once");
    assertEquals("Bea Saved", page.getElementById("display_name").val());
    assertEquals("followers", page.selectFirst("#field-2-audience option[selected]").val());

    JsonObject me = plutro.getWithToken("/api/v1/accounts/verify_credentials", bea.token()).json();
    assertEquals("Bea Saved", me.getString("display_name"));
    assertEquals("Loves #gardens", me.getJsonObject("source").getString("note"));
    assertTrue(me.getString("note").contains("href=\"" + plutro.base() + "/tags/gardens\""),
        "a hashtag in the bio links to its page: " + me.getString("note"));
    assertTrue(me.getBoolean("locked"));
    assertTrue(me.getBoolean("bot"));
    assertTrue(me.getBoolean("discoverable"));
    assertFalse(me.getBoolean("indexable"), "an unticked box is off");
    JsonArray fields = me.getJsonObject("source").getJsonArray("fields");
    assertEquals(2, fields.size(), "the empty row is no field");
    assertEquals("Phone", fields.getJsonObject(1).getString("name"));
    assertEquals("followers", fields.getJsonObject(1).getString("audience"));
    String avatar = me.getString("avatar");
    assertTrue(avatar.contains("/media/avatars/"), avatar);
    assertTrue(me.getString("header").contains("missing"), "no header chosen, none changed");
    HttpResponse<byte[]> picture = plutro.getBytes(avatar);
    assertEquals(200, picture.statusCode());
    assertEquals((byte) 0xff, picture.body()[0]);
    assertEquals(avatar, page.getElementById("avatar-preview").attr("src"),
        "without JavaScript, the current picture is shown");
  }

  @Test
  void aFollowersOnlyFieldIsHiddenFromAVisitorAndShownToAFollower() {
    Member cara = plutro.register("cara");
    Member friend = plutro.register("cara_friend");
    Member stranger = plutro.register("cara_stranger");
    Browser browser = WebSignIn.as(plutro, cara);
    String token = browser.csrf("/settings/profile");
    Reply saved = browser.postMultipart("/settings/profile", new Multipart()
        .field("authenticity_token", token).field("display_name", "Cara")
        .field("note", "")
        .field("fields_attributes[0][name]", "Pronouns").field("fields_attributes[0][value]", "she/her")
        .field("fields_attributes[0][audience]", "everyone")
        .field("fields_attributes[1][name]", "Phone").field("fields_attributes[1][value]", "555-0199")
        .field("fields_attributes[1][audience]", "followers")
        .field("discoverable", "1").field("indexable", "1"));
    assertEquals(303, saved.status(), saved.body());
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + cara.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + friend.token()).status());

    Reply visitor = plutro.get("/@cara", "Accept", "text/html");
    assertEquals(200, visitor.status());
    assertTrue(visitor.body().contains("she/her"));
    assertFalse(visitor.body().contains("555-0199"), "a visitor does not see a followers' field");
    assertFalse(plutro.get("/api/v1/accounts/" + cara.id()).body().contains("555-0199"));

    JsonArray toFriend = plutro.getWithToken("/api/v1/accounts/" + cara.id(), friend.token()).json()
        .getJsonArray("fields");
    assertEquals(2, toFriend.size(), toFriend.encode());
    assertEquals("555-0199", toFriend.getJsonObject(1).getString("value"));
    assertFalse(plutro.getWithToken("/api/v1/accounts/" + cara.id(), stranger.token()).body()
        .contains("555-0199"), "nor does a member who does not follow her");
  }

  @Test
  void aRefusedFormChangesNothingAndKeepsWhatWasTyped() {
    Member dan = plutro.register("dan");
    Browser browser = WebSignIn.as(plutro, dan);
    String token = browser.csrf("/settings/profile");
    String tooLong = "D".repeat(31);
    Reply refused = browser.postMultipart("/settings/profile", new Multipart()
        .field("authenticity_token", token).field("display_name", tooLong).field("note", "New bio"));
    assertEquals(422, refused.status());
    Document page = Jsoup.parse(refused.body());
    assertEquals(tooLong, page.getElementById("display_name").val(), "what was typed is kept");
    assertEquals("New bio", page.getElementById("note").val());
    assertTrue(page.getElementById("display_name").parent().selectFirst(".field-error").text()
        .contains("too long"), page.getElementById("display_name").parent().html());
    assertEquals("true", page.getElementById("display_name").attr("aria-invalid"));

    Reply notAPicture = browser.postMultipart("/settings/profile", new Multipart()
        .field("authenticity_token", token).field("display_name", "Dan")
        .file("avatar", "me.png", "image/png", "not an image".getBytes(StandardCharsets.UTF_8)));
    assertEquals(422, notAPicture.status());
    assertTrue(Jsoup.parse(notAPicture.body()).getElementById("avatar").parent()
        .selectFirst(".field-error").text().contains("PNG"));

    JsonObject me = plutro.getWithToken("/api/v1/accounts/verify_credentials", dan.token()).json();
    assertEquals("", me.getString("display_name"));
    assertEquals("", me.getJsonObject("source").getString("note"));
  }

  @Test
  void aFormWithoutItsTokenIsRefusedAndChangesNothing() {
    Member eve = plutro.register("eve");
    Member mallory = plutro.register("mallory");
    Browser browser = WebSignIn.as(plutro, eve);
    browser.page("/settings/profile");
    String othersToken = WebSignIn.as(plutro, mallory).csrf("/settings/profile");
    for (String token : new String[] {null, "", "wrong-token", othersToken}) {
      Multipart form = new Multipart().field("display_name", "Forged");
      if (token != null) {
        form.field("authenticity_token", token);
      }
      assertEquals(403, browser.postMultipart("/settings/profile", form).status(), "token " + token);
    }
    // Nor without a session at all.
    assertEquals(403, plutro.postMultipart("/settings/profile", new Multipart()
        .field("authenticity_token", othersToken).field("display_name", "Forged")).status());
    assertEquals("", plutro.getWithToken("/api/v1/accounts/verify_credentials", eve.token()).json()
        .getString("display_name"));
  }

  @Test
  void whatMembersWroteIsEscapedWhenShownBack() {
    Member fay = plutro.register("fay");
    String script = "<script>alert(1)</script>";
    assertEquals(200, patch(fay, new JsonObject().put("display_name", script).put("note", script)
        .put("fields_attributes", new JsonArray().add(new JsonObject().put("name", script)
            .put("value", script)))).status());
    Reply reply = WebSignIn.as(plutro, fay).get("/settings/profile");
    assertEquals(200, reply.status());
    assertFalse(reply.body().contains(script), "no member-written markup on the page");
    Document page = Jsoup.parse(reply.body());
    assertEquals(1, page.select("script").size(), "only the page's own script");
    assertEquals(script, page.getElementById("display_name").val());
    assertEquals(script, page.getElementById("note").val());
    assertEquals(script, page.getElementById("field-1-name").val());
    assertEquals(script, page.getElementById("field-1-value").val());
  }

  @Test
  void anEditReachesOtherServersAsAnApiEditDoes() {
    try (TestInstance other = TestInstance.start()) {
      Member gil = plutro.register("gil");
      Member reader = other.register("reader");
      Reply found = other.getWithToken("/api/v2/search?resolve=true&type=accounts&q="
          + URLEncoder.encode("@gil@" + plutro.authority(), StandardCharsets.UTF_8), reader.token());
      String gilThere = found.json().getJsonArray("accounts").getJsonObject(0).getString("id");
      assertEquals(200, other.postForm("/api/v1/accounts/" + gilThere + "/follow", Map.of(),
          "Authorization", "Bearer " + reader.token()).status());
      Eventually.within10s("the follow is accepted", () -> other.getWithToken(
          "/api/v1/accounts/relationships?id[]=" + gilThere, reader.token()).array()
          .getJsonObject(0).getBoolean("following"));

      Browser browser = WebSignIn.as(plutro, gil);
      String token = browser.csrf("/settings/profile");
      assertEquals(303, browser.postMultipart("/settings/profile", new Multipart()
          .field("authenticity_token", token).field("display_name", "Gil, edited on the web")
          .field("note", "From the settings page")).status());
      Eventually.within10s("the other server shows the new name", () -> "Gil, edited on the web"
          .equals(other.get("/api/v1/accounts/" + gilThere).json().getString("display_name")));
      assertNotEquals("", other.get("/api/v1/accounts/" + gilThere).json().getString("note"));
    }
  }

  private static Reply patch(Member member, JsonObject body) {
    return SettingsForms.updateCredentials(plutro, member, body);
  }
}
