package org.plutro.server.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Reply;
import org.plutro.server.testrig.TestInstance;
import org.plutro.server.testrig.TestInstance.Member;

/** List timelines, and the member's filters applied to timelines (warn annotates, hide removes). */
class ListTimelineAndFiltersTest {
  static TestInstance plutro;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
  }

  @AfterAll
  static void stop() {
    plutro.close();
  }

  static String post(Member member, String text) {
    return plutro.postForm("/api/v1/statuses", Map.of("status", text), "Authorization", "Bearer " + member.token())
        .json().getString("id");
  }

  static List<String> ids(JsonArray statuses) {
    return statuses.stream().map(s -> ((JsonObject) s).getString("id")).toList();
  }

  @Test
  void aListShowsItsAccountsPostsAndFiltersWarnOrHide() {
    Member lea = plutro.register("lea");
    Member max = plutro.register("max");
    Member ned = plutro.register("ned");
    String auth = "Bearer " + lea.token();
    plutro.postForm("/api/v1/accounts/" + max.id() + "/follow", Map.of(), "Authorization", auth);
    plutro.postForm("/api/v1/accounts/" + ned.id() + "/follow", Map.of(), "Authorization", auth);
    String list = plutro.postForm("/api/v1/lists", Map.of("title", "Max"), "Authorization", auth).json().getString("id");
    assertEquals(200, plutro.postForm("/api/v1/lists/" + list + "/accounts", Map.of("account_ids[]", max.id()),
        "Authorization", auth).status());
    String fromMax = post(max, "max writes");
    post(ned, "ned writes");
    assertEquals(List.of(fromMax), ids(plutro.getWithToken("/api/v1/timelines/list/" + list, lea.token()).array()));
    assertEquals(404, plutro.getWithToken("/api/v1/timelines/list/" + list, max.token()).status(), "not max's list");
    assertEquals(404, plutro.getWithToken("/api/v1/timelines/list/12345", lea.token()).status());

    // A warning filter annotates; a hiding one removes, in the contexts it names.
    String spoiler = post(ned, "the ending has spoilers");
    Reply warn = plutro.postJson("/api/v2/filters", new JsonObject().put("title", "Spoilers")
        .put("context", new JsonArray().add("home")).put("filter_action", "warn")
        .put("keywords_attributes", new JsonArray().add(new JsonObject().put("keyword", "spoilers"))),
        "Authorization", auth);
    assertEquals(200, warn.status(), warn.body());
    JsonObject shown = plutro.getWithToken("/api/v1/timelines/home", lea.token()).array().stream()
        .map(JsonObject.class::cast).filter(s -> spoiler.equals(s.getString("id"))).findFirst().orElseThrow();
    assertEquals("Spoilers", shown.getJsonArray("filtered").getJsonObject(0).getJsonObject("filter").getString("title"));
    assertEquals(new JsonArray().add("spoilers"), shown.getJsonArray("filtered").getJsonObject(0).getJsonArray("keyword_matches"));
    Reply hide = plutro.postJson("/api/v2/filters", new JsonObject().put("title", "Max")
        .put("context", new JsonArray().add("home")).put("filter_action", "hide")
        .put("keywords_attributes", new JsonArray().add(new JsonObject().put("keyword", "max writes"))),
        "Authorization", auth);
    assertEquals(200, hide.status(), hide.body());
    List<String> home = ids(plutro.getWithToken("/api/v1/timelines/home", lea.token()).array());
    assertTrue(!home.contains(fromMax) && home.contains(spoiler), home.toString());
    assertEquals(List.of(), ids(plutro.getWithToken("/api/v1/timelines/list/" + list, lea.token()).array()),
        "lists use the home context");
  }
}
