package org.plutro.server.testrig;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;

/** An HTTP answer as a test reads it. */
public record Reply(int status, HttpHeaders headers, String body) {
  public JsonObject json() {
    return new JsonObject(body);
  }

  public JsonArray array() {
    return new JsonArray(body);
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
