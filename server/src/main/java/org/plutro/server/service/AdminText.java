package org.plutro.server.service;

/** The checks every text an admin writes for the instance passes: given, not too long, printable. */
final class AdminText {
  private AdminText() {}

  /** Adds what is wrong with {@code value} (stripped) to {@code errors}; blank is fine unless required. */
  static void check(ValidationErrors errors, String field, String value, int max, boolean required) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty()) {
      if (required) {
        errors.add(field, "ERR_BLANK", "can't be blank");
      }
      return;
    }
    if (text.codePointCount(0, text.length()) > max) {
      errors.add(field, "ERR_TOO_LONG", "is too long (maximum is " + max + " characters)");
    } else if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      errors.add(field, "ERR_INVALID", "contains a control character");
    }
  }

  static String strip(String value) {
    return value == null ? "" : value.strip();
  }
}
