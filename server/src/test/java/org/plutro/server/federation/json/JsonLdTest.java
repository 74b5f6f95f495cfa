package org.plutro.server.federation.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JsonLdTest {
  private static Vertx vertx;
  private static JsonLd jsonLd;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    jsonLd = new JsonLd(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void treesSurviveTheWalkToJacksonAndBackWithEveryValueKind() {
    // Decoded from text, as the inbox gets it: nested maps and lists inside the JsonObject.
    JsonObject decoded = new JsonObject("""
        {"id": "https://remote.example/1", "n": 3, "big": 12345678901234, "ratio": 0.5,
         "huge": 123456789012345678901234567890, "yes": true, "nothing": null,
         "list": [1, "two", {"three": [3.0]}], "nested": {"deeper": {"deepest": []}}}""");
    assertEquals(decoded, JsonLd.toVertx(JsonLd.toJackson(decoded)));
    // Built in code: JsonObject and JsonArray values instead of maps and lists.
    JsonObject built = new JsonObject().put("object", new JsonObject().put("tag", new JsonArray()
        .add(new JsonObject().put("type", "Hashtag")))).put("to", new JsonArray().add("a"));
    assertEquals(built.encode(), JsonLd.toVertx(JsonLd.toJackson(built)).encode());
    assertNull(JsonLd.toVertx(JsonLd.toJackson(decoded)).getValue("nothing"));
  }

  @Test
  void aPlainMastodonStyleDocumentIsNormalisedWithoutAWorkerThread() throws Exception {
    JsonObject create = new JsonObject("""
        {"@context": ["https://www.w3.org/ns/activitystreams", {"sensitive": "as:sensitive"}],
         "id": "https://remote.example/1/activity", "type": "Create",
         "actor": "https://remote.example/users/a", "to": "as:Public",
         "object": {"id": "https://remote.example/1", "type": "Note", "content": "<p>hi</p>",
                    "sensitive": false, "cc": "https://remote.example/users/a/followers"}}""");
    JsonObject normal = jsonLd.normalize(create).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertNull(normal.getValue("@context"));
    assertEquals(new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"), normal.getJsonArray("to"));
    assertEquals(new JsonArray().add("https://remote.example/users/a/followers"),
        normal.getJsonObject("object").getJsonArray("cc"));
    assertEquals(false, normal.getJsonObject("object").getBoolean("sensitive"));
  }
}
