package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An ActivityStreams object as Plutro reads and writes it. Every kind keeps the properties it does
 * not model in {@link #extra()}, so nothing a peer sent is lost and a round trip writes it back.
 */
public sealed interface AsObject permits Activity, Note, Actor, Collection, Tombstone, OtherObject {
  /** The id; null only for an anonymous embedded object. */
  String id();

  /** Every type the document gives, in its order (never empty for a parsed document). */
  List<String> types();

  /** The first type, the one Plutro dispatches on. */
  default String type() {
    return types().isEmpty() ? null : types().get(0);
  }

  default boolean is(String type) {
    return types().contains(type);
  }

  /** The properties this kind does not model, as sent (a copy). */
  JsonObject extra();

  /** This object as JSON without {@code @context}, as it is embedded in another. */
  JsonObject toJsonEmbedded();

  /** This object as a document of its own: with our {@code @context}. */
  default JsonObject toJson() {
    return Vocab.document(this);
  }
}
