package org.plutro.federation.signature;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The HTTP date format (IMF-fixdate, RFC 9110 section 5.6.7). */
final class HttpDates {
  // RFC_1123_DATE_TIME would print "5 Jan"; HTTP wants the two-digit "05 Jan".
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /**
   * The last Date header read: deliveries made in the same second carry the same one, and
   * DateTimeFormatter's parsing is a good part of reading a signature.
   */
  private static volatile ReadDate lastRead = new ReadDate("", Instant.EPOCH);

  private record ReadDate(String text, Instant instant) {}

  private HttpDates() {}

  static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  static Instant parse(String value) throws SignatureException {
    if (value == null || value.length() > 64) {
      throw new SignatureException("unreadable Date header");
    }
    String text = value.trim();
    ReadDate last = lastRead;
    if (last.text().equals(text)) {
      return last.instant();
    }
    try {
      Instant instant = DateTimeFormatter.RFC_1123_DATE_TIME.parse(text, Instant::from);
      lastRead = new ReadDate(text, instant);
      return instant;
    } catch (DateTimeParseException e) {
      throw new SignatureException("unreadable Date header");
    }
  }
}
