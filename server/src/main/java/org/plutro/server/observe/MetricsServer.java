package org.plutro.server.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.plutro.server.config.Settings;
import org.plutro.server.store.QueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics listener: {@code GET /metrics} in Prometheus's text format, on its own address
 * (never the public port), and nothing else. Each scrape first reads the queues' depth from
 * PostgreSQL (one scan of each queue), so the numbers cost nothing between scrapes.
 */
final class MetricsServer {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Metrics metrics;
  private final QueueStore queues;

  MetricsServer(Vertx vertx, PrometheusMeterRegistry registry, Metrics metrics, QueueStore queues) {
    this.vertx = vertx;
    this.registry = registry;
    this.metrics = metrics;
    this.queues = queues;
  }

  Future<HttpServer> listen(Settings.Address address) {
    return vertx.createHttpServer(new HttpServerOptions().setHost(address.host()).setPort(address.port()))
        .requestHandler(this::handle).listen();
  }

  private void handle(HttpServerRequest request) {
    if (!request.path().equals("/metrics")) {
      request.response().setStatusCode(404).end();
      return;
    }
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(405).putHeader("Allow", "GET").end();
      return;
    }
    queues.depth()
        .onSuccess(metrics::queueDepth)
        .onFailure(failure -> LOG.warn("Metrics: cannot read the queues' depth: {}", failure.toString()))
        // The text of every meter is built off the event loops, which serve the public port too.
        .eventually(() -> vertx.executeBlocking(registry::scrape, false)
            .onSuccess(text -> request.response().putHeader("Content-Type", CONTENT_TYPE).end(text))
            .onFailure(failure -> request.response().setStatusCode(500).end()));
  }
}
