package org.plutro.server.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.OAuthDance;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * What an app calls on launch, in order, each answer checked against Mastodon's documented
 * entity: instance (v2 and v1), app registration, sign-in with PKCE, the member, preferences,
 * markers, filters, lists, custom emoji, announcements and trends.
 */
class AppLaunchTest {
  static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  static TestInstance plutro;
  static Member carol;
  static Member dave;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    plutro = TestInstance.start(Map.of("PLUTRO_INSTANCE_NAME", "Plutro Test",
        "PLUTRO_INSTANCE_DESCRIPTION", "A test server", "PLUTRO_INSTANCE_CONTACT_EMAIL",
        "admin@example.org"));
    carol = plutro.register("carol");
    dave = plutro.register("dave");
    token = OAuthDance.signIn(plutro, "Ice Cubes", "read write follow push", "carol",
        "a long password").token();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  /** Asserts the object has exactly these keys (documented fields) and no others. */
  static void assertKeys(JsonObject object, String... keys) {
    assertEquals(Set.of(keys), object.fieldNames(), object.encodePrettily());
  }

  static JsonObject ok(Reply reply) {
    assertEquals(200, reply.status(), reply.body());
    assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
    return reply.json();
  }

  static JsonArray okArray(Reply reply) {
    assertEquals(200, reply.status(), reply.body());
    return reply.array();
  }

  @Test
  void instanceV2() {
    plutro.sql("UPDATE users SET role = 'admin' WHERE account_id = $1", Long.parseLong(carol.id()));
    JsonObject instance = ok(plutro.get("/api/v2/instance"));
    assertKeys(instance, "domain", "title", "version", "source_url", "description", "usage",
        "thumbnail", "icon", "languages", "configuration", "registrations", "api_versions",
        "contact", "rules");
    assertEquals(plutro.authority(), instance.getString("domain"));
    assertEquals("Plutro Test", instance.getString("title"));
    assertTrue(instance.getString("version").matches("4\\.3\\.0 \\(compatible; Plutro [0-9.]+\\)"),
        instance.getString("version"));
    assertEquals("A test server", instance.getString("description"));
    assertTrue(instance.getJsonObject("usage").getJsonObject("users").getLong("active_month") >= 1);
    String thumbnail = instance.getJsonObject("thumbnail").getString("url");
    assertEquals(200, plutro.get(thumbnail).status());
    assertEquals(new JsonArray().add("en"), instance.getJsonArray("languages"));
    JsonObject configuration = instance.getJsonObject("configuration");
    assertEquals(plutro.base().replace("http", "ws"),
        configuration.getJsonObject("urls").getString("streaming"));
    assertEquals(10, configuration.getJsonObject("accounts").getInteger("max_featured_tags"));
    JsonObject statuses = configuration.getJsonObject("statuses");
    assertEquals(500, statuses.getInteger("max_characters"));
    assertEquals(4, statuses.getInteger("max_media_attachments"));
    assertEquals(23, statuses.getInteger("characters_reserved_per_url"));
    JsonObject media = configuration.getJsonObject("media_attachments");
    assertTrue(media.getJsonArray("supported_mime_types").contains("image/jpeg"));
    assertTrue(media.getInteger("image_size_limit") > 0);
    JsonObject polls = configuration.getJsonObject("polls");
    assertKeys(polls, "max_options", "max_characters_per_option", "min_expiration", "max_expiration");
    JsonObject registrations = instance.getJsonObject("registrations");
    assertTrue(registrations.getBoolean("enabled"));
    assertFalse(registrations.getBoolean("approval_required"));
    assertTrue(registrations.containsKey("message"));
    assertNull(registrations.getValue("message"));
    JsonObject contact = instance.getJsonObject("contact");
    assertEquals("admin@example.org", contact.getString("email"));
    assertEquals(carol.id(), contact.getJsonObject("account").getString("id"), "the first admin");
    assertEquals(new JsonArray(), instance.getJsonArray("rules"));
  }

  @Test
  void instanceV1() {
    JsonObject instance = ok(plutro.get("/api/v1/instance"));
    assertKeys(instance, "uri", "title", "short_description", "description", "email", "version",
        "urls", "stats", "thumbnail", "languages", "registrations", "approval_required",
        "invites_enabled", "configuration", "contact_account", "rules");
    assertEquals(plutro.authority(), instance.getString("uri"));
    assertEquals(plutro.base().replace("http", "ws"),
        instance.getJsonObject("urls").getString("streaming_api"));
    JsonObject stats = instance.getJsonObject("stats");
    assertEquals(plutro.count("SELECT count(*) FROM users"), stats.getLong("user_count"));
    assertEquals(0, stats.getLong("status_count"));
    assertTrue(instance.getBoolean("registrations"));
    assertTrue(instance.getString("thumbnail").startsWith(plutro.base()));
  }

  @Test
  void rulesComeFromTheDataFolder() throws Exception {
    Files.writeString(plutro.settings().dataDir().resolve("rules.txt"),
        "# our rules\nBe kind | No harassment, no dogpiling.\n\nNo spam\n");
    try {
      JsonArray rules = okArray(plutro.get("/api/v1/instance/rules"));
      assertEquals(2, rules.size());
      JsonObject first = rules.getJsonObject(0);
      assertKeys(first, "id", "text", "hint", "translations");
      assertEquals("1", first.getString("id"));
      assertEquals("Be kind", first.getString("text"));
      assertEquals("No harassment, no dogpiling.", first.getString("hint"));
      assertEquals("", rules.getJsonObject(1).getString("hint"));
      assertEquals(rules, plutro.get("/api/v2/instance").json().getJsonArray("rules"));
    } finally {
      Files.delete(plutro.settings().dataDir().resolve("rules.txt"));
    }
  }

  @Test
  void peersAndActivity() {
    plutro.sql("INSERT INTO instances (domain) VALUES ('peer.example') ON CONFLICT DO NOTHING");
    JsonArray peers = plutro.get("/api/v1/instance/peers").array();
    assertTrue(peers.contains("peer.example"), peers.encode());

    JsonArray activity = plutro.get("/api/v1/instance/activity").array();
    assertEquals(12, activity.size());
    JsonObject week = activity.getJsonObject(0);
    assertKeys(week, "week", "statuses", "logins", "registrations");
    long monday = Instant.now().atZone(ZoneOffset.UTC).toLocalDate()
        .with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY))
        .atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    assertEquals(Long.toString(monday), week.getString("week"));
    assertEquals(Long.toString(monday - 7 * 24 * 3600), activity.getJsonObject(1).getString("week"));
    long registrations = plutro.count("SELECT count(*) FROM users");
    assertEquals(Long.toString(registrations), week.getString("registrations"));
    assertTrue(Long.parseLong(week.getString("logins")) >= 1, "carol signed in this week");
    assertEquals("0", activity.getJsonObject(11).getString("registrations"));
    assertEquals(new JsonArray(), plutro.get("/api/v1/instance/domain_blocks").array());
  }

  @Test
  void theMemberAndTheirPreferences() {
    JsonObject me = ok(plutro.getWithToken("/api/v1/accounts/verify_credentials", token));
    assertEquals("carol", me.getString("username"));
    JsonObject app = ok(plutro.getWithToken("/api/v1/apps/verify_credentials", token));
    assertEquals("Ice Cubes", app.getString("name"));
    JsonObject preferences = ok(plutro.getWithToken("/api/v1/preferences", token));
    assertKeys(preferences, "posting:default:visibility", "posting:default:sensitive",
        "posting:default:language", "posting:default:quote_policy", "reading:expand:media",
        "reading:expand:spoilers");
    assertEquals("public", preferences.getString("posting:default:visibility"));
    assertEquals("public", preferences.getString("posting:default:quote_policy"));
    assertEquals(false, preferences.getBoolean("posting:default:sensitive"));
    assertEquals("default", preferences.getString("reading:expand:media"));
  }

  @Test
  void markers() {
    assertEquals(new JsonObject(), ok(plutro.getWithToken("/api/v1/markers", token)));
    JsonObject saved = ok(plutro.postForm("/api/v1/markers", Map.of("home[last_read_id]", "103194548672408537"),
        "Authorization", "Bearer " + token));
    JsonObject home = saved.getJsonObject("home");
    assertKeys(home, "last_read_id", "version", "updated_at");
    assertEquals("103194548672408537", home.getString("last_read_id"));
    assertEquals(0, home.getInteger("version"));
    assertTrue(home.getString("updated_at").matches(TIMESTAMP));
    JsonObject again = ok(plutro.postJson("/api/v1/markers",
        new JsonObject().put("home", new JsonObject().put("last_read_id", "103194548672408600"))
            .put("notifications", new JsonObject().put("last_read_id", "35098814")),
        "Authorization", "Bearer " + token));
    assertEquals(1, again.getJsonObject("home").getInteger("version"));
    assertEquals(0, again.getJsonObject("notifications").getInteger("version"));
    JsonObject both = ok(plutro.getWithToken(
        "/api/v1/markers?timeline[]=home&timeline[]=notifications", token));
    assertEquals("103194548672408600", both.getJsonObject("home").getString("last_read_id"));
    assertEquals("35098814", both.getJsonObject("notifications").getString("last_read_id"));
    assertEquals(Set.of("home"), ok(plutro.getWithToken("/api/v1/markers?timeline[]=home", token)).fieldNames());
    Reply bad = plutro.postForm("/api/v1/markers", Map.of("home[last_read_id]", "not-a-number"),
        "Authorization", "Bearer " + token);
    assertEquals(422, bad.status());
    assertEquals("103194548672408600", plutro.getWithToken("/api/v1/markers?timeline[]=home", token)
        .json().getJsonObject("home").getString("last_read_id"));
  }

  @Test
  void filtersV2AndV1() {
    Reply created = plutro.postForm("/api/v2/filters?title=Spoilers&context[]=home&context[]=public"
            + "&filter_action=hide&expires_in=3600"
            + "&keywords_attributes[][keyword]=foo&keywords_attributes[][whole_word]=false"
            + "&keywords_attributes[][keyword]=bar&keywords_attributes[][whole_word]=true",
        Map.of(), "Authorization", "Bearer " + token);
    JsonObject filter = ok(created);
    assertKeys(filter, "id", "title", "context", "expires_at", "filter_action", "keywords", "statuses");
    assertEquals("Spoilers", filter.getString("title"));
    assertEquals(new JsonArray().add("home").add("public"), filter.getJsonArray("context"));
    assertEquals("hide", filter.getString("filter_action"));
    assertTrue(filter.getString("expires_at").matches(TIMESTAMP));
    JsonArray keywords = filter.getJsonArray("keywords");
    assertEquals(2, keywords.size());
    assertKeys(keywords.getJsonObject(0), "id", "keyword", "whole_word");
    assertEquals("foo", keywords.getJsonObject(0).getString("keyword"));
    assertEquals(false, keywords.getJsonObject(0).getBoolean("whole_word"));
    assertEquals(true, keywords.getJsonObject(1).getBoolean("whole_word"));
    String id = filter.getString("id");

    JsonArray v1 = okArray(plutro.getWithToken("/api/v1/filters", token));
    assertEquals(2, v1.size());
    JsonObject phrase = v1.getJsonObject(0);
    assertKeys(phrase, "id", "phrase", "context", "whole_word", "expires_at", "irreversible");
    assertEquals(keywords.getJsonObject(0).getString("id"), phrase.getString("id"));
    assertEquals(true, phrase.getBoolean("irreversible"));

    JsonObject updated = ok(plutro.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(plutro.base() + "/api/v2/filters/" + id))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("title", "Renamed").put("filter_action", "warn").put("keywords_attributes",
                new JsonArray().add(new JsonObject().put("id", keywords.getJsonObject(0).getString("id"))
                    .put("_destroy", true)).add(new JsonObject().put("keyword", "baz"))).encode()))));
    assertEquals("Renamed", updated.getString("title"));
    assertEquals("warn", updated.getString("filter_action"));
    assertEquals(2, updated.getJsonArray("keywords").size());
    assertEquals("bar", updated.getJsonArray("keywords").getJsonObject(0).getString("keyword"));
    assertEquals("baz", updated.getJsonArray("keywords").getJsonObject(1).getString("keyword"));

    Reply invalid = plutro.postForm("/api/v2/filters", Map.of("title", ""),
        "Authorization", "Bearer " + token);
    assertEquals(422, invalid.status());
    assertEquals("Validation failed: Title can't be blank, Context can't be blank,"
        + " Context None or invalid context supplied", invalid.json().getString("error"));
    Reply badContext = plutro.postForm("/api/v2/filters?context[]=everywhere", Map.of("title", "x"),
        "Authorization", "Bearer " + token);
    assertEquals(422, badContext.status());

    JsonObject v1Created = ok(plutro.postForm("/api/v1/filters?context[]=thread",
        Map.of("phrase", "solo", "whole_word", "true"), "Authorization", "Bearer " + token));
    assertEquals("solo", v1Created.getString("phrase"));
    assertNull(v1Created.getValue("expires_at"));
    assertEquals(false, v1Created.getBoolean("irreversible"));
    assertEquals(3, plutro.count("SELECT count(*) FROM filter_keywords k JOIN filters f ON f.id = k.filter_id"
        + " WHERE f.account_id = $1", Long.parseLong(carol.id())));
    Reply deleted = plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            plutro.base() + "/api/v1/filters/" + v1Created.getString("id")))
        .header("Authorization", "Bearer " + token).DELETE());
    assertEquals(200, deleted.status());
    assertEquals(1, okArray(plutro.getWithToken("/api/v2/filters", token)).size(),
        "the v1 filter went with its keyword");

    // Another member cannot see it.
    assertEquals(404, plutro.getWithToken("/api/v2/filters/" + id, dave.token()).status());
  }

  @Test
  void lists() {
    String auth = "Bearer " + token;
    JsonObject list = ok(plutro.postForm("/api/v1/lists", Map.of("title", "Friends"),
        "Authorization", auth));
    assertKeys(list, "id", "title", "replies_policy", "exclusive");
    assertEquals("list", list.getString("replies_policy"));
    assertEquals(false, list.getBoolean("exclusive"));
    String id = list.getString("id");
    Reply badPolicy = plutro.postForm("/api/v1/lists", Map.of("title", "x", "replies_policy", "some"),
        "Authorization", auth);
    assertEquals(422, badPolicy.status());
    assertEquals("'some' is not a valid replies_policy", badPolicy.json().getString("error"));
    assertEquals(422, plutro.postForm("/api/v1/lists", Map.of("title", " "), "Authorization", auth).status());

    // Only followed accounts may be added.
    Reply notFollowed = plutro.postForm("/api/v1/lists/" + id + "/accounts",
        Map.of("account_ids[]", dave.id()), "Authorization", auth);
    assertEquals(404, notFollowed.status());
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + dave.id() + "/follow", Map.of(),
        "Authorization", auth).status());
    assertEquals("{}", plutro.postForm("/api/v1/lists/" + id + "/accounts",
        Map.of("account_ids[]", dave.id()), "Authorization", auth).body());
    Reply twice = plutro.postForm("/api/v1/lists/" + id + "/accounts",
        Map.of("account_ids[]", dave.id()), "Authorization", auth);
    assertEquals(422, twice.status());
    assertEquals("Validation failed: Account has already been taken", twice.json().getString("error"));

    JsonArray members = plutro.getWithToken("/api/v1/lists/" + id + "/accounts", token).array();
    assertEquals(1, members.size());
    assertEquals(dave.id(), members.getJsonObject(0).getString("id"));
    assertEquals(id, plutro.getWithToken("/api/v1/accounts/" + dave.id() + "/lists", token).array()
        .getJsonObject(0).getString("id"));
    assertEquals(1, plutro.getWithToken("/api/v1/lists", token).array().size());
    assertEquals(404, plutro.getWithToken("/api/v1/lists/" + id, dave.token()).status());

    JsonObject renamed = ok(plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            plutro.base() + "/api/v1/lists/" + id)).header("Authorization", auth)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("title=Close+friends&exclusive=true"))));
    assertEquals("Close friends", renamed.getString("title"));
    assertEquals(true, renamed.getBoolean("exclusive"));

    // Unfollowing takes the account off the list, as in Mastodon.
    plutro.postForm("/api/v1/accounts/" + dave.id() + "/unfollow", Map.of(), "Authorization", auth);
    assertEquals(0, plutro.getWithToken("/api/v1/lists/" + id + "/accounts", token).array().size());
    Reply delete = plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
        plutro.base() + "/api/v1/lists/" + id)).header("Authorization", auth).DELETE());
    assertEquals(200, delete.status());
    assertEquals(404, plutro.getWithToken("/api/v1/lists/" + id, token).status());
  }

  @Test
  void customEmojisTrendsAndAnnouncements() {
    assertEquals(new JsonArray(), plutro.get("/api/v1/custom_emojis").array());
    for (String trend : new String[] {"/api/v1/trends", "/api/v1/trends/tags",
        "/api/v1/trends/statuses", "/api/v1/trends/links"}) {
      Reply reply = plutro.getWithToken(trend, token);
      assertEquals(200, reply.status(), trend);
      assertEquals(new JsonArray(), reply.array());
    }
    assertEquals(new JsonArray(), plutro.getWithToken("/api/v1/announcements", token).array());

    long id = plutro.sql("INSERT INTO announcements (text, all_day) VALUES ('<p>Maintenance tonight</p>', false)"
        + " RETURNING id").iterator().next().getLong(0);
    JsonArray announcements = plutro.getWithToken("/api/v1/announcements", token).array();
    assertEquals(1, announcements.size());
    JsonObject announcement = announcements.getJsonObject(0);
    assertKeys(announcement, "id", "content", "starts_at", "ends_at", "all_day", "published_at",
        "updated_at", "read", "mentions", "statuses", "tags", "emojis", "reactions");
    assertEquals(Long.toString(id), announcement.getString("id"));
    assertEquals(false, announcement.getBoolean("read"));
    assertTrue(announcement.getString("published_at").matches(TIMESTAMP));

    String auth = "Bearer " + token;
    assertEquals(200, plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            plutro.base() + "/api/v1/announcements/" + id + "/reactions/%F0%9F%91%8D"))
        .header("Authorization", auth).PUT(java.net.http.HttpRequest.BodyPublishers.noBody())).status());
    Reply notEmoji = plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            plutro.base() + "/api/v1/announcements/" + id + "/reactions/hello"))
        .header("Authorization", auth).PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertEquals(422, notEmoji.status());
    assertEquals("Validation failed: Name is not a recognized emoji", notEmoji.json().getString("error"));
    assertEquals(200, plutro.postForm("/api/v1/announcements/" + id + "/dismiss", Map.of(),
        "Authorization", auth).status());
    assertEquals(404, plutro.postForm("/api/v1/announcements/1/dismiss", Map.of(),
        "Authorization", auth).status());

    JsonObject seen = plutro.getWithToken("/api/v1/announcements", token).array().getJsonObject(0);
    assertEquals(true, seen.getBoolean("read"));
    JsonObject reaction = seen.getJsonArray("reactions").getJsonObject(0);
    assertEquals("\uD83D\uDC4D", reaction.getString("name"));
    assertEquals(1, reaction.getInteger("count"));
    assertEquals(true, reaction.getBoolean("me"));
    JsonObject forDave = plutro.getWithToken("/api/v1/announcements", dave.token()).array().getJsonObject(0);
    assertEquals(false, forDave.getBoolean("read"));
    assertEquals(false, forDave.getJsonArray("reactions").getJsonObject(0).getBoolean("me"));
  }
}
