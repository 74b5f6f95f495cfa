package org.plutro.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.plutro.federation.jsonld.JsonLdNormalizer;

/**
 * Normalises incoming JSON-LD (Titanium, bundled contexts only) on worker threads: it is CPU work
 * that must not run on the event loop.
 */
public final class JsonLd {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Vertx vertx;
  private final JsonLdNormalizer normalizer = new JsonLdNormalizer();

  public JsonLd(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Documents in the common contexts are normalised at once; others on a worker thread. */
  public Future<JsonObject> normalize(JsonObject document) {
    JsonNode tree = MAPPER.convertValue(document.getMap(), JsonNode.class);
    ObjectNode plain = normalizer.normalizeIfPlain(tree);
    if (plain != null) {
      return Future.succeededFuture(toVertx(plain));
    }
    return vertx.executeBlocking(() -> toVertx(normalizer.normalize(tree)), false);
  }

  public Future<JsonObject> normalize(byte[] document) {
    return vertx.executeBlocking(() -> toVertx(normalizer.normalize(document)), false);
  }

  @SuppressWarnings("unchecked")
  private static JsonObject toVertx(JsonNode node) {
    return new JsonObject(MAPPER.convertValue(node, Map.class));
  }
}
