package org.plutro.server.federation.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.json.JsonArray;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plutro.federation.jsonld.JsonLdNormalizer;

/**
 * Normalises incoming JSON-LD (Titanium, bundled contexts only) on worker threads: it is CPU work
 * that must not run on the event loop.
 */
public final class JsonLd {
  private final Vertx vertx;
  private final JsonLdNormalizer normalizer = new JsonLdNormalizer();

  public JsonLd(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Documents in the common contexts are normalised at once; others on a worker thread. */
  public Future<JsonObject> normalize(JsonObject document) {
    JsonNode tree = toJackson(document);
    ObjectNode plain = normalizer.normalizeIfPlain(tree);
    if (plain != null) {
      return Future.succeededFuture(toVertx(plain));
    }
    return vertx.executeBlocking(() -> toVertx(normalizer.normalize(tree)), false);
  }

  public Future<JsonObject> normalize(byte[] document) {
    return vertx.executeBlocking(() -> toVertx(normalizer.normalize(document)), false);
  }

  // Direct tree walks: Jackson's convertValue goes through a token buffer, and this runs for
  // every incoming activity.

  static JsonObject toVertx(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object.properties().forEach(field -> map.put(field.getKey(), toVertxValue(field.getValue())));
    return new JsonObject(map);
  }

  private static Object toVertxValue(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> toVertx(node);
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(element -> list.add(toVertxValue(element)));
        yield new JsonArray(list);
      }
      case STRING -> node.textValue();
      case NUMBER -> node.numberValue();
      case BOOLEAN -> node.booleanValue();
      default -> null;
    };
  }

  static JsonNode toJackson(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value instanceof JsonObject object) {
      return toJackson(object.getMap());
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = nodes.objectNode();
      map.forEach((key, member) -> node.set(String.valueOf(key), toJackson(member)));
      return node;
    }
    if (value instanceof JsonArray array) {
      return toJackson(array.getList());
    }
    if (value instanceof List<?> list) {
      ArrayNode node = nodes.arrayNode(list.size());
      list.forEach(element -> node.add(toJackson(element)));
      return node;
    }
    if (value instanceof String text) {
      return nodes.textNode(text);
    }
    if (value instanceof Boolean bool) {
      return nodes.booleanNode(bool);
    }
    if (value instanceof Integer number) {
      return nodes.numberNode(number);
    }
    if (value instanceof Long number) {
      return nodes.numberNode(number);
    }
    if (value instanceof Double number) {
      return nodes.numberNode(number);
    }
    if (value instanceof BigInteger number) {
      return nodes.numberNode(number);
    }
    if (value instanceof BigDecimal number) {
      return nodes.numberNode(number);
    }
    if (value instanceof Number number) {
      return nodes.numberNode(number.doubleValue());
    }
    return value == null ? nodes.nullNode() : nodes.textNode(String.valueOf(value));
  }
}
