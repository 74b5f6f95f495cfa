package org.plutro.server.text;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as Mastodon's API writes them: UTC, with milliseconds. */
public final class Timestamps {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

  private Timestamps() {}

  public static String iso(OffsetDateTime time) {
    return time.withOffsetSameInstant(ZoneOffset.UTC).format(ISO_MILLIS);
  }
}
