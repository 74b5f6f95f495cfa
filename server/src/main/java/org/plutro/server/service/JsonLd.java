package org.plutro.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  public Future<JsonObject> normalize(JsonObject document) {
    return normalize(document.toBuffer().getBytes());
  }

  public Future<JsonObject> normalize(byte[] document) {
    return vertx.executeBlocking(() -> toVertx(normalizer.normalize(document)), false);
  }

  @SuppressWarnings("unchecked")
  private static JsonObject toVertx(JsonNode node) {
    return new JsonObject(MAPPER.convertValue(node, Map.class));
  }
}
