package org.plutro.server.http.web;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times on pages: exact for machines ({@code datetime}), readable for people, in UTC. */
public final class Times {
  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);

  private Times() {}

  public static String iso(OffsetDateTime time) {
    return time.toInstant().toString();
  }

  /** {@code 3 Mar 2025, 14:05 UTC}. */
  public static String readable(OffsetDateTime time) {
    return READABLE.format(time.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
