package org.plutro.server.http.streaming;

import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connected streaming client: who it is (null for anonymous), which streams it follows and how
 * events reach it. Writes happen on the connection's own context; a client that cannot keep up
 * (its write queue full) is closed rather than buffered without bound.
 */
final class StreamClient {
  /** How events leave: a WebSocket message or an SSE event. */
  interface Sink {
    void write(String text);

    boolean writeQueueFull();

    void close();
  }

  final Long viewerId;
  final String tokenKey;
  final Set<String> streams = ConcurrentHashMap.newKeySet();
  private final Context context;
  private final Sink sink;
  private final boolean webSocket;

  StreamClient(Long viewerId, String tokenKey, Context context, Sink sink, boolean webSocket) {
    this.viewerId = viewerId;
    this.tokenKey = tokenKey;
    this.context = context;
    this.sink = sink;
    this.webSocket = webSocket;
  }

  /** Sends one event for {@code stream} (its Mastodon name parts, e.g. ["hashtag", "cats"]). */
  void send(JsonArray stream, String event, String payload) {
    context.runOnContext(v -> {
      if (sink.writeQueueFull()) {
        sink.close();
        return;
      }
      if (webSocket) {
        sink.write(new JsonObject().put("stream", stream).put("event", event).put("payload", payload)
            .encode());
      } else {
        sink.write("event: " + event + "\ndata: " + payload.replace("\n", "\ndata: ") + "\n\n");
      }
    });
  }

  void close() {
    context.runOnContext(v -> sink.close());
  }
}
