package org.plutro.server.domain;

import io.vertx.core.json.JsonObject;

/**
 * A failure with a message that is safe to show a client and the HTTP status it deserves.
 * {@code details} follows Mastodon's validation shape: {field: [{error, description}]}.
 */
public class ServiceException extends RuntimeException {
  private final int status;
  private final JsonObject details;

  public ServiceException(int status, String safeMessage) {
    this(status, safeMessage, null);
  }

  public ServiceException(int status, String safeMessage, JsonObject details) {
    super(safeMessage, null, false, false);
    this.status = status;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public JsonObject details() {
    return details;
  }

  public static ServiceException notFound(String what) {
    return new ServiceException(404, what);
  }

  public static ServiceException unauthorized(String why) {
    return new ServiceException(401, why);
  }

  public static ServiceException forbidden(String why) {
    return new ServiceException(403, why);
  }

  public static ServiceException unprocessable(String why) {
    return new ServiceException(422, why);
  }
}
