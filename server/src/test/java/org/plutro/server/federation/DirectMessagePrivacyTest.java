package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.UUID;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;
import org.plutro.server.testrig.TwoInstances;

/**
 * A direct message stays on the participants' surfaces only; who may message a member is theirs
 * to choose; read receipts travel only with both sides' consent.
 */
class DirectMessagePrivacyTest {
  static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  @RegisterExtension static final TwoInstances net = new TwoInstances();

  static Reply settings(TestInstance on, Member member, Map<String, String> form) {
    return on.send(HttpRequest.newBuilder(URI.create(on.base() + "/api/v1/plutro/settings"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).reduce((x, y) -> x + "&" + y).orElse(""))),
        "Authorization", "Bearer " + member.token());
  }

  static boolean containsText(String body, String word) {
    return body.contains(word);
  }

  @Test
  void aDirectMessageAppearsOnNoPublicSurface() {
    Member olga = net.a().register("olga");
    Member pete = net.a().register("pete");
    Member quinn = net.a().register("quinn");
    JsonObject open = PostsAcrossInstancesTest.posted(net.a(), olga, Map.of("status", "openword #Surfaces"));
    JsonObject dm = ConversationsTest.dm(net.a(), olga, "@pete secretword #Surfaces");
    String secret = "secretword";

    // The control: the public post is on each surface, so each check below can fail.
    assertTrue(net.a().get("/api/v1/timelines/public").body().contains("openword"));
    assertFalse(net.a().get("/api/v1/timelines/public").body().contains(secret));
    assertFalse(net.a().getWithToken("/api/v1/timelines/public", pete.token()).body().contains(secret));
    assertTrue(net.a().get("/api/v1/timelines/tag/surfaces").body().contains("openword"));
    assertFalse(net.a().get("/api/v1/timelines/tag/surfaces").body().contains(secret));
    assertFalse(net.a().getWithToken("/api/v1/timelines/tag/surfaces", pete.token()).body().contains(secret));
    // Home: the participants' only.
    assertTrue(net.a().getWithToken("/api/v1/timelines/home", olga.token()).body().contains("openword"));
    assertFalse(net.a().getWithToken("/api/v1/timelines/home", olga.token()).body().contains(secret));
    // Search, by a stranger, by a participant and by nobody.
    for (String token : new String[] {quinn.token(), pete.token(), olga.token()}) {
      Reply found = net.a().getWithToken("/api/v2/search?type=statuses&q=" + secret, token);
      assertEquals(200, found.status(), found.body());
      assertEquals(0, found.json().getJsonArray("statuses").size(), found.body());
    }
    // Outbox, featured (a direct post cannot be pinned), Atom feed, visitor pages.
    Reply outbox = net.a().get("/users/olga/outbox?page=true", "Accept", "application/activity+json");
    assertTrue(outbox.body().contains(open.getString("uri")), outbox.body());
    assertFalse(outbox.body().contains(dm.getString("uri")), outbox.body());
    assertEquals(422, net.a().postForm("/api/v1/statuses/" + dm.getString("id") + "/pin", Map.of(),
        "Authorization", "Bearer " + olga.token()).status());
    assertFalse(net.a().get("/users/olga/collections/featured", "Accept", "application/activity+json")
        .body().contains(dm.getString("uri")));
    String feed = net.a().get("/@olga.atom").body();
    assertTrue(feed.contains("openword"), feed);
    assertFalse(feed.contains(secret), feed);
    String profile = net.a().get("/@olga", "Accept", HTML).body();
    assertTrue(profile.contains("openword"), profile);
    assertFalse(profile.contains(secret));
    assertFalse(net.a().get("/@olga/with_replies", "Accept", HTML).body().contains(secret));
    assertEquals(404, net.a().get("/@olga/" + dm.getString("id"), "Accept", HTML).status());
    assertEquals(404, net.a().get(dm.getString("uri"), "Accept", "application/activity+json").status());
    // The account's statuses through the API: the participants only.
    assertFalse(net.a().get("/api/v1/accounts/" + olga.id() + "/statuses").body().contains(secret));
    assertFalse(net.a().getWithToken("/api/v1/accounts/" + olga.id() + "/statuses", quinn.token())
        .body().contains(secret));
    assertTrue(net.a().getWithToken("/api/v1/accounts/" + olga.id() + "/statuses", olga.token())
        .body().contains(secret));
    assertEquals(0, ConversationsTest.conversations(net.a(), quinn).size());
  }

  @Test
  void aMemberChoosesWhoMayMessageThem() {
    Member rosa = net.a().register("rosa");
    Member sam = net.a().register("sam");
    Member tom = net.b().register("tom");
    String tomOnA = TwoInstancesTest.resolve(net.a(), rosa, net.b(), "tom");
    TwoInstancesTest.resolve(net.b(), tom, net.a(), "rosa");

    Reply defaults = net.a().getWithToken("/api/v1/plutro/settings", rosa.token());
    assertEquals(200, defaults.status(), defaults.body());
    assertEquals(new JsonObject().put("messages_from", "everyone").put("read_receipts", false)
        .put("replies_from", "everyone").put("shares_from", "everyone"), defaults.json());
    // Bad values change nothing.
    Reply bad = settings(net.a(), rosa, Map.of("messages_from", "friends", "read_receipts", "true"));
    assertEquals(422, bad.status(), bad.body());
    assertTrue(bad.json().getJsonObject("details").containsKey("messages_from"));
    assertEquals(422, settings(net.a(), rosa, Map.of("read_receipts", "maybe")).status());
    assertEquals(defaults.json(), net.a().getWithToken("/api/v1/plutro/settings", rosa.token()).json());
    assertEquals(401, net.a().get("/api/v1/plutro/settings").status());

    // Nobody: a local direct message is refused (422) and nothing is stored.
    Reply nobody = settings(net.a(), rosa, Map.of("messages_from", "nobody"));
    assertEquals(200, nobody.status(), nobody.body());
    assertEquals("nobody", nobody.json().getString("messages_from"));
    long before = net.a().count("SELECT count(*) FROM statuses");
    Reply refused = PostsAcrossInstancesTest.post(net.a(), sam, Map.of("status", "@rosa hi",
        "visibility", "direct"));
    assertEquals(422, refused.status(), refused.body());
    assertTrue(refused.json().getString("error").contains("@rosa"), refused.body());
    assertEquals(before, net.a().count("SELECT count(*) FROM statuses"));
    // A public mention is still a public post.
    assertEquals(200, PostsAcrossInstancesTest.post(net.a(), sam, Map.of("status", "@rosa hi all")).status());

    // People she follows: tom's message is dropped until she follows him.
    assertEquals(200, settings(net.a(), rosa, Map.of("messages_from", "following")).status());
    JsonObject dropped = ConversationsTest.dm(net.b(), tom, "@rosa@" + net.a().authority() + " first try");
    Eventually.within10s("the message is received and dropped", () -> net.a().count(
        "SELECT count(*) FROM inbox_seen WHERE uri LIKE $1", dropped.getString("uri") + "%") == 1
        && net.a().count("SELECT count(*) FROM jobs WHERE kind = 'inbox'") == 0);
    assertEquals(0L, net.a().count("SELECT count(*) FROM statuses WHERE uri = $1", dropped.getString("uri")));
    assertEquals(0, ConversationsTest.conversations(net.a(), rosa).size());
    PostsAcrossInstancesTest.follow(net.a(), rosa, tomOnA);
    JsonObject taken = ConversationsTest.dm(net.b(), tom, "@rosa@" + net.a().authority() + " second try");
    Eventually.within10s("the message is taken", () -> ConversationsTest.conversations(net.a(), rosa).size() == 1);
    assertEquals(taken.getString("uri"), ConversationsTest.conversations(net.a(), rosa).getJsonObject(0)
        .getJsonObject("last_status").getString("uri"));
    // Sam is not followed: refused locally too.
    assertEquals(422, PostsAcrossInstancesTest.post(net.a(), sam, Map.of("status", "@rosa again",
        "visibility", "direct")).status());
  }

  @Test
  void localReadReceiptsNeedBothMembersConsent() {
    Member zoe = net.a().register("zoe");
    Member abe = net.a().register("abe");
    ConversationsTest.dm(net.a(), zoe, "@abe local note");
    String abes = ConversationsTest.conversations(net.a(), abe).getJsonObject(0).getString("id");
    assertEquals(200, settings(net.a(), zoe, Map.of("read_receipts", "true")).status());
    // Abe's receipts are off: nothing is recorded.
    assertEquals(200, net.a().postForm("/api/v1/conversations/" + abes + "/read", Map.of(),
        "Authorization", "Bearer " + abe.token()).status());
    assertEquals(new JsonArray(), ConversationsTest.conversations(net.a(), zoe).getJsonObject(0)
        .getJsonObject("last_status").getJsonObject("plutro").getJsonArray("read_by"));
    assertEquals(200, settings(net.a(), abe, Map.of("read_receipts", "on")).status());
    assertEquals(200, net.a().postForm("/api/v1/conversations/" + abes + "/read", Map.of(),
        "Authorization", "Bearer " + abe.token()).status());
    assertEquals(new JsonArray().add(abe.id()), ConversationsTest.conversations(net.a(), zoe)
        .getJsonObject(0).getJsonObject("last_status").getJsonObject("plutro").getJsonArray("read_by"));
    // Abe's own view of zoe's message carries no receipts.
    assertFalse(ConversationsTest.conversations(net.a(), abe).getJsonObject(0).getJsonObject("last_status")
        .containsKey("plutro"));
  }

  @Test
  void onlyAnAddressedActorMayReportReadingAMessage() {
    try (FakeRemote remote = new FakeRemote()) {
      Member wendy = net.a().register("wendy");
      FakeRemote.Actor xena = remote.actor("xena");
      FakeRemote.Actor yuri = remote.actor("yuri");
      assertEquals(200, settings(net.a(), wendy, Map.of("read_receipts", "true")).status());
      JsonObject message = ConversationsTest.dm(net.a(), wendy, "@xena@" + remote.authority() + " for you");
      long id = Long.parseLong(message.getString("id"));
      for (FakeRemote.Actor reader : new FakeRemote.Actor[] {yuri, xena}) {
        JsonObject read = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
            .put("id", reader.uri() + "/reads/" + UUID.randomUUID()).put("type", "Read")
            .put("actor", reader.uri()).put("object", message.getString("uri"))
            .put("to", new JsonArray().add(wendy.actorUri()));
        assertEquals(202, SignedPost.post(net.a(), "/users/wendy/inbox", reader.signer(), read.encode()).status());
        SafetyToolsTest.settled(net.a());
        if (reader == yuri) {
          assertEquals(0L, net.a().count("SELECT count(*) FROM status_reads WHERE status_id = $1", id),
              "a stranger cannot say it read the message");
        }
      }
      assertEquals(1L, net.a().count("SELECT count(*) FROM status_reads WHERE status_id = $1", id));
      JsonObject last = ConversationsTest.conversations(net.a(), wendy).getJsonObject(0).getJsonObject("last_status");
      assertEquals(1, last.getJsonObject("plutro").getJsonArray("read_by").size());
    }
  }

  @Test
  void readReceiptsNeedBothSidesConsent() {
    Member uma = net.a().register("uma");
    Member vic = net.b().register("vic");
    TwoInstancesTest.resolve(net.a(), uma, net.b(), "vic");
    String umaOnB = TwoInstancesTest.resolve(net.b(), vic, net.a(), "uma");

    // Vic has receipts off: reading sends nothing.
    JsonObject first = ConversationsTest.dm(net.a(), uma, "@vic@" + net.b().authority() + " one");
    assertEquals(200, settings(net.a(), uma, Map.of("read_receipts", "true")).status());
    Eventually.within10s("vic's conversation opens", () -> ConversationsTest.conversations(net.b(), vic).size() == 1);
    String conversation = ConversationsTest.conversations(net.b(), vic).getJsonObject(0).getString("id");
    assertEquals(200, net.b().postForm("/api/v1/conversations/" + conversation + "/read", Map.of(),
        "Authorization", "Bearer " + vic.token()).status());
    assertEquals(0L, net.b().count("SELECT count(*) FROM outbound_activities WHERE body LIKE '%\"Read\"%'"));

    // Both on: a Read goes to uma only, and her view shows vic read it.
    assertEquals(200, settings(net.b(), vic, Map.of("read_receipts", "1")).status());
    assertEquals(200, net.b().postForm("/api/v1/conversations/" + conversation + "/read", Map.of(),
        "Authorization", "Bearer " + vic.token()).status());
    JsonObject read = new JsonObject(net.b().sql("SELECT body FROM outbound_activities WHERE body LIKE"
        + " '%\"Read\"%'").iterator().next().getString(0));
    assertEquals("Read", read.getString("type"));
    assertEquals(first.getString("uri"), read.getString("object"));
    assertEquals(new JsonArray().add(uma.actorUri()), read.getJsonArray("to"));
    assertEquals(1L, net.b().count("SELECT count(*) FROM deliveries"
        + " d JOIN outbound_activities o ON o.id = d.activity_id WHERE o.body LIKE '%\"Read\"%'"));
    String vicOnA = net.a().sql("SELECT id FROM accounts WHERE uri = $1", vic.actorUri()).iterator().next()
        .getLong(0).toString();
    Eventually.within10s("uma sees vic read it", () -> ConversationsTest.conversations(net.a(), uma)
        .getJsonObject(0).getJsonObject("last_status").getJsonObject("plutro", new JsonObject())
        .getJsonArray("read_by", new JsonArray()).contains(vicOnA));
    // Marking read again sends nothing more.
    assertEquals(200, net.b().postForm("/api/v1/conversations/" + conversation + "/read", Map.of(),
        "Authorization", "Bearer " + vic.token()).status());
    assertEquals(1L, net.b().count("SELECT count(*) FROM outbound_activities WHERE body LIKE '%\"Read\"%'"));

    // Uma turns hers off: the next receipt is received but neither kept nor shown.
    assertEquals(200, settings(net.a(), uma, Map.of("read_receipts", "false")).status());
    assertFalse(ConversationsTest.conversations(net.a(), uma).getJsonObject(0).getJsonObject("last_status")
        .containsKey("plutro"), "nothing shown while hers are off");
    JsonObject second = ConversationsTest.dm(net.a(), uma, "@vic@" + net.b().authority() + " two",
        "in_reply_to_id", first.getString("id"));
    Eventually.within10s("the second message arrives", () -> second.getString("uri").equals(
        ConversationsTest.conversations(net.b(), vic).getJsonObject(0).getJsonObject("last_status").getString("uri")));
    assertEquals(200, net.b().postForm("/api/v1/conversations/" + conversation + "/read", Map.of(),
        "Authorization", "Bearer " + vic.token()).status());
    String secondRead = net.b().sql("SELECT uri FROM outbound_activities WHERE body LIKE '%\"Read\"%'"
        + " AND body LIKE '%' || $1 || '%'", second.getString("uri")).iterator().next().getString(0);
    Eventually.within10s("the second receipt is processed", () -> net.a().count(
        "SELECT count(*) FROM inbox_seen WHERE uri = $1", secondRead) == 1
        && net.a().count("SELECT count(*) FROM jobs WHERE kind = 'inbox'") == 0);
    assertEquals(0L, net.a().count("SELECT count(*) FROM status_reads WHERE status_id = $1",
        Long.parseLong(second.getString("id"))));
    assertEquals(1L, net.a().count("SELECT count(*) FROM status_reads WHERE status_id = $1",
        Long.parseLong(first.getString("id"))));
    assertTrue(umaOnB.length() > 0);
  }
}
