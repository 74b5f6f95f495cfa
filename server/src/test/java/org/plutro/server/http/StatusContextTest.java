package org.plutro.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/**
 * GET /api/v1/statuses/:id/context: Mastodon's order, its limits for someone not signed in, and
 * the accounts a viewer chose not to see.
 */
class StatusContextTest {
  static TestInstance plutro;
  static Member tess;
  static Member ugo;

  @BeforeAll
  static void start() {
    // The deep and wide threads below take more posts than the API's default rate limit allows.
    plutro = TestInstance.start(Map.of("PLUTRO_RATE_LIMIT_REQUESTS", "100000"));
    tess = plutro.register("tess");
    ugo = plutro.register("ugo");
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  @Test
  void ancestorsComeRootFirstAndDescendantsDepthFirstOlderRepliesFirst() {
    String root = plutro.post(tess, "root");
    String first = plutro.post(ugo, "first answer", "in_reply_to_id", root);
    String second = plutro.post(tess, "second answer", "in_reply_to_id", root);
    String underFirst = plutro.post(tess, "under the first", "in_reply_to_id", first);

    JsonObject context = context(underFirst, ugo.token());
    assertEquals(List.of(root, first), ids(context.getJsonArray("ancestors")));
    assertEquals(List.of(), ids(context.getJsonArray("descendants")));
    context = context(root, null);
    assertEquals(List.of(), ids(context.getJsonArray("ancestors")));
    assertEquals(List.of(first, underFirst, second), ids(context.getJsonArray("descendants")));
    assertEquals(first, context.getJsonArray("descendants").getJsonObject(1).getString("in_reply_to_id"));
    assertEquals(404, plutro.get("/api/v1/statuses/" + root + "0/context").status());
  }

  @Test
  void someoneNotSignedInSeesTwentyLevelsOfRepliesAndSixtyReplies() {
    String deep = plutro.post(tess, "a long chain");
    String parent = deep;
    for (int i = 0; i < 21; i++) {
      parent = plutro.post(i % 2 == 0 ? ugo : tess, "level " + (i + 1), "in_reply_to_id", parent);
    }
    assertEquals(20, context(deep, null).getJsonArray("descendants").size());
    assertEquals(21, context(deep, tess.token()).getJsonArray("descendants").size());

    String wide = plutro.post(tess, "many answers");
    List<String> replies = new ArrayList<>();
    for (int i = 0; i < 61; i++) {
      replies.add(plutro.post(ugo, "answer " + i, "in_reply_to_id", wide));
    }
    assertEquals(replies.subList(0, 60), ids(context(wide, null).getJsonArray("descendants")));
    assertEquals(replies, ids(context(wide, ugo.token()).getJsonArray("descendants")));
  }

  @Test
  void aThreadLeavesOutTheRepliesOfAccountsTheViewerMutesOrBlocksButNeverTheirOwn() {
    Member vera = plutro.register("vera");
    Member walt = plutro.register("walt");
    Member xena = plutro.register("xena");
    String root = plutro.post(tess, "who is in this thread?");
    String byVera = plutro.post(vera, "me", "in_reply_to_id", root);
    String byWalt = plutro.post(walt, "me too", "in_reply_to_id", root);
    String byXena = plutro.post(xena, "and me, under vera", "in_reply_to_id", byVera);
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + vera.id() + "/mute", Map.of(),
        "Authorization", "Bearer " + xena.token()).status());
    assertEquals(200, plutro.postForm("/api/v1/accounts/" + walt.id() + "/block", Map.of(),
        "Authorization", "Bearer " + xena.token()).status());

    assertEquals(List.of(byXena), ids(context(root, xena.token()).getJsonArray("descendants")),
        "the muted and the blocked account's replies are left out, the viewer's own kept");
    assertEquals(List.of(byVera, byXena, byWalt), ids(context(root, tess.token()).getJsonArray("descendants")));
    assertEquals(List.of(byVera, byWalt), ids(context(root, walt.token()).getJsonArray("descendants")),
        "the account blocked does not see the blocker's replies either");
    assertEquals(List.of(byVera, byXena, byWalt), ids(context(root, null).getJsonArray("descendants")));
    JsonObject opened = context(byVera, xena.token());
    assertEquals(List.of(root), ids(opened.getJsonArray("ancestors")), "the muted post itself opens");
    assertEquals(List.of(byXena), ids(opened.getJsonArray("descendants")));
  }

  static JsonObject context(String id, String token) {
    String path = "/api/v1/statuses/" + id + "/context";
    return (token == null ? plutro.get(path) : plutro.getWithToken(path, token)).json();
  }

  static List<String> ids(JsonArray statuses) {
    List<String> ids = new ArrayList<>();
    statuses.forEach(status -> ids.add(((JsonObject) status).getString("id")));
    return ids;
  }
}
