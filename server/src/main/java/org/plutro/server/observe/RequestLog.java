package org.plutro.server.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per HTTP request: method, route pattern, status and time in ms. Never the path, the
 * query string, headers or the client's address: paths name members and posts, query strings and
 * headers may carry tokens, and addresses are personal data kept only as long as
 * {@code PLUTRO_IP_RETENTION_DAYS} says. The fields also travel as key-value pairs, which the
 * JSON format writes as fields of their own.
 *
 * <p>The event loops only put a small record in a bounded queue; a thread of its own writes the
 * lines in batches, looking for more every few milliseconds rather than being woken for each
 * (a wake-up per request cost more than the line). When the output cannot keep up and the queue
 * is full, lines are dropped and counted, never waited for. A line is written within
 * {@value #IDLE_MILLIS} ms of its request's end, with that time.
 */
public final class RequestLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
  private static final int CAPACITY = 16_384;
  private static final int BATCH = 1_024;
  private static final long IDLE_MILLIS = 20;

  private record Line(String method, String route, int status, double ms) {}

  private final ArrayBlockingQueue<Line> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread writer;
  private volatile boolean closed;

  public RequestLog() {
    writer = new Thread(this::write, "plutro-request-log");
    writer.setDaemon(true);
    writer.start();
  }

  public void record(String method, String route, int status, long nanos) {
    if (closed || !LOG.isInfoEnabled()) {
      return;
    }
    if (!queue.offer(new Line(method, route, status, Math.round(nanos / 100_000.0) / 10.0))) {
      dropped.incrementAndGet();
    }
  }

  private void write() {
    List<Line> batch = new ArrayList<>(BATCH);
    while (true) {
      queue.drainTo(batch, BATCH);
      if (batch.isEmpty()) {
        if (closed) {
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
        continue;
      }
      for (Line line : batch) {
        LOG.atInfo()
            .addKeyValue("method", line.method())
            .addKeyValue("route", line.route())
            .addKeyValue("status", line.status())
            .addKeyValue("duration_ms", line.ms())
            .log("{} {} {} {} ms", line.method(), line.route(), line.status(), line.ms());
      }
      batch.clear();
      long lost = dropped.getAndSet(0);
      if (lost > 0) {
        LOG.warn("{} request log lines dropped: the log output did not keep up", lost);
      }
    }
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
