package org.plutro.server.http.web.settings;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.plutro.server.text.Timestamps;

/** Values as the settings pages show them to a person: times with the hour, devices by name. */
public final class Shown {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);

  private Shown() {}

  /** "3 Mar 2025, 14:05 UTC"; an empty string for no time. */
  public static String time(OffsetDateTime time) {
    return time == null ? "" : time.withOffsetSameInstant(ZoneOffset.UTC).format(TIME);
  }

  /** For a {@code <time datetime>} attribute. */
  public static String iso(OffsetDateTime time) {
    return time == null ? "" : Timestamps.iso(time);
  }

  /** An address, or what became of it: addresses are erased after the retention period. */
  public static String address(String address) {
    return address == null || address.isBlank() ? "not kept" : address;
  }

  /** A browser or app and its system, guessed from a user agent ("Firefox on Linux"). */
  public static String device(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "Unknown device";
    }
    String browser = browser(userAgent);
    String system = system(userAgent);
    return system == null ? browser : browser + " on " + system;
  }

  private static String browser(String ua) {
    if (ua.contains("Firefox/")) {
      return "Firefox";
    } else if (ua.contains("Edg/")) {
      return "Edge";
    } else if (ua.contains("OPR/")) {
      return "Opera";
    } else if (ua.contains("Chromium/") || ua.contains("HeadlessChrome/")) {
      return "Chromium";
    } else if (ua.contains("Chrome/")) {
      return "Chrome";
    } else if (ua.contains("Safari/")) {
      return "Safari";
    }
    // An app or a tool: its own first word ("Tusky/22.0" → "Tusky").
    String first = ua.strip().split("[/ ]", 2)[0];
    return first.isEmpty() ? "Unknown device" : first;
  }

  private static String system(String ua) {
    if (ua.contains("Android")) {
      return "Android";
    } else if (ua.contains("iPhone") || ua.contains("iPad")) {
      return "iOS";
    } else if (ua.contains("Mac OS X")) {
      return "macOS";
    } else if (ua.contains("Windows")) {
      return "Windows";
    } else if (ua.contains("CrOS")) {
      return "ChromeOS";
    } else if (ua.contains("Linux")) {
      return "Linux";
    }
    return null;
  }
}
