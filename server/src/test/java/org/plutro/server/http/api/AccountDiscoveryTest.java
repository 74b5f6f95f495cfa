package org.plutro.server.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** Account search, familiar followers, suggestions, endorsements and the directory. */
class AccountDiscoveryTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static void follow(Member who, Member whom) {
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + whom.id() + "/follow", Map.of(),
        "Authorization", "Bearer " + who.token()).status());
  }

  static List<String> usernames(JsonArray accounts) {
    return accounts.stream().map(a -> ((JsonObject) a).getString("username")).toList();
  }

  @Test
  void peopleAreFoundSuggestedAndEndorsed() {
    Member ada = plutro.register("dada");
    Member bo = plutro.register("dbo");
    Member cy = plutro.register("dcy");
    Member hid = plutro.register("dhidden");
    plutro.sql("UPDATE accounts SET discoverable = false WHERE id = $1", Long.parseLong(hid.id()));
    follow(ada, bo);
    follow(bo, cy);
    follow(bo, hid);

    assertEquals(List.of("dbo"), usernames(plutro.getWithToken("/api/v1/accounts/search?q=dbo", ada.token()).array()));
    assertEquals(List.of("dbo"), usernames(plutro.getWithToken("/api/v1/accounts/search?q=d&following=true",
        ada.token()).array()), "only those the member follows");

    JsonArray familiar = plutro.getWithToken("/api/v1/accounts/familiar_followers?id[]=" + cy.id(), ada.token()).array();
    assertEquals(cy.id(), familiar.getJsonObject(0).getString("id"));
    assertEquals(List.of("dbo"), usernames(familiar.getJsonObject(0).getJsonArray("accounts")));

    // Suggestions only for a member who turned them on (policy 7.3: by consent).
    assertEquals(0, plutro.getWithToken("/api/v2/suggestions", ada.token()).array().size());
    plutro.sql("UPDATE users SET personal_suggestions = true WHERE account_id = $1", Long.parseLong(ada.id()));
    // bo follows cy and the undiscoverable one: only cy is suggested, first, as a friend of a friend.
    JsonArray v2 = plutro.getWithToken("/api/v2/suggestions", ada.token()).array();
    assertEquals("dcy", v2.getJsonObject(0).getJsonObject("account").getString("username"));
    assertEquals("past_interactions", v2.getJsonObject(0).getString("source"));
    assertTrue(v2.stream().noneMatch(s -> "dhidden".equals(((JsonObject) s).getJsonObject("account")
        .getString("username"))), "not discoverable, never suggested");
    assertTrue(usernames(plutro.getWithToken("/api/v1/suggestions", ada.token()).array()).contains("dcy"));
    assertEquals(200, plutro.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
        plutro.base() + "/api/v1/suggestions/" + cy.id())).DELETE(), "Authorization", "Bearer " + ada.token()).status());
    assertTrue(!usernames(plutro.getWithToken("/api/v1/suggestions", ada.token()).array()).contains("dcy"),
        "dismissed for good");

    // Endorsing needs following.
    assertEquals(422, plutro.postForm("/api/v1/accounts/" + cy.id() + "/pin", Map.of(),
        "Authorization", "Bearer " + ada.token()).status());
    JsonObject endorsed = plutro.postForm("/api/v1/accounts/" + bo.id() + "/pin", Map.of(),
        "Authorization", "Bearer " + ada.token()).json();
    assertEquals(true, endorsed.getBoolean("endorsed"));
    assertEquals(List.of("dbo"), usernames(plutro.getWithToken("/api/v1/endorsements", ada.token()).array()));
    plutro.postForm("/api/v1/accounts/" + bo.id() + "/unpin", Map.of(), "Authorization", "Bearer " + ada.token());
    assertEquals(0, plutro.getWithToken("/api/v1/endorsements", ada.token()).array().size());

    List<String> directory = usernames(plutro.get("/api/v1/directory?local=true&limit=80").array());
    assertTrue(directory.containsAll(List.of("dada", "dbo", "dcy")) && !directory.contains("dhidden"), directory.toString());
    assertEquals(401, plutro.get("/api/v1/accounts/search?q=d").status());
  }
}
