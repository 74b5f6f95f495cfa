package org.plutro.federation.signature;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;

/** Builds test requests from header lines. */
final class Requests {
  private Requests() {}

  static MultiMap headers(String... nameValuePairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      headers.add(nameValuePairs[i], nameValuePairs[i + 1]);
    }
    return headers;
  }

  static SignedRequest request(String method, String path, String body, MultiMap headers) {
    return new SignedRequest(method, path, headers.get("host"), "https", headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** Undoes RFC 8792 single-backslash line wrapping ('\' at line end, next line's indent). */
  static String unwrap(String wrapped) {
    return wrapped.replaceAll("\\\\\n[ ]*", "");
  }
}
