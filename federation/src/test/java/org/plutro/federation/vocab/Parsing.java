package org.plutro.federation.vocab;

import io.vertx.core.json.JsonObject;
import org.plutro.federation.jsonld.Normalise;

/** A body through the normaliser, as the server reads it or forced through full JSON-LD processing. */
enum Parsing {
  AS_SERVER, FULL_JSON_LD;

  JsonObject normalise(String body) {
    try {
      return this == AS_SERVER ? Normalise.asServer(body) : Normalise.fully(body);
    } catch (Exception e) {
      throw new AssertionError("cannot normalise: " + e.getMessage(), e);
    }
  }

  AsObject parse(String body) {
    return Vocab.parse(normalise(body));
  }
}
