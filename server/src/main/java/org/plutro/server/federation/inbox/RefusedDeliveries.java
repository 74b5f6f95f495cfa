package org.plutro.server.federation.inbox;

import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused deliveries at INFO, with the key id and the reason, so that an operator can see
 * why a peer's activities do not arrive (a peer such as GoToSocial does not retry a 4xx). A peer
 * retrying, or a flood of forged requests, must not fill the log: one line per key id and reason
 * a minute (saying how many more there were), and at most {@link #LINES_PER_MINUTE} lines a minute
 * in all.
 */
public final class RefusedDeliveries {
  private static final Logger LOG = LoggerFactory.getLogger(RefusedDeliveries.class);
  static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);
  static final int LINES_PER_MINUTE = 60;
  private static final int REMEMBERED = 10_000;
  private static final int LONGEST = 200;
  private static final Pattern KEY_ID = Pattern.compile("keyid=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

  /** When a (key id, reason) was last logged, and how many times it has been refused since. */
  private record Window(long since, int unlogged) {}

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Consumer<String> log;
  private final LongSupplier clock;
  private long minuteStarted;
  private int linesThisMinute;
  private int droppedThisMinute;

  public RefusedDeliveries() {
    this(line -> LOG.info("{}", line), System::nanoTime);
  }

  /** With where lines go and a nanosecond clock, for tests. */
  RefusedDeliveries(Consumer<String> log, LongSupplier clock) {
    this.log = log;
    this.clock = clock;
    this.minuteStarted = clock.getAsLong();
  }

  /** Notes a refused delivery; logs it unless the same one was logged within the last minute. */
  public void refused(String keyId, String reason) {
    String key = safe(keyId) + " " + safe(reason);
    long now = clock.getAsLong();
    int[] earlier = {-1};
    if (windows.size() >= REMEMBERED) {
      windows.clear();
    }
    windows.compute(key, (k, window) -> {
      if (window == null || now - window.since() >= QUIET_NANOS) {
        earlier[0] = window == null ? 0 : window.unlogged();
        return new Window(now, 0);
      }
      return new Window(window.since(), window.unlogged() + 1);
    });
    if (earlier[0] < 0) {
      return;
    }
    int dropped = admit(now);
    if (dropped < 0) {
      return;
    }
    log.accept("Refused a delivery signed with key " + safe(keyId) + ": " + safe(reason)
        + (earlier[0] > 0 ? " (and " + earlier[0] + " more like it since the last such line)" : "")
        + (dropped > 0 ? " (" + dropped + " other refusals went unlogged in the last minute)" : ""));
  }

  /** The key id a request's signature names, without parsing it (for requests refused unparsed). */
  public static String keyIdIn(MultiMap headers) {
    for (String name : new String[] {"Signature-Input", "Signature", "Authorization"}) {
      String value = headers.get(name);
      if (value != null) {
        Matcher matcher = KEY_ID.matcher(value);
        if (matcher.find()) {
          return matcher.group(1);
        }
      }
    }
    return "(none)";
  }

  /** -1 when this minute's lines are used up; else how many went unlogged in the minute before. */
  private synchronized int admit(long now) {
    int dropped = 0;
    if (now - minuteStarted >= QUIET_NANOS) {
      dropped = droppedThisMinute;
      minuteStarted = now;
      linesThisMinute = 0;
      droppedThisMinute = 0;
    }
    if (linesThisMinute >= LINES_PER_MINUTE) {
      droppedThisMinute++;
      return -1;
    }
    linesThisMinute++;
    return dropped;
  }

  /** Untrusted text, printable and short, for one log line. */
  static String safe(String text) {
    if (text == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), LONGEST) + 3);
    for (int i = 0; i < text.length() && i < LONGEST; i++) {
      char c = text.charAt(i);
      boolean printable = !Character.isISOControl(c) && c != '\u2028' && c != '\u2029';
      out.append(printable ? c : '?');
    }
    return text.length() > LONGEST ? out.append("...").toString() : out.toString();
  }
}
