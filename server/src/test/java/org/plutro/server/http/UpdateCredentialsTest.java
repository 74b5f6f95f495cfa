package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** update_credentials in JSON, form and multipart; refusals that store nothing; closure's purge. */
class UpdateCredentialsTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13,
      'I', 'H', 'D', 'R'};
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    // No retention: a closed account's personal data is purged at once.
    plutro = TestInstance.start(Map.of("PLUTRO_CLOSED_ACCOUNT_RETENTION_DAYS", "0"));
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void formAndJsonSetEveryMastodonParameter() {
    Member ada = plutro.register("ada");
    Reply form = patch("application/x-www-form-urlencoded", ("display_name=Ada+L.&note=Counts"
        + "&locked=true&bot=1&discoverable=false&indexable=false&hide_collections=true"
        + "&fields_attributes[0][name]=Site&fields_attributes[0][value]=https://ada.example"
        + "&fields_attributes[1][name]=&fields_attributes[1][value]="
        + "&source[privacy]=unlisted&source[sensitive]=true&source[language]=de")
        .getBytes(StandardCharsets.UTF_8), ada.token());
    assertEquals(200, form.status(), form.body());
    JsonObject account = form.json();
    assertEquals("Ada L.", account.getString("display_name"));
    assertEquals("<p>Counts</p>", account.getString("note"));
    assertTrue(account.getBoolean("locked"));
    assertTrue(account.getBoolean("bot"));
    assertFalse(account.getBoolean("discoverable"));
    assertFalse(account.getBoolean("indexable"));
    assertTrue(account.getBoolean("hide_collections"));
    assertEquals(1, account.getJsonArray("fields").size(), "blank pairs are dropped");
    JsonObject source = account.getJsonObject("source");
    assertEquals("unlisted", source.getString("privacy"));
    assertTrue(source.getBoolean("sensitive"));
    assertEquals("de", source.getString("language"));
    assertEquals("https://ada.example", source.getJsonArray("fields").getJsonObject(0).getString("value"));

    Reply json = patch("application/json", new JsonObject().put("locked", false)
        .put("source", new JsonObject().put("privacy", "private").put("language", ""))
        .encode().getBytes(StandardCharsets.UTF_8), ada.token());
    assertEquals(200, json.status(), json.body());
    assertFalse(json.json().getBoolean("locked"));
    assertEquals("Ada L.", json.json().getString("display_name"), "what is not sent stays");
    assertEquals("private", json.json().getJsonObject("source").getString("privacy"));
    assertEquals("", json.json().getJsonObject("source").getString("language"));

    // Changing only preferences nobody else sees queues no Update.
    Member eve = plutro.register("eve");
    assertEquals(200, patch("application/json", new JsonObject().put("display_name", "")
        .put("source", new JsonObject().put("sensitive", true)).encode()
        .getBytes(StandardCharsets.UTF_8), eve.token()).status());
    assertEquals(0L, plutro.count("SELECT count(*) FROM jobs WHERE kind = 'actor.update'"
        + " AND payload ->> 'subject' = $1", eve.id()));
  }

  @Test
  void multipartAvatarIsCheckedByItsBytesStoredAndServed() throws Exception {
    Member ben = plutro.register("ben");
    Reply uploaded = multipart(ben.token(), Map.of("display_name", "Ben"), "avatar", "me.png", PNG);
    assertEquals(200, uploaded.status(), uploaded.body());
    String avatar = uploaded.json().getString("avatar");
    assertTrue(avatar.startsWith(plutro.base() + "/media/avatars/"), avatar);
    assertTrue(avatar.endsWith(".png"));
    HttpResponse<byte[]> image = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(avatar)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, image.statusCode());
    assertEquals("image/png", image.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals(PNG, image.body());
    assertEquals(avatar, plutro.get("/users/ben", "Accept", "application/activity+json").json()
        .getJsonObject("icon").getString("url"));

    // Not an image (whatever its name says): 422, and nothing else in the request is stored.
    Reply fake = multipart(ben.token(), Map.of("display_name", "Changed"), "header", "x.png",
        "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8));
    assertEquals(422, fake.status(), fake.body());
    assertNotNull(fake.json().getJsonObject("details").getJsonArray("header"));
    JsonObject after = plutro.getWithToken("/api/v1/accounts/verify_credentials", ben.token()).json();
    assertEquals("Ben", after.getString("display_name"));
    assertEquals(avatar, after.getString("avatar"));
  }

  @Test
  void badValuesAreRefusedWithNothingStored() {
    Member cy = plutro.register("cy");
    StringBuilder five = new StringBuilder("display_name=Changed");
    for (int i = 0; i < 5; i++) {
      five.append("&fields_attributes[").append(i).append("][name]=n").append(i)
          .append("&fields_attributes[").append(i).append("][value]=v");
    }
    for (String body : List.of(five.toString(), "display_name=Changed&note=" + "x".repeat(501),
        "display_name=Changed&source[privacy]=everyone", "display_name=Changed&source[language]=klingon",
        "display_name=Changed&fields_attributes[0][name]=" + "n".repeat(256))) {
      Reply refused = patch("application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8),
          cy.token());
      assertEquals(422, refused.status(), body + " → " + refused.body());
      assertTrue(refused.json().getString("error").startsWith("Validation failed"), refused.body());
    }
    assertEquals("", plutro.getWithToken("/api/v1/accounts/verify_credentials", cy.token()).json()
        .getString("display_name"));
    assertEquals(401, patch("application/json", "{}".getBytes(StandardCharsets.UTF_8), "nope").status());
  }

  @Test
  void closedAccountsArePurgedAfterRetentionButKeepTheirKeyWhileTheDeleteIsRetried() {
    try (FakeRemote down = new FakeRemote()) {
      down.inboxAnswers(503);
      Member dora = plutro.register("dora");
      long id = Long.parseLong(dora.id());
      plutro.sql("INSERT INTO copy_holders (account_id, domain, inbox_url, shared_inbox)"
          + " VALUES ($1, $2, $3, true)", id, down.authority(), down.base() + "/inbox");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = AdminCommand.run(plutro.settings(), List.of("account", "close", "--username", "dora"),
          new PrintStream(out), new PrintStream(err));
      assertEquals(0, code, err.toString());
      assertTrue(out.toString().contains("Delete queued for 1 instances"), out.toString());
      assertEquals(401, plutro.getWithToken("/api/v1/accounts/verify_credentials", dora.token()).status());

      Eventually.within10s("personal data purged", () -> plutro.count(
          "SELECT count(*) FROM users WHERE account_id = $1", id) == 0
          && plutro.count("SELECT count(*) FROM oauth_tokens WHERE account_id = $1", id) == 0);
      assertEquals(1L, plutro.count("SELECT count(*) FROM accounts WHERE id = $1"
          + " AND username = 'dora' AND display_name = '' AND deleted_at IS NOT NULL", id),
          "the account row stays: the username is never reused");
      assertEquals(1L, plutro.count("SELECT count(*) FROM actor_keys WHERE account_id = $1", id),
          "the key stays while the Delete is being retried");
      Eventually.within10s("the down instance is retried", () -> plutro.count(
          "SELECT count(*) FROM deliveries WHERE domain = $1 AND last_status = 503", down.authority()) == 1);

      ByteArrayOutputStream status = new ByteArrayOutputStream();
      assertEquals(0, AdminCommand.run(plutro.settings(), List.of("account", "closure", "--username",
          "dora"), new PrintStream(status), new PrintStream(err)));
      assertTrue(status.toString().contains(down.authority()), status.toString());
      assertTrue(status.toString().contains("retrying 1"), status.toString());
      assertEquals(1, AdminCommand.run(plutro.settings(), List.of("account", "close", "--username",
          "dora"), new PrintStream(out), new PrintStream(err)), "closing twice is refused");
    }
  }

  private static Reply patch(String type, byte[] body, String token) {
    return plutro.send(HttpRequest.newBuilder(URI.create(plutro.base() + "/api/v1/accounts/update_credentials"))
        .header("Content-Type", type).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)),
        "Authorization", "Bearer " + token);
  }

  private static Reply multipart(String token, Map<String, String> fields, String fileField,
      String fileName, byte[] file) {
    String boundary = "plutro-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data;"
        + " name=\"" + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
        + "\"; filename=\"" + fileName + "\"\r\nContent-Type: image/png\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return patch("multipart/form-data; boundary=" + boundary, body.toByteArray(), token);
  }

  @Test
  void eachProfileFieldReachesOnlyItsAudience() {
    Member eve = plutro.register("evelyn");
    Member fan = plutro.register("fan");
    Member other = plutro.register("otto");
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + eve.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + fan.token()).status());
    Reply set = patch("application/json", new JsonObject().put("fields_attributes", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("name", "Site").put("value", "eve.example"))
        .add(new JsonObject().put("name", "Town").put("value", "town-of-lyon").put("audience", "members"))
        .add(new JsonObject().put("name", "Phone").put("value", "phone-number-x").put("audience", "followers"))
        .add(new JsonObject().put("name", "Diary").put("value", "secret-diary").put("audience", "only_me")))
        .encode().getBytes(StandardCharsets.UTF_8), eve.token());
    assertEquals(200, set.status(), set.body());
    assertEquals(List.of("Site", "Town", "Phone", "Diary"), names(set.json()));
    assertEquals("followers", set.json().getJsonObject("source").getJsonArray("fields")
        .getJsonObject(2).getString("audience"));

    String path = "/api/v1/accounts/" + eve.id();
    assertEquals(List.of("Site"), names(plutro.get(path).json()), "visitors");
    assertEquals(List.of("Site", "Town"), names(plutro.getWithToken(path, other.token()).json()), "members");
    assertEquals(List.of("Site", "Town", "Phone"), names(plutro.getWithToken(path, fan.token()).json()),
        "followers");
    assertEquals(List.of("Site", "Town", "Phone", "Diary"),
        names(plutro.getWithToken("/api/v1/accounts/verify_credentials", eve.token()).json()));
    assertEquals(List.of("Site", "Town"), names(plutro.getWithToken("/api/v1/accounts/lookup?acct=evelyn",
        other.token()).json()));
    // Embedded accounts (in statuses, lists, search) show only everyone's fields.
    JsonObject post = plutro.postForm("/api/v1/statuses", Map.of("status", "hello"),
        "Authorization", "Bearer " + eve.token()).json();
    assertEquals(List.of("Site"), names(post.getJsonObject("account")));

    // Peers and visitors' pages get only the public one.
    Reply actor = plutro.get("/users/evelyn", "Accept", "application/activity+json");
    io.vertx.core.json.JsonArray attachment = actor.json().getJsonArray("attachment");
    assertEquals(1, attachment.size(), actor.body());
    assertEquals("Site", attachment.getJsonObject(0).getString("name"));
    String page = plutro.get("/@evelyn", "Accept", "text/html").body();
    assertTrue(page.contains("eve.example"), page);
    assertFalse(page.contains("town-of-lyon") || page.contains("phone-number-x") || page.contains("secret-diary"), page);

    Reply bad = patch("application/json", new JsonObject().put("fields_attributes", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("name", "X").put("value", "y").put("audience", "friends")))
        .encode().getBytes(StandardCharsets.UTF_8), eve.token());
    assertEquals(422, bad.status(), bad.body());
    assertEquals(4, plutro.getWithToken("/api/v1/accounts/verify_credentials", eve.token()).json()
        .getJsonArray("fields").size(), "nothing changed");
  }

  private static List<String> names(JsonObject account) {
    return account.getJsonArray("fields").stream().map(f -> ((JsonObject) f).getString("name")).toList();
  }
}
