package org.plutro.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Supplier;
import org.plutro.server.config.Settings;

/** One HTTP server instance; the server deploys one per core, all sharing the port. */
final class HttpVerticle extends VerticleBase {
  private final Settings settings;
  private final Supplier<Router> routers;
  private HttpServer server;

  HttpVerticle(Settings settings, Supplier<Router> routers) {
    this.settings = settings;
    this.routers = routers;
  }

  @Override
  public Future<?> start() {
    Router router = routers.get();
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.httpHost())
        .setPort(settings.httpPort())
        .setCompressionSupported(true)
        // Netty's wildcard: echo the client's subprotocol, which carries a streaming token.
        .setWebSocketSubProtocols(List.of("*"));
    if (settings.tlsEnabled()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(settings.tlsCert().get().toString())
          .setKeyPath(settings.tlsKey().get().toString()));
    }
    server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen();
  }
}
