package org.plutro.server.observe;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.net.BindException;
import java.util.UUID;
import org.plutro.server.config.Settings;
import org.plutro.server.config.SettingsException;
import org.plutro.server.store.QueueStore;

/**
 * What one server process tells its operator: the request log ({@code PLUTRO_REQUEST_LOG}) and,
 * with {@code PLUTRO_METRICS_ADDRESS}, Prometheus metrics — Plutro's own ({@link Metrics}), Vert.x's
 * through vertx-micrometer-metrics (database and worker pools, SQL and HTTP clients) and the JVM's
 * (memory, GC, threads, class loading, CPU). With neither, Vert.x runs with no metrics hook at all.
 */
public final class Observability implements AutoCloseable {
  private final Settings settings;
  private final PrometheusMeterRegistry registry;
  private final Metrics metrics;
  private final RequestLog requestLog;

  private Observability(Settings settings, PrometheusMeterRegistry registry) {
    this.settings = settings;
    this.registry = registry;
    this.metrics = new Metrics(registry);
    this.requestLog = settings.requestLog() ? new RequestLog() : null;
  }

  public static Observability of(Settings settings) {
    return new Observability(settings, settings.metricsAddress().isPresent()
        ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null);
  }

  public Metrics metrics() {
    return metrics;
  }

  /** A Vert.x that reports its HTTP requests, pools and clients here. */
  public Vertx vertx(VertxOptions options) {
    if (registry == null && requestLog == null) {
      return Vertx.vertx(options);
    }
    return Vertx.builder().with(options).withMetrics(factory()).build();
  }

  private VertxMetricsFactory factory() {
    return options -> new HttpObserver(settings.httpPort(), registry == null ? null
        : new MicrometerMetricsFactory(registry).metrics(new VertxOptions().setMetricsOptions(micrometerOptions())),
        requestLog, metrics);
  }

  private static MicrometerMetricsOptions micrometerOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // Its registries are kept by name for the whole JVM; a test JVM runs several servers.
        .setRegistryName("plutro-" + UUID.randomUUID())
        // The public server is measured by route (HttpObserver); the event bus is unused.
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
        .addDisabledMetricsCategory(MetricsDomain.VERTICLES);
  }

  /** Writes the request log lines still queued (once the server has stopped answering). */
  @Override
  public void close() {
    if (requestLog != null) {
      requestLog.close();
    }
  }

  /** Starts the metrics listener, if there is to be one. */
  public Future<Void> serveMetrics(Vertx vertx, QueueStore queues) {
    if (registry == null) {
      return Future.succeededFuture();
    }
    Settings.Address address = settings.metricsAddress().orElseThrow();
    return new MetricsServer(vertx, registry, metrics, queues).listen(address)
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(failure instanceof BindException
            ? new SettingsException("PLUTRO_METRICS_ADDRESS", "is " + address
                + ", which cannot be listened on (" + failure.getMessage() + ")")
            : failure));
  }
}
