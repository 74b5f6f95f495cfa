package org.plutro.server.http.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Browser;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Inbox;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;

/**
 * A sign-up that may not act yet is not published, as Mastodon hides it: while its address is
 * unconfirmed, and then while it waits for a moderator, other servers, visitors and apps find no
 * actor, WebFinger answer, profile, collection, API account or search result, and the instance
 * does not count it. Once it is let in it appears everywhere at once; once refused it is gone.
 * Everything is asked over real HTTP, as a peer, a browser and an app ask.
 */
class UnpublishedSignUpTest {
  private static final String AP = "application/activity+json";

  @Test
  void aWaitingSignUpIsNowhereUntilItIsLetIn() {
    try (Inbox inbox = Inbox.start();
         TestInstance plutro = TestInstance.start(withInbox(inbox, "approval"))) {
      String admin = SignUpModesTest.adminToken(plutro);
      TestInstance.Member reader = plutro.register("reader");
      long members = members(plutro);

      Browser pat = new Browser(plutro);
      Map<String, String> form = SignUpModesTest.form(pat, "/auth/sign_up", SignUpModesTest.person("pat"));
      Map<String, String> withReason = new HashMap<>(form);
      withReason.put("reason", "I sing in the choir.");
      assertEquals(303, pat.post("/auth/sign_up", withReason).status());
      String id = SignUpModesTest.idOf(plutro, "pat");
      // An app's token of hers, used: she does not count as active either.
      assertEquals(200, plutro.getWithToken("/api/v1/accounts/verify_credentials?allow_nonfunctional=true",
          SignUpModesTest.token(plutro, "pat")).status());
      Eventually.within10s("her token's use is noted", () -> plutro.count("SELECT count(*) FROM oauth_tokens"
          + " WHERE account_id = " + id + " AND last_used_at IS NOT NULL") == 1);
      assertEquals(plutro.count("SELECT count(DISTINCT account_id) FROM oauth_tokens WHERE last_used_at"
          + " IS NOT NULL AND account_id <> " + id), nodeInfo(plutro).getJsonObject("usage")
          .getJsonObject("users").getLong("activeMonth"), "active members, without her");

      assertHidden(plutro, reader, "pat", id, "unconfirmed");
      assertEquals(members, members(plutro));

      String link = inbox.await("pat@example.org", "Confirm your email address for Plutro")
          .link(plutro.base() + "/auth/confirmation");
      assertEquals(200, pat.get(link.substring(plutro.base().length())).status());
      assertHidden(plutro, reader, "pat", id, "confirmed, waiting for approval");
      assertEquals(members, members(plutro));

      assertEquals(200, plutro.postForm("/api/v1/admin/accounts/" + id + "/approve", Map.of(),
          "Authorization", "Bearer " + admin).status());
      assertShown(plutro, reader, id);
      assertEquals(members + 1, members(plutro));

      // A refused sign-up is gone for good.
      TestInstance.Member quinn = plutro.signUp("quinn");
      plutro.sql("UPDATE users SET confirmed_at = now() WHERE account_id = " + quinn.id());
      assertHidden(plutro, reader, "quinn", quinn.id(), "waiting");
      assertEquals(200, plutro.postForm("/api/v1/admin/accounts/" + quinn.id() + "/reject", Map.of(),
          "Authorization", "Bearer " + admin).status());
      assertHidden(plutro, reader, "quinn", quinn.id(), "refused");
    }
  }

  static Map<String, String> withInbox(Inbox inbox, String registrations) {
    Map<String, String> env = new HashMap<>(inbox.environment());
    env.put("PLUTRO_REGISTRATIONS", registrations);
    return env;
  }

  /** Every way to find the account comes back empty. */
  private static void assertHidden(TestInstance plutro, TestInstance.Member reader, String name, String id,
      String why) {
    for (String path : paths(plutro, name)) {
      Reply peer = plutro.get(path, "Accept", AP);
      assertEquals(404, peer.status(), why + ": " + path + " for a peer");
    }
    assertEquals(404, plutro.get("/@" + name, "Accept", "text/html").status(), why + ": profile page");
    assertEquals(404, plutro.get("/users/" + name, "Accept", "text/html").status(), why + ": actor in a browser");
    assertEquals(404, plutro.get("/@" + name + ".atom").status(), why + ": feed");
    assertEquals(404, plutro.get("/.well-known/webfinger?resource=acct:" + name + "@" + plutro.authority())
        .status(), why + ": WebFinger");
    assertEquals(404, plutro.get("/api/v1/accounts/lookup?acct=" + name).status(), why + ": lookup");
    assertEquals(404, plutro.get("/api/v1/accounts/" + id).status(), why + ": account");
    assertEquals(404, plutro.postForm("/api/v1/accounts/" + id + "/follow", Map.of(),
        "Authorization", "Bearer " + reader.token()).status(), why + ": follow");
    for (String query : List.of(name, "@" + name + "@" + plutro.authority(), plutro.base() + "/users/" + name,
        plutro.base() + "/@" + name)) {
      Reply found = plutro.getWithToken("/api/v2/search?resolve=true&type=accounts&q="
          + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8), reader.token());
      assertEquals(200, found.status(), found.body());
      assertTrue(found.json().getJsonArray("accounts").isEmpty(), why + ": search " + query + " " + found.body());
    }
    Reply search = plutro.getWithToken("/api/v1/accounts/search?q=" + name, reader.token());
    assertTrue(search.array().isEmpty(), why + ": account search " + search.body());
    assertFalse(plutro.get("/api/v1/directory?local=true").body().contains("\"" + name + "\""),
        why + ": directory");
  }

  private static void assertShown(TestInstance plutro, TestInstance.Member reader, String id) {
    for (String path : paths(plutro, "pat")) {
      assertEquals(200, plutro.get(path, "Accept", AP).status(), path);
    }
    assertEquals(200, plutro.get("/@pat", "Accept", "text/html").status());
    assertEquals(200, plutro.get("/.well-known/webfinger?resource=acct:pat@" + plutro.authority()).status());
    assertEquals(200, plutro.get("/api/v1/accounts/lookup?acct=pat").status());
    assertEquals(200, plutro.get("/api/v1/accounts/" + id).status());
    Reply found = plutro.getWithToken("/api/v2/search?type=accounts&q=pat", reader.token());
    assertEquals("pat", found.json().getJsonArray("accounts").getJsonObject(0).getString("username"));
  }

  /** What a peer reads: the actor (and so its key), its outbox and collections. */
  private static List<String> paths(TestInstance plutro, String name) {
    return List.of("/users/" + name, "/@" + name, "/users/" + name + "/outbox",
        "/users/" + name + "/followers", "/users/" + name + "/following",
        "/users/" + name + "/collections/featured");
  }

  /** The member count the front page shows, and NodeInfo's. */
  private static long members(TestInstance plutro) {
    long nodeInfo = nodeInfo(plutro).getJsonObject("usage").getJsonObject("users").getLong("total");
    String home = plutro.get("/", "Accept", "text/html").body();
    assertTrue(home.contains(nodeInfo + (nodeInfo == 1 ? " member " : " members ")), home);
    assertEquals(nodeInfo, plutro.get("/api/v1/instance").json().getJsonObject("stats").getLong("user_count"));
    return nodeInfo;
  }

  private static JsonObject nodeInfo(TestInstance plutro) {
    return plutro.get("/nodeinfo/2.0").json();
  }
}
