package org.plutro.server.federation.remote;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Fetches remote ActivityPub documents: signed as the instance actor, SSRF-guarded, normalised. */
public interface DocumentFetcher {
  /** The document at {@code uri}, normalised; fails on any non-2xx, oversized or unreadable answer. */
  Future<JsonObject> fetch(String uri);

  /** The actor URI that WebFinger gives for {@code user@host[:port]}. */
  Future<String> webfinger(String handle);
}
