package org.plutro.server.http.web.settings;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.plutro.server.domain.ServiceException;

/**
 * A refused form's errors, one sentence per field, shown next to the field that caused them.
 * Field names are the services' ({@code display_name}, {@code source.privacy}...); an error
 * without a field is kept under {@code ""} and shown above the form.
 */
public record FormErrors(Map<String, String> byField) {
  public static final FormErrors NONE = new FormErrors(Map.of());

  public static FormErrors of(ServiceException refused) {
    Map<String, String> byField = new LinkedHashMap<>();
    JsonObject details = refused.details();
    if (details == null || details.isEmpty()) {
      byField.put("", sentence(refused.getMessage().replaceFirst("^Validation failed: ", "")));
      return new FormErrors(byField);
    }
    for (String field : details.fieldNames()) {
      JsonArray list = details.getJsonArray(field);
      if (list != null && !list.isEmpty()) {
        byField.put(field, sentence(list.getJsonObject(0).getString("description", "is not valid")));
      }
    }
    return new FormErrors(byField);
  }

  /** One error for one field. */
  public static FormErrors of(String field, String message) {
    return new FormErrors(Map.of(field, message));
  }

  public boolean any() {
    return !byField.isEmpty();
  }

  public boolean has(String field) {
    return byField.containsKey(field);
  }

  /** The error of {@code field}, or null. */
  public String get(String field) {
    return byField.get(field);
  }

  /** "is too long (maximum is 30 characters)" → "Is too long (maximum is 30 characters)." */
  private static String sentence(String description) {
    String text = description.strip();
    if (text.isEmpty()) {
      return "This is not valid.";
    }
    text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
    return text.endsWith(".") ? text : text + ".";
  }
}
