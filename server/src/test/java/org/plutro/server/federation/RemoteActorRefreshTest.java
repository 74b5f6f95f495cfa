package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;

/** Our copies of remote actors: refreshed on their Update, on key rotation, and when stale. */
class RemoteActorRefreshTest {
  static TestInstance plutro;
  static FakeRemote remote;
  static TestInstance.Member host;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    host = plutro.register("host");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  @Test
  void anUpdateSignedByTheActorRefreshesItsCopyAtOnceAndNobodyElsesCounts() {
    FakeRemote.Actor rita = remote.actor("rita");
    FakeRemote.Actor other = remote.actor("other");
    assertEquals(202, deliver(rita, follow(rita)).status());
    assertEquals(202, deliver(other, follow(other)).status());
    Eventually.within10s("both are known", () -> name(rita).equals("RITA") && name(other).equals("OTHER"));

    JsonObject renamed = remote.document(rita).put("name", "Rita Renamed");
    assertEquals(202, deliver(rita, update(rita, renamed)).status());
    Eventually.within10s("the copy shows the new name", () -> name(rita).equals("Rita Renamed"));

    // Rita cannot rewrite someone else's profile: the Update is ignored.
    JsonObject forged = remote.document(other).put("name", "Hijacked");
    assertEquals(202, deliver(rita, update(rita, forged)).status());
    assertEquals(202, deliver(rita, update(rita, remote.document(rita).put("name", "Rita Again"))).status());
    Eventually.within10s("later updates still apply", () -> name(rita).equals("Rita Again"));
    assertEquals("OTHER", name(other));
  }

  @Test
  void aRotatedKeyIsRefetchedOnceAndThenVerifies() {
    FakeRemote.Actor kim = remote.actor("kim");
    assertEquals(202, deliver(kim, follow(kim)).status());
    Eventually.within10s("kim is known", () -> name(kim).equals("KIM"));
    FakeRemote.Actor rotated = remote.rotateKey("kim");
    int fetches = remote.actorFetches();
    assertEquals(202, deliver(rotated, update(rotated, remote.document(rotated).put("name", "Kim New")))
        .status(), "verified with the refetched key");
    assertTrue(remote.actorFetches() > fetches, "the actor was refetched");
    Eventually.within10s("and the update applied", () -> name(kim).equals("Kim New"));
  }

  @Test
  void aStaleCopyIsAnsweredAtOnceAndRefreshedInTheBackground() {
    FakeRemote.Actor sam = remote.actor("sam");
    assertEquals(202, deliver(sam, follow(sam)).status());
    Eventually.within10s("sam is known", () -> name(sam).equals("SAM"));
    plutro.sql("UPDATE accounts SET display_name = 'Old Sam', fetched_at = now() - interval '2 days'"
        + " WHERE uri = $1", sam.uri());

    Reply found = plutro.getWithToken("/api/v2/search?resolve=true&type=accounts&q="
        + URLEncoder.encode("@sam@" + remote.authority(), StandardCharsets.UTF_8), host.token());
    assertEquals(200, found.status(), found.body());
    JsonArray accounts = found.json().getJsonArray("accounts");
    assertEquals("Old Sam", accounts.getJsonObject(0).getString("display_name"),
        "the lookup does not wait for the refresh");
    Eventually.within10s("refreshed in the background", () -> name(sam).equals("SAM")
        && plutro.count("SELECT count(*) FROM accounts WHERE uri = $1"
            + " AND fetched_at > now() - interval '1 minute'", sam.uri()) == 1);
  }

  @Test
  void aProfileWithAnUnreadableFieldOrAvatarIsKeptWithoutThem() {
    FakeRemote.Actor una = remote.actor("una");
    assertEquals(202, deliver(una, follow(una)).status());
    Eventually.within10s("una is known", () -> name(una).equals("UNA"));
    JsonObject odd = remote.document(una).put("name", "Una Odd")
        .put("icon", new JsonObject().put("type", "Image").put("url", 42))
        .put("attachment", new JsonArray()
            .add(new JsonObject().put("type", "PropertyValue").put("name", "Good").put("value", "fine"))
            .add(new JsonObject().put("type", "PropertyValue").put("name", new JsonArray().add(1))
                .put("value", "odd"))
            .add(7));
    assertEquals(202, deliver(una, update(una, odd)).status());
    Eventually.within10s("the profile is taken, without what cannot be read", () -> name(una).equals("Una Odd"));
    var row = plutro.sql("SELECT avatar_url, fields::text FROM accounts WHERE uri = $1", una.uri()).iterator().next();
    assertEquals(null, row.getString(0));
    assertEquals(new JsonArray().add(new JsonObject().put("name", "Good").put("value", "fine"))
        .add(new JsonObject().put("name", "").put("value", "odd")), new JsonArray(row.getString(1)));

    // A key owned by no actor refuses the document: the copy stays as it was.
    JsonObject disowned = remote.document(una).put("name", "Una Disowned");
    disowned.getJsonObject("publicKey").put("owner", "nobody");
    assertEquals(202, deliver(una, update(una, disowned)).status());
    assertEquals(202, deliver(una, update(una, remote.document(una).put("name", "Una Last"))).status());
    Eventually.within10s("later updates still apply", () -> name(una).equals("Una Last"));
    assertEquals(0, plutro.count("SELECT count(*) FROM accounts WHERE display_name = 'Una Disowned'"));
  }

  private static String name(FakeRemote.Actor actor) {
    var rows = plutro.sql("SELECT display_name FROM accounts WHERE uri = $1", actor.uri());
    return rows.size() == 0 ? "" : rows.iterator().next().getString(0);
  }

  private static JsonObject follow(FakeRemote.Actor actor) {
    return new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", actor.uri() + "/follows/" + UUID.randomUUID()).put("type", "Follow")
        .put("actor", actor.uri()).put("object", host.actorUri());
  }

  private static JsonObject update(FakeRemote.Actor actor, JsonObject document) {
    JsonObject object = document.copy();
    JsonArray context = (JsonArray) object.remove("@context");
    return new JsonObject().put("@context", context)
        .put("id", actor.uri() + "#updates/" + UUID.randomUUID()).put("type", "Update")
        .put("actor", actor.uri()).put("object", object);
  }

  private static Reply deliver(FakeRemote.Actor signer, JsonObject activity) {
    return SignedPost.post(plutro, "/inbox", signer.signer(), RequestSigner.Style.CAVAGE,
        activity.encode(), Map.of());
  }
}
