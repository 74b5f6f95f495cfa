package org.plutro.server.federation.handler;

import io.vertx.core.Future;

/** Does what one type of incoming activity means. A failed future is retried from the queue. */
@FunctionalInterface
public interface ActivityHandler {
  Future<Void> handle(Inbound inbound);
}
