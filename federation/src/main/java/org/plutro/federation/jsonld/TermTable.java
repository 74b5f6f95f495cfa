package org.plutro.federation.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Term definitions as a context states them: term → (IRI, whether values are ids, container).
 * Used to tell whether a document's context means, for every term we read, what our local
 * context means — in which case its compact form is already our normal form.
 */
final class TermTable {
  record Term(String iri, boolean idValued, String container) {}

  static final String COMPLEX = "complex";
  private final Map<String, Term> terms = new HashMap<>();
  private boolean unsupportedKeyword;

  Term get(String name) {
    return terms.get(name);
  }

  Map<String, Term> all() {
    return terms;
  }

  /**
   * Adds the definitions of a context object ({@code {"as": "...", "Note": "as:Note", ...}}).
   * A definition this table cannot represent (a scoped context, a reverse property) is recorded
   * as {@link #COMPLEX}; a keyword that changes how every term reads ({@code @vocab} other than
   * ActivityStreams' {@code _:}, {@code @base}, {@code @language}, {@code @import}...) marks the
   * whole table unsupported.
   */
  void addAll(JsonNode context, TermTable prefixes) {
    if (!context.isObject()) {
      unsupportedKeyword = true;
      return;
    }
    // Prefixes first: definitions may use prefixes defined later in the same object.
    Iterator<Map.Entry<String, JsonNode>> fields = context.fields();
    Map<String, JsonNode> pending = new HashMap<>();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().startsWith("@")) {
        boolean harmless = field.getKey().equals("@version") || field.getKey().equals("@protected")
            || (field.getKey().equals("@vocab") && "_:".equals(field.getValue().asText()));
        unsupportedKeyword |= !harmless;
        continue;
      }
      pending.put(field.getKey(), field.getValue());
      if (field.getValue().isTextual() && field.getValue().asText().matches("^https?://.*[#/]$")) {
        terms.put(field.getKey(), new Term(field.getValue().asText(), false, null));
      }
    }
    for (Map.Entry<String, JsonNode> entry : pending.entrySet()) {
      Term term = definition(entry.getKey(), entry.getValue(), prefixes);
      terms.put(entry.getKey(), term != null ? term : new Term(null, false, COMPLEX));
    }
  }

  /**
   * Whether a document read with this context means what it would mean with {@code ours}: every
   * term both define is defined alike, and nothing here changes how other terms read. Terms only
   * this context defines may be anything: we do not read them.
   */
  boolean agreesWith(TermTable ours) {
    if (unsupportedKeyword) {
      return false;
    }
    for (Map.Entry<String, Term> entry : terms.entrySet()) {
      Term mine = entry.getValue();
      Term theirs = ours.get(entry.getKey());
      if (theirs != null && !theirs.equals(mine)) {
        return false;
      }
    }
    return true;
  }

  private Term definition(String name, JsonNode value, TermTable prefixes) {
    if (value.isTextual()) {
      return new Term(expand(value.asText(), prefixes), false, null);
    }
    if (!value.isObject()) {
      return null;
    }
    Iterator<String> keys = value.fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      if (!key.equals("@id") && !key.equals("@type") && !key.equals("@container")) {
        return null;
      }
    }
    JsonNode id = value.get("@id");
    if (id == null || !id.isTextual()) {
      return null;
    }
    JsonNode type = value.get("@type");
    JsonNode container = value.get("@container");
    return new Term(expand(id.asText(), prefixes),
        type != null && ("@id".equals(type.asText()) || "@vocab".equals(type.asText())),
        container == null || !container.isTextual() ? (container == null ? null : "complex")
            : container.asText());
  }

  /** {@code as:Note} → the full IRI, using this table's prefixes, then {@code fallback}'s. */
  String expand(String value, TermTable fallback) {
    int colon = value.indexOf(':');
    if (colon <= 0 || value.startsWith("http://") || value.startsWith("https://")) {
      return value;
    }
    String prefix = value.substring(0, colon);
    Term base = terms.get(prefix);
    if (base == null && fallback != null) {
      base = fallback.get(prefix);
    }
    return base == null ? value : base.iri() + value.substring(colon + 1);
  }
}
