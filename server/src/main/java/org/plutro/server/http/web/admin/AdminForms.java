package org.plutro.server.http.web.admin;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.http.web.Form;

/** What the admin pages' forms share: times typed in UTC, and a refusal said next to its field. */
final class AdminForms {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  private AdminForms() {}

  /** A time as {@code datetime-local} sends it (or a date alone), in UTC; blank is none. */
  static OffsetDateTime time(String value) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty()) {
      return null;
    }
    try {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC)
          : LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(text);
    }
  }

  /** A time as a {@code datetime-local} field shows it; empty for none. */
  static String field(OffsetDateTime time) {
    return time == null ? "" : LOCAL.format(time.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** The form again with the failure said next to its fields, when it is a validation failure. */
  static Form refused(Form form, Throwable failure, Map<String, String> labels) {
    if (failure instanceof ServiceException refused && refused.status() == 422) {
      return form.failed(refused, labels);
    }
    return null;
  }
}
