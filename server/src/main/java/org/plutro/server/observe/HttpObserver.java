package org.plutro.server.observe;

import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Vert.x's metrics hook, which is where the route a request took is known (Vert.x Web reports
 * each route it runs; its handlers cannot see the one that failed once the failure handler runs).
 * Each request to the public server ends in one request log line and one sample of the HTTP
 * timer. Everything else goes to Vert.x's Micrometer metrics when metrics are on, except the HTTP
 * client's per-server pools, which would make a series for every server we deliver to.
 */
final class HttpObserver implements VertxMetrics {
  static final String UNMATCHED = "(unmatched)";
  // Vert.x Web names a regex route by its pattern: /@(?<username>[A-Za-z0-9_]+) reads /@:username.
  private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>[^)]*\\)\\+?");

  private final int publicPort;
  private final VertxMetrics delegate;
  private final RequestLog log;
  private final Metrics metrics;
  private final Map<String, String> routeNames = new ConcurrentHashMap<>();
  private final ServerObserver server = new ServerObserver();

  /**
   * {@code delegate} (Vert.x's Micrometer metrics) is null without metrics, {@code log} is null
   * without the request log.
   */
  HttpObserver(int publicPort, VertxMetrics delegate, RequestLog log, Metrics metrics) {
    this.publicPort = publicPort;
    this.delegate = delegate;
    this.log = log;
    this.metrics = metrics;
  }

  /** One request under way. */
  static final class Trace {
    final String method;
    final long started = System.nanoTime();
    String route;
    boolean done;

    Trace(String method) {
      this.method = method;
    }
  }

  private final class ServerObserver implements HttpServerMetrics<Trace, Void, Void> {
    @Override
    public Trace requestBegin(Void socket, HttpRequest request) {
      return new Trace(request.method().name());
    }

    @Override
    public void requestRouted(Trace trace, String route) {
      // The last route run is the one that answered (or failed); routes without a path report none.
      if (trace != null && route != null) {
        trace.route = route;
      }
    }

    @Override
    public void responseEnd(Trace trace, HttpResponse response, long bytesWritten) {
      finish(trace, response.statusCode());
    }

    @Override
    public Void connected(Void socket, Trace trace, ServerWebSocket webSocket) {
      finish(trace, 101);
      return null;
    }

    @Override
    public void requestReset(Trace trace) {
      // The client went away before the answer: 0, as no status was sent.
      finish(trace, 0);
    }
  }

  private void finish(Trace trace, int status) {
    if (trace == null || trace.done) {
      return;
    }
    trace.done = true;
    long nanos = System.nanoTime() - trace.started;
    String route = trace.route == null ? UNMATCHED : routeName(trace.route);
    if (log != null) {
      log.record(trace.method, route, status, nanos);
    }
    metrics.httpRequest(trace.method, route, status, nanos);
  }

  private String routeName(String route) {
    return route.indexOf('(') < 0 ? route : routeNames.computeIfAbsent(route,
        pattern -> NAMED_GROUP.matcher(pattern).replaceAll(":$1").replace("\\", ""));
  }

  @Override
  public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options,
      SocketAddress localAddress) {
    // The metrics listener's own scrapes are neither logged nor counted.
    return localAddress != null && localAddress.port() == publicPort ? server : null;
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    if (delegate != null) {
      delegate.vertxCreated(vertx);
    }
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return delegate == null ? null : delegate.createEventBusMetrics();
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type,
      String namespace) {
    return delegate == null ? null : delegate.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
    return delegate == null ? null : delegate.createHttpClientMetrics(options);
  }

  @Override
  public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
    return delegate == null ? null : delegate.createNetServerMetrics(options, localAddress);
  }

  @Override
  public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
    return delegate == null ? null : delegate.createNetClientMetrics(options);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return delegate == null ? null : delegate.createDatagramSocketMetrics(options);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
    // "http" and "ws" pools are one per remote server: unbounded. The SQL and worker pools stay.
    if (delegate == null || type.equals("http") || type.equals("ws")) {
      return null;
    }
    return delegate.createPoolMetrics(type, name, maxSize);
  }

  @Override
  public boolean isMetricsEnabled() {
    return true;
  }

  @Override
  public void close() {
    if (delegate != null) {
      delegate.close();
    }
  }
}
