package org.plutro.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.plutro.server.store.RateLimitStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts per key in fixed windows aligned to the clock, over every process on the database. Each
 * request is counted in memory (no round trip on the request's path); {@link #flush} adds what
 * this process counted to PostgreSQL about once a second and learns what the others counted. A
 * limit thus holds across processes, give or take a second of the other processes' requests.
 */
final class SharedCounts {
  private static final Logger LOG = LoggerFactory.getLogger(SharedCounts.class);

  /** One key's window: counted here, not yet sent, sent, and what other processes counted. */
  private static final class Window {
    final long number;
    final AtomicInteger local = new AtomicInteger();
    final AtomicInteger unsent = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();
    volatile int others;

    Window(long number) {
      this.number = number;
    }
  }

  private final String scope;
  private final long periodSeconds;
  private final RateLimitStore store;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private volatile long currentWindow;

  SharedCounts(String scope, long periodSeconds, RateLimitStore store) {
    this.scope = scope;
    this.periodSeconds = periodSeconds;
    this.store = store;
  }

  long periodSeconds() {
    return periodSeconds;
  }

  /** Counts one event for {@code key} at {@code epochSecond}; answers the window's total. */
  int add(String key, long epochSecond) {
    long number = epochSecond / periodSeconds;
    if (number != currentWindow) {
      currentWindow = number;
      windows.values().removeIf(window -> window.number < number);
    }
    Window window = windows.compute(key, (k, existing) ->
        existing == null || existing.number != number ? new Window(number) : existing);
    window.unsent.incrementAndGet();
    return window.local.incrementAndGet() + window.others;
  }

  /** The window's total for {@code key} at {@code epochSecond}, without counting anything. */
  int total(String key, long epochSecond) {
    Window window = windows.get(key);
    return window == null || window.number != epochSecond / periodSeconds ? 0
        : window.local.get() + window.others;
  }

  /** Sends this process's new counts and reads the totals back; one statement per window. */
  void flush() {
    if (!flushing.compareAndSet(false, true)) {
      return;
    }
    long number = currentWindow;
    List<String> keys = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    List<Window> sending = new ArrayList<>();
    for (Map.Entry<String, Window> entry : windows.entrySet()) {
      Window window = entry.getValue();
      int unsent = window.number == number ? window.unsent.getAndSet(0) : 0;
      if (unsent > 0) {
        keys.add(scope + ":" + entry.getKey());
        counts.add(unsent);
        sending.add(window);
      }
    }
    if (keys.isEmpty()) {
      flushing.set(false);
      return;
    }
    store.add(number * periodSeconds, keys, counts)
        .compose(totals -> {
          for (int i = 0; i < keys.size(); i++) {
            Window window = sending.get(i);
            int sent = window.sent.addAndGet(counts.get(i));
            window.others = Math.max(0, totals.getOrDefault(keys.get(i), sent) - sent);
          }
          return store.forgetBefore(scope + ":", (number - 1) * periodSeconds);
        })
        .onFailure(failure -> {
          // The counts stay here and go with the next flush; meanwhile each process limits alone.
          for (int i = 0; i < keys.size(); i++) {
            sending.get(i).unsent.addAndGet(counts.get(i));
          }
          LOG.debug("Rate limit counts not shared: {}", failure.toString());
        })
        .onComplete(done -> flushing.set(false));
  }
}
