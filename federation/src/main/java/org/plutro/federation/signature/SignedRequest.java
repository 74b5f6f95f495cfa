package org.plutro.federation.signature;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Objects;

/**
 * An incoming (or outgoing) request as the signature code sees it, free of Vert.x server types.
 *
 * @param method the method as received, e.g. {@code POST}
 * @param path path with query as received, e.g. {@code /users/a/inbox?x=1}
 * @param authority the Host header value, e.g. {@code example.com:8443}
 * @param scheme {@code https} or {@code http}
 * @param headers case-insensitive, multi-valued (e.g. {@code MultiMap.caseInsensitiveMultiMap()})
 * @param body the body bytes; empty when there is none. Not copied: do not change it afterwards.
 */
public record SignedRequest(
    String method, String path, String authority, String scheme, MultiMap headers, byte[] body) {

  public SignedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(headers, "headers");
    body = body == null ? new byte[0] : body;
  }

  /**
   * All field lines of a header, each trimmed, joined with ", " (RFC 9421 section 2.1 and
   * draft-cavage section 2.3 agree on this); null when absent.
   */
  public String header(String name) {
    List<String> values = headers.getAll(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() == 1) {
      return values.get(0).trim();
    }
    StringBuilder joined = new StringBuilder();
    for (String value : values) {
      if (joined.length() > 0) {
        joined.append(", ");
      }
      joined.append(value.trim());
    }
    return joined.toString();
  }

  /** The path without its query. */
  String pathWithoutQuery() {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** The raw query without '?', or null when there is none. */
  String query() {
    int query = path.indexOf('?');
    return query < 0 ? null : path.substring(query + 1);
  }
}
