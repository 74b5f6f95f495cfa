package org.plutro.server;

import org.plutro.server.federation.remote.FederationClients;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.plutro.server.config.Settings;
import org.plutro.server.db.Database;
import org.plutro.server.db.EmbeddedDatabase;
import org.plutro.server.observe.Observability;
import org.plutro.server.store.QueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Plutro process: database (embedded or configured), Vert.x, HTTP servers.
 * {@link #start} blocks until the server answers; {@link #close} stops everything in order.
 */
public final class PlutroServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlutroServer.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private final Settings settings;
  private final Database database;
  private final Vertx vertx;
  private final Wiring wiring;
  private final Workers workers;
  private final Observability observability;

  private PlutroServer(Settings settings, Database database, Vertx vertx, Wiring wiring,
      Workers workers, Observability observability) {
    this.settings = settings;
    this.database = database;
    this.vertx = vertx;
    this.wiring = wiring;
    this.workers = workers;
    this.observability = observability;
  }

  public static PlutroServer start(Settings settings) throws Exception {
    long started = System.nanoTime();
    ListenAddress.check(settings);
    Database database = Database.open(settings, EmbeddedDatabase.Opener.SERVER);
    Observability observability = Observability.of(settings);
    Vertx vertx = observability.vertx(new VertxOptions().setPreferNativeTransport(true));
    if (!vertx.isNativeTransportEnabled()) {
      LOG.info("Network transport: the JDK's ({})", String.valueOf(vertx.unavailableNativeTransportCause()));
    }
    try {
      Pool pool = database.pool(vertx, settings.databasePoolSize());
      FederationClients clients = FederationClients.create(vertx, settings);
      Wiring wiring = new Wiring(vertx, settings, observability.metrics(), pool,
          database.client(vertx, settings.databasePoolSize()), clients);
      await(wiring.ensureInstanceActor());
      Workers workers = wiring.workers(database.address(), clients.delivery());
      await(workers.start());
      int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
      ListenAddress.named(settings, () -> await(vertx.deployVerticle(() -> new HttpVerticle(settings, wiring::router),
          new DeploymentOptions().setInstances(instances))));
      await(observability.serveMetrics(vertx, new QueueStore(pool)));
      settings.metricsAddress().ifPresent(address ->
          LOG.info("Metrics for Prometheus on http://{}/metrics", address));
      LOG.info("Plutro {} serving {} on {}://{}:{} ({} ms)", Version.VERSION, settings.publicUrl(),
          settings.tlsEnabled() ? "https" : "http", settings.httpHost(), settings.httpPort(),
          (System.nanoTime() - started) / 1_000_000);
      return new PlutroServer(settings, database, vertx, wiring, workers, observability);
    } catch (Exception | Error e) {
      // Whatever went wrong, leave no embedded PostgreSQL or event loop running behind us.
      vertx.close();
      observability.close();
      database.close();
      throw e;
    }
  }

  public Settings settings() {
    return settings;
  }

  /** For tests in this package (see the test sources' ServerInternals). */
  Wiring wiring() {
    return wiring;
  }

  /** Stops serving, then closes the pool and the embedded database (if any). */
  @Override
  public void close() {
    try {
      // Work under way gets a few seconds to finish and be recorded; what does not is run again
      // (by this or another process) when its lease ends.
      workers.stop(SHUTDOWN_GRACE).toCompletionStage().toCompletableFuture()
          .get(SHUTDOWN_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Background work did not stop cleanly: {}", e.toString());
    }
    wiring.closeStreams();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not stop cleanly: {}", e.toString());
    }
    observability.close();
    database.close();
    LOG.info("Plutro stopped");
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
