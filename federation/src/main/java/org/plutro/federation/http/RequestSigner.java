package org.plutro.federation.http;

import io.vertx.core.MultiMap;
import java.net.URI;

/**
 * Adds signature headers to an outgoing request just before it is sent.
 * {@code headers} is mutable and already holds Host, Date, Content-Type and Accept as sent.
 */
@FunctionalInterface
public interface RequestSigner {
  enum Style { RFC9421, CAVAGE }

  void sign(Style style, String method, URI target, MultiMap headers, byte[] body);
}
