package org.plutro.server.http.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.plutro.server.domain.ServiceException;

/**
 * A form as a page shows it again after a failed submit: the values the person typed (passwords
 * never kept) and, next to each field, what is wrong with it; {@code alert} is what is wrong with
 * the whole (too many attempts, closed registrations). Pages whose typed values live in a form
 * record of their own (the settings) use only its errors.
 */
public record Form(Map<String, String> values, Map<String, String> errors, String alert) {
  /** An empty form. */
  public static Form empty() {
    return new Form(Map.of(), Map.of(), null);
  }

  /** The submitted values of {@code fields}. */
  public static Form submitted(RoutingContext ctx, String... fields) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : fields) {
      String value = ctx.request().getFormAttribute(field);
      if (value != null) {
        values.put(field, value);
      }
    }
    return new Form(values, Map.of(), null);
  }

  /** The same form with a value set. */
  public Form with(String field, String value) {
    Map<String, String> more = new LinkedHashMap<>(values);
    more.put(field, value);
    return new Form(more, errors, alert);
  }

  /** The same form with {@code message} said next to {@code field}. */
  public Form withError(String field, String message) {
    Map<String, String> more = new LinkedHashMap<>(errors);
    more.put(field, message);
    return new Form(values, more, alert);
  }

  /**
   * The same form with the failure said next to its fields: a validation failure's details
   * (Mastodon's shape: each field's first problem, after the field's name in {@code labels}, or
   * alone where the field has no label there), or else the failure's message as the alert.
   */
  public Form failed(ServiceException failure, Map<String, String> labels) {
    JsonObject details = failure.details();
    if (details == null || details.isEmpty()) {
      String message = failure.getMessage().replaceFirst("^Validation failed: ", "");
      return new Form(values, errors, sentence(message));
    }
    Map<String, String> said = new LinkedHashMap<>();
    for (String field : details.fieldNames()) {
      JsonArray problems = details.getJsonArray(field);
      if (problems == null || problems.isEmpty()) {
        continue;
      }
      JsonObject first = problems.getJsonObject(0);
      said.put(field, sentence(field, first.getString("error", ""), labels.get(field),
          first.getString("description", "is not valid")));
    }
    return new Form(values, said, null);
  }

  /** A field's problem said for a person; without a label it stands next to its field. */
  private static String sentence(String field, String code, String label, String description) {
    if (field.equals("agreement")) {
      return "Agree to the rules and the privacy policy to sign up.";
    }
    if (label == null) {
      return sentence(description);
    }
    return switch (code) {
      case "ERR_BLANK" -> label + " is required.";
      case "ERR_TAKEN" -> "This " + label.toLowerCase(Locale.ROOT) + " is already taken.";
      default -> sentence(label + " " + description);
    };
  }

  /** "is too long (maximum is 30 characters)" → "Is too long (maximum is 30 characters)." */
  private static String sentence(String text) {
    String said = text == null ? "" : text.strip();
    if (said.isEmpty()) {
      return "This is not valid.";
    }
    said = Character.toUpperCase(said.charAt(0)) + said.substring(1);
    return said.endsWith(".") ? said : said + ".";
  }

  /** The value to show in the field; empty when there is none. */
  public String value(String field) {
    return values.getOrDefault(field, "");
  }

  /** What is wrong with the field, or null. */
  public String error(String field) {
    return errors.get(field);
  }

  public boolean hasError(String field) {
    return errors.containsKey(field);
  }

  public boolean checked(String field) {
    String value = values.get(field);
    return value != null && !value.isEmpty() && !value.equals("0") && !value.equals("false");
  }

  public boolean hasErrors() {
    return !errors.isEmpty() || alert != null;
  }
}
