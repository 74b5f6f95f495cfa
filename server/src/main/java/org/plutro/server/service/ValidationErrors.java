package org.plutro.server.service;

import org.plutro.server.domain.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects field errors in Mastodon's shape and turns them into one 422:
 * {@code {"error": "Validation failed: Username is taken", "details": {"username": [{"error": "ERR_TAKEN", ...}]}}}.
 */
public final class ValidationErrors {
  private final JsonObject details = new JsonObject();
  private final List<String> sentences = new ArrayList<>();

  public ValidationErrors add(String field, String code, String description) {
    JsonArray list = details.getJsonArray(field);
    if (list == null) {
      list = new JsonArray();
      details.put(field, list);
    }
    list.add(new JsonObject().put("error", code).put("description", description));
    String label = Character.toUpperCase(field.charAt(0)) + field.substring(1).replace('_', ' ');
    sentences.add(label + " " + description);
    return this;
  }

  /** The problems found with {@code field}, or null when none. */
  public JsonArray details(String field) {
    return details.getJsonArray(field);
  }

  public boolean isEmpty() {
    return sentences.isEmpty();
  }

  public ServiceException toException() {
    return new ServiceException(422, "Validation failed: " + String.join(", ", sentences), details);
  }

  public void throwIfAny() {
    if (!isEmpty()) {
      throw toException();
    }
  }
}
