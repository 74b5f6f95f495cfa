package org.plutro.server.db;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.pgclient.PgBuilder;
import java.io.IOException;
import org.flywaydb.core.Flyway;
import org.plutro.server.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL that is Plutro's system of record: the configured one, or the embedded one.
 * Opening it migrates the schema (Flyway, SQL from migrations/ packaged in the jar).
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final DatabaseAddress address;
  private final EmbeddedDatabase embedded;

  private Database(DatabaseAddress address, EmbeddedDatabase embedded) {
    this.address = address;
    this.embedded = embedded;
  }

  /** Starts (or attaches to) the database and migrates it. Blocking: call before Vert.x serves. */
  public static Database open(Settings settings) throws IOException {
    Database database;
    if (settings.databaseUrl().isPresent()) {
      database = new Database(DatabaseAddress.parse(settings.databaseUrl().get()), null);
    } else {
      EmbeddedDatabase embedded = EmbeddedDatabase.startOrAttach(settings.dataDir(),
          settings.embeddedSharedBuffersMbOrDefault());
      database = new Database(embedded.address(), embedded);
    }
    try {
      database.migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  public DatabaseAddress address() {
    return address;
  }

  public Pool pool(Vertx vertx, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("plutro"))
        .connectingTo(address.connectOptions())
        .using(vertx)
        .build();
  }

  /**
   * A client that pipelines independent statements over its connections (many queries in flight
   * per connection): for single statements on hot paths. Transactions use {@link #pool}.
   */
  public SqlClient client(Vertx vertx, int size) {
    return PgBuilder.client()
        .with(new PoolOptions().setMaxSize(size).setName("plutro-pipelined"))
        .connectingTo(address.connectOptions())
        .using(vertx)
        .build();
  }

  private void migrate() {
    long started = System.nanoTime();
    var result = Flyway.configure()
        .dataSource(address.jdbcUrl(), address.user(), address.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    LOG.info("Database {} at schema version {} ({} migrations applied, {} ms)", address,
        result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion,
        result.migrationsExecuted, (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
