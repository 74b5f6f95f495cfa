package org.plutro.federation.net;

import io.vertx.core.MultiMap;

/** A remote server's answer: status, headers and the (size-limited) body. */
public record HttpResult(int status, MultiMap headers, byte[] body) {}
