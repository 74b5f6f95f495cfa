package org.plutro.federation.jsonld;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** For tests elsewhere: a body normalised as the server does it, or forced through Titanium. */
public final class Normalise {
  private static final JsonLdNormalizer NORMALIZER = new JsonLdNormalizer();

  private Normalise() {}

  /** As the server: the fast path when the contexts allow it, else full JSON-LD processing. */
  public static JsonObject asServer(String body) throws JsonLdException {
    return vertx(NORMALIZER.normalize(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** Always through Titanium (what a document with an unusual context gets). */
  public static JsonObject fully(String body) throws Exception {
    return vertx(NORMALIZER.normalizeFully(JsonLdNormalizer.MAPPER.readTree(body)));
  }

  /** Whether the body takes the fast path. */
  public static boolean isPlain(String body) throws Exception {
    return NORMALIZER.normalizeIfPlain(JsonLdNormalizer.MAPPER.readTree(body)) != null;
  }

  @SuppressWarnings("unchecked")
  private static JsonObject vertx(ObjectNode node) {
    return new JsonObject(JsonLdNormalizer.MAPPER.convertValue(node, Map.class));
  }
}
