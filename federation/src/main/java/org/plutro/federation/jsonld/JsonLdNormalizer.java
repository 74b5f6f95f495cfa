package org.plutro.federation.jsonld;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.document.JsonDocument;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Turns an incoming ActivityPub document, whatever its context and compaction, into one
 * predictable shape: expanded and compacted against our one local context (Titanium, bundled
 * contexts only), then {@code to}, {@code cc}, {@code bto}, {@code bcc}, {@code audience},
 * {@code tag}, {@code attachment} and the approval lists of an {@code interactionPolicy} always
 * arrays, the public collection always spelled {@code https://www.w3.org/ns/activitystreams#Public},
 * typed literals ({@code {"@value": 3, "type": "xsd:nonNegativeInteger"}}) as their plain value,
 * and no {@code @context}. {@code actor}, {@code object} and the like stay a bare id or an embedded
 * object, as sent.
 *
 * <p>Extension terms that our local context defines (the quote properties among them) come out
 * under the same names whichever path a document takes; a term it does not define comes out as
 * sent on the fast path but as a full or compact IRI after JSON-LD processing, so nothing may
 * read such a term by its short name.
 *
 * <p>CPU work: call it off the event loop. Thread-safe.
 */
public final class JsonLdNormalizer {
  public static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
  public static final String ACTIVITYSTREAMS = "https://www.w3.org/ns/activitystreams";
  static final Set<String> ALWAYS_ARRAYS = Set.of("to", "cc", "bto", "bcc", "audience", "tag", "attachment",
      "automaticApproval", "manualApproval", "always", "approvalRequired");
  /** Lists of actors and collections, where Public may appear in any spelling. */
  static final Set<String> ADDRESS_LISTS = Set.of("to", "cc", "bto", "bcc", "audience",
      "automaticApproval", "manualApproval", "always", "approvalRequired");
  static final Set<String> PUBLIC_SPELLINGS = Set.of("as:Public", "Public", PUBLIC);
  static final int MAX_DEPTH = 64;

  /** Parses bodies with a nesting limit well below the stack's. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH).maxStringLength(1_000_000).build());
  }

  private static final String LOCAL_CONTEXT = """
      {"@context": [
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
          "toot": "http://joinmastodon.org/ns#",
          "schema": "http://schema.org#",
          "sensitive": "as:sensitive",
          "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
          "Hashtag": "as:Hashtag",
          "movedTo": {"@id": "as:movedTo", "@type": "@id"},
          "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"},
          "discoverable": "toot:discoverable",
          "indexable": "toot:indexable",
          "memorial": "toot:memorial",
          "suspended": "toot:suspended",
          "attributionDomains": {"@id": "toot:attributionDomains", "@type": "@id"},
          "quote": "https://w3id.org/fep/044f#quote",
          "quoteUri": "http://fedibird.com/ns#quoteUri",
          "_misskey_quote": "https://misskey-hub.net/ns#_misskey_quote",
          "quoteUrl": "as:quoteUrl",
          "quoteAuthorization": {"@id": "https://w3id.org/fep/044f#quoteAuthorization", "@type": "@id"},
          "QuoteRequest": "https://w3id.org/fep/044f#QuoteRequest",
          "QuoteAuthorization": "https://w3id.org/fep/044f#QuoteAuthorization",
          "featured": {"@id": "toot:featured", "@type": "@id"},
          "featuredTags": {"@id": "toot:featuredTags", "@type": "@id"},
          "Emoji": "toot:Emoji",
          "focalPoint": {"@id": "toot:focalPoint", "@container": "@list"},
          "blurhash": "toot:blurhash",
          "votersCount": "toot:votersCount",
          "PropertyValue": "schema:PropertyValue",
          "value": "schema:value",
          "Multikey": "sec:Multikey",
          "assertionMethod": {"@id": "sec:assertionMethod", "@type": "@id", "@container": "@set"},
          "controller": {"@id": "sec:controller", "@type": "@id"},
          "publicKeyMultibase": {"@id": "sec:publicKeyMultibase", "@type": "sec:multibase"},
          "gts": "https://gotosocial.org/ns#",
          "interactionPolicy": {"@id": "gts:interactionPolicy", "@type": "@id"},
          "canLike": {"@id": "gts:canLike", "@type": "@id"},
          "canReply": {"@id": "gts:canReply", "@type": "@id"},
          "canAnnounce": {"@id": "gts:canAnnounce", "@type": "@id"},
          "canQuote": {"@id": "gts:canQuote", "@type": "@id"},
          "interactingObject": {"@id": "gts:interactingObject", "@type": "@id"},
          "interactionTarget": {"@id": "gts:interactionTarget", "@type": "@id"},
          "automaticApproval": {"@id": "gts:automaticApproval", "@type": "@id"},
          "manualApproval": {"@id": "gts:manualApproval", "@type": "@id"},
          "always": {"@id": "gts:always", "@type": "@id"},
          "approvalRequired": {"@id": "gts:approvalRequired", "@type": "@id"}
        }
      ]}""";

  private static final com.apicatalog.jsonld.context.cache.Cache<String, jakarta.json.JsonValue> CONTEXT_CACHE =
      new CaffeineCache<>(256);
  private static final com.apicatalog.jsonld.context.cache.Cache<String, com.apicatalog.jsonld.document.Document>
      DOCUMENT_CACHE = new CaffeineCache<>(256);

  private static final int JUDGED_CONTEXTS = 1024;

  private final JsonDocument localContext;
  /** What our local context means, term by term. */
  private final TermTable ours = new TermTable();
  /** Bundled contexts that agree with ours: documents using only them need no JSON-LD processing. */
  private final Set<String> agreeingContexts = new java.util.HashSet<>();
  /** Our terms by the IRI they stand for (to name what a peer's own context spelled otherwise). */
  private final Map<String, String> termsByIri = new java.util.HashMap<>();
  /** Inline contexts already judged (peers send the same one every time). */
  private final Cache<String, Boolean> judgedInline =
      Caffeine.newBuilder().maximumSize(JUDGED_CONTEXTS).executor(Runnable::run).build();

  public JsonLdNormalizer() {
    try {
      localContext = JsonDocument.of(new StringReader(LOCAL_CONTEXT));
      JsonNode local = MAPPER.readTree(LOCAL_CONTEXT).get("@context");
      for (JsonNode element : local) {
        ours.addAll(element.isTextual() ? bundled(element.asText()) : element, ours);
      }
      ours.all().forEach((term, definition) -> {
        if (definition.iri() != null && !definition.iri().endsWith("#") && !definition.iri().endsWith("/")) {
          termsByIri.putIfAbsent(definition.iri(), term);
        }
      });
      for (String url : BundledContexts.INSTANCE.urls()) {
        TermTable table = new TermTable();
        JsonNode context = bundled(url);
        table.addAll(context, table);
        if (table.agreesWith(ours)) {
          agreeingContexts.add(BundledContexts.key(url));
        }
      }
    } catch (JsonLdError | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode bundled(String url) throws java.io.IOException {
    return MAPPER.readTree(BundledContexts.INSTANCE.raw(url)).get("@context");
  }

  /** Parses and normalises a body. */
  public ObjectNode normalize(byte[] body) throws JsonLdException {
    JsonNode parsed;
    try {
      parsed = MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new JsonLdException("not valid JSON (or nested too deeply)");
    }
    return normalize(parsed);
  }

  /**
   * The normal form if the document needs no JSON-LD processing (microseconds: fine on an event
   * loop), else null; then call {@link #normalize(JsonNode)} off the event loop.
   */
  public ObjectNode normalizeIfPlain(JsonNode document) {
    if (document == null || !document.isObject() || depth(document, 0) > MAX_DEPTH
        || !readsAsIs((ObjectNode) document)) {
      return null;
    }
    return plain((ObjectNode) document);
  }

  private ObjectNode plain(ObjectNode document) {
    ObjectNode result = document.deepCopy();
    result.remove("@context");
    compactLikeJsonLd(result);
    shape(result);
    return result;
  }

  public ObjectNode normalize(JsonNode document) throws JsonLdException {
    if (document == null || !document.isObject()) {
      throw new JsonLdException("a JSON object is required");
    }
    if (depth(document, 0) > MAX_DEPTH) {
      throw new JsonLdException("the document is nested too deeply");
    }
    if (readsAsIs((ObjectNode) document)) {
      return plain((ObjectNode) document);
    }
    return normalizeFully(document);
  }

  /**
   * Whether the document's compact form already is our normal form: its contexts are bundled ones
   * that agree with ours or inline definitions that agree with ours, and nothing in it (nested
   * contexts, keywords, compact IRIs as keys) needs a JSON-LD processor to be read.
   */
  boolean readsAsIs(ObjectNode document) {
    JsonNode context = document.get("@context");
    if (context != null) {
      for (JsonNode element : context.isArray() ? context : MAPPER.createArrayNode().add(context)) {
        if (element.isTextual()) {
          if (!agreeingContexts.contains(BundledContexts.key(element.asText()))) {
            return false;
          }
        } else if (element.isObject()) {
          if (!judgedInline.get(element.toString(), key -> agrees(element))) {
            return false;
          }
        } else {
          return false;
        }
      }
    }
    return plainKeys(document, true);
  }

  private boolean agrees(JsonNode inline) {
    TermTable table = new TermTable();
    table.addAll(inline, ours);
    return table.agreesWith(ours);
  }

  private static boolean plainKeys(JsonNode node, boolean top) {
    if (node.isArray()) {
      for (JsonNode item : node) {
        if (!plainKeys(item, false)) {
          return false;
        }
      }
      return true;
    }
    if (!node.isObject()) {
      return true;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      if ((key.startsWith("@") && !(top && key.equals("@context"))) || key.indexOf(':') >= 0) {
        return false;
      }
      if (!key.equals("@context") && !plainKeys(field.getValue(), false)) {
        return false;
      }
    }
    return true;
  }

  /** What JSON-LD compaction does to plain JSON: nulls dropped, one-element arrays unwrapped. */
  private void compactLikeJsonLd(JsonNode node) {
    if (node instanceof ArrayNode array) {
      array.forEach(this::compactLikeJsonLd);
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        fields.remove();
        continue;
      }
      if (value instanceof ArrayNode array) {
        for (int i = array.size() - 1; i >= 0; i--) {
          if (array.get(i).isNull()) {
            array.remove(i);
          }
        }
        TermTable.Term term = ours.get(field.getKey());
        boolean keepsArray = term != null && ("@list".equals(term.container())
            || "@set".equals(term.container()));
        if (array.size() == 1 && !keepsArray) {
          field.setValue(array.get(0));
        }
      }
      compactLikeJsonLd(field.getValue());
    }
  }

  /** Whether our local context defines this term (the ones the rest of Plutro may read). */
  boolean defines(String term) {
    return ours.get(term) != null;
  }

  /** The full JSON-LD path: expand and compact with Titanium. */
  ObjectNode normalizeFully(JsonNode document) throws JsonLdException {
    JsonObject input;
    try {
      input = Json.createReader(new StringReader(MAPPER.writeValueAsString(document))).readObject();
    } catch (JsonProcessingException | RuntimeException e) {
      throw new JsonLdException("not valid JSON");
    }
    JsonLdOptions options = new JsonLdOptions(BundledContexts.INSTANCE);
    // Every IRI would otherwise be parsed by java.net.URI: the single largest cost in Titanium.
    options.setUriValidation(false);
    options.setContextCache(CONTEXT_CACHE);
    options.setDocumentCache(DOCUMENT_CACHE);
    if (!document.has("@context")) {
      // Bare ActivityStreams JSON without a context: read it as ActivityStreams.
      options.setExpandContext(ACTIVITYSTREAMS);
    }
    JsonObject compacted;
    try {
      compacted = JsonLd.compact(JsonDocument.of(input), localContext).options(options).get();
    } catch (JsonLdError e) {
      throw new JsonLdException("cannot read the document as JSON-LD: " + safe(e.getMessage()));
    } catch (RuntimeException e) {
      throw new JsonLdException("cannot read the document as JSON-LD");
    }
    ObjectNode result;
    try {
      result = (ObjectNode) MAPPER.readTree(compacted.toString());
    } catch (JsonProcessingException e) {
      throw new JsonLdException("cannot read the document as JSON-LD");
    }
    result.remove("@context");
    nameOurTerms(result);
    shape(result);
    return result;
  }

  /**
   * Gives our terms their names where compaction could not: a peer that defines a term we read
   * differently (Misskey's {@code featured} is not id-typed: it comes out as {@code toot:featured})
   * or not at all (GoToSocial's actors use {@code manuallyApprovesFollowers} without defining it:
   * it comes out as {@code _:manuallyApprovesFollowers}). The fast path reads both by their
   * names; so must the full path. A name already present wins.
   */
  private void nameOurTerms(JsonNode node) {
    if (node instanceof ArrayNode array) {
      array.forEach(this::nameOurTerms);
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    Map<String, String> renames = new java.util.LinkedHashMap<>();
    object.fieldNames().forEachRemaining(key -> {
      String term = ourTermFor(key);
      if (term != null && !object.has(term) && !renames.containsValue(term)) {
        renames.put(key, term);
      }
    });
    if (!renames.isEmpty()) {
      ObjectNode renamed = object.deepCopy();
      object.removeAll();
      renamed.properties().forEach(field -> object.set(renames.getOrDefault(field.getKey(), field.getKey()),
          field.getValue()));
    }
    object.forEach(this::nameOurTerms);
  }

  private String ourTermFor(String key) {
    if (key.startsWith("_:")) {
      String term = key.substring(2);
      return ours.get(term) != null && ours.get(term).iri() != null ? term : null;
    }
    if (key.indexOf(':') <= 0 || key.startsWith("@")) {
      return null;
    }
    return termsByIri.get(ours.expand(key, null));
  }

  /**
   * Arrays where peers may send one value, one spelling of Public, and plain values for typed
   * literals, at every level.
   */
  private static void shape(JsonNode node) {
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode plain = literal(array.get(i));
        if (plain != array.get(i)) {
          array.set(i, plain);
        }
        shape(plain);
      }
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = literal(field.getValue());
      if (value != field.getValue()) {
        field.setValue(value);
      }
      if (ALWAYS_ARRAYS.contains(name) && !value.isArray()) {
        ArrayNode array = MAPPER.createArrayNode();
        if (!value.isNull()) {
          array.add(value);
        }
        field.setValue(array);
        value = array;
      }
      if (value instanceof ArrayNode array && ADDRESS_LISTS.contains(name)) {
        for (int i = 0; i < array.size(); i++) {
          if (array.get(i).isTextual() && PUBLIC_SPELLINGS.contains(array.get(i).asText())) {
            array.set(i, TextNode.valueOf(PUBLIC));
          }
        }
      }
      shape(value);
    }
  }

  /**
   * A typed literal as its value: a term whose definition has no type (or another one) keeps a
   * peer's {@code xsd:nonNegativeInteger} as {@code {"@value": 3, "type": ...}} after compaction.
   */
  private static JsonNode literal(JsonNode node) {
    if (node instanceof ObjectNode object && object.has("@value")) {
      JsonNode value = object.get("@value");
      return value.isContainerNode() ? node : value;
    }
    return node;
  }

  private static int depth(JsonNode node, int level) {
    if (level > MAX_DEPTH) {
      return level;
    }
    int deepest = level;
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        deepest = Math.max(deepest, depth(child, level + 1));
        if (deepest > MAX_DEPTH) {
          return deepest;
        }
      }
    }
    return deepest;
  }

  private static String safe(String message) {
    if (message == null) {
      return "invalid";
    }
    return message.length() > 200 ? message.substring(0, 200) : message;
  }
}
