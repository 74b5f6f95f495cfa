package org.plutro.server;

import org.plutro.server.federation.remote.FederationClients;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
  private final Optional<ClassDataSharing> classDataSharing;

  private PlutroServer(Settings settings, Database database, Vertx vertx, Wiring wiring,
      Workers workers, Observability observability, Optional<ClassDataSharing> classDataSharing) {
    this.settings = settings;
    this.database = database;
    this.vertx = vertx;
    this.wiring = wiring;
    this.workers = workers;
    this.observability = observability;
    this.classDataSharing = classDataSharing;
  }

  public static PlutroServer start(Settings settings) throws Exception {
    long started = System.nanoTime();
    ListenAddress.check(settings);
    // PostgreSQL starts and migrates on a thread of its own while the components are built here:
    // nothing below connects before prepare().
    Database.Opening opening = Database.opening(settings);
    Observability observability = Observability.of(settings);
    // Plutro reads and serves files by their paths on disk only. Resolving names against the class
    // path makes Vert.x keep a cache folder in java.io.tmpdir, which a killed process leaves behind.
    Vertx vertx = observability.vertx(new VertxOptions().setPreferNativeTransport(true)
        .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
            .setFileCachingEnabled(false)));
    if (!vertx.isNativeTransportEnabled()) {
      LOG.info("Network transport: the JDK's ({})", String.valueOf(vertx.unavailableNativeTransportCause()));
    }
    Database database = null;
    try {
      Pool pool = Database.pool(vertx, opening.address(), settings.databasePoolSize());
      FederationClients clients = FederationClients.create(vertx, settings);
      Wiring wiring = new Wiring(vertx, settings, observability.metrics(), pool,
          Database.client(vertx, opening.address(), settings.databasePoolSize()), clients);
      // One router per HTTP verticle (see HttpVerticle), built now rather than once it is up.
      int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
      Queue<Router> routers = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < instances; i++) {
        routers.add(wiring.router());
      }
      long built = System.nanoTime();
      database = opening.await();
      long opened = System.nanoTime();
      await(wiring.prepare());
      Workers workers = wiring.workers(database.address(), clients.delivery());
      await(workers.start());
      ListenAddress.named(settings, () -> await(vertx.deployVerticle(() -> new HttpVerticle(settings, routers::poll),
          new DeploymentOptions().setInstances(instances))));
      await(observability.serveMetrics(vertx, new QueueStore(pool)));
      settings.metricsAddress().ifPresent(address ->
          LOG.info("Metrics for Prometheus on http://{}/metrics", address));
      long ready = System.nanoTime();
      LOG.info("Plutro {} serving {} on {}://{}:{} ({} ms: components built in {} ms while the"
          + " database opened in {} ms, then {} ms to serve)", Version.VERSION, settings.publicUrl(),
          settings.tlsEnabled() ? "https" : "http", settings.httpHost(), settings.httpPort(),
          millis(ready - started), millis(built - started), opening.millis(), millis(ready - opened));
      Optional<ClassDataSharing> classDataSharing = ClassDataSharing.ofThisJvm();
      classDataSharing.ifPresent(sharing -> sharing.afterStart(vertx,
          () -> FirstRequest.send(settings)));
      return new PlutroServer(settings, database, vertx, wiring, workers, observability,
          classDataSharing);
    } catch (Exception | Error e) {
      // Whatever went wrong, leave no embedded PostgreSQL or event loop running behind us.
      vertx.close();
      observability.close();
      if (database != null) {
        database.close();
      } else {
        opening.abandon();
      }
      throw e;
    }
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
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
    classDataSharing.ifPresent(sharing -> sharing.stop(SHUTDOWN_GRACE));
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
