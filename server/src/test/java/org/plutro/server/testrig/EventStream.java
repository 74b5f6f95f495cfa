package org.plutro.server.testrig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

/** A streaming API subscription over Server-Sent Events, read on its own thread as an app would. */
public final class EventStream {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private EventStream() {}

  /** Events as {@code {"event": ..., "data": ...}}, in arrival order. */
  public static BlockingQueue<JsonObject> open(TestInstance on, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(on.base() + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      String[] event = new String[1];
      response.body().forEach(line -> {
        if (line.startsWith("event: ")) {
          event[0] = line.substring(7);
        } else if (line.startsWith("data: ") && event[0] != null) {
          events.add(new JsonObject().put("event", event[0]).put("data", line.substring(6)));
          event[0] = null;
        }
      });
    });
    reader.setDaemon(true);
    reader.start();
    return events;
  }
}
