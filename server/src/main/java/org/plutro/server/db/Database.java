package org.plutro.server.db;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.pgclient.PgBuilder;
import java.io.IOException;
import java.nio.file.Files;
import org.flywaydb.core.Flyway;
import org.plutro.server.config.Settings;
import org.plutro.server.config.SettingsException;
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

  /**
   * Starts (or, for the command line, attaches to) the database and migrates it. Blocking: call
   * before Vert.x serves.
   */
  public static Database open(Settings settings, EmbeddedDatabase.Opener opener) throws IOException {
    Database database;
    if (settings.databaseUrl().isPresent()) {
      database = new Database(DatabaseAddress.parse(settings.databaseUrl().get()), null);
    } else {
      EmbeddedDatabase embedded = EmbeddedDatabase.startOrAttach(settings.dataDir(),
          settings.embeddedSharedBuffersMbOrDefault(), opener);
      database = new Database(embedded.address(), embedded);
    }
    try {
      database.migrate();
      InstanceIdentity.claim(database.address, settings.publicUrl());
    } catch (org.flywaydb.core.api.FlywayException e) {
      database.close();
      if (settings.databaseUrl().isPresent() && unreachable(e)) {
        throw new SettingsException("PLUTRO_DATABASE_URL", "names " + database.address
            + ", which cannot be reached: " + rootMessage(e));
      }
      throw e;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  /**
   * For {@code plutro restore}: a database that holds nothing yet (an embedded one in an empty data
   * folder), migrated only to {@code schemaVersion}, the backup's; {@link #migrate()} goes on from
   * there once the rows are in.
   */
  public static Database openEmpty(Settings settings, String schemaVersion) throws IOException {
    Database database;
    if (settings.databaseUrl().isPresent()) {
      database = new Database(DatabaseAddress.parse(settings.databaseUrl().get()), null);
    } else {
      if (Files.exists(settings.dataDir().resolve("postgres"))) {
        throw new IOException("the data folder " + settings.dataDir() + " (PLUTRO_DATA_DIR) already"
            + " holds a database: restore into an empty folder");
      }
      EmbeddedDatabase embedded = EmbeddedDatabase.startOrAttach(settings.dataDir(),
          settings.embeddedSharedBuffersMbOrDefault(), EmbeddedDatabase.Opener.SERVER);
      database = new Database(embedded.address(), embedded);
    }
    try {
      if (!Backup.isEmpty(database.address)) {
        throw new IOException("the database " + database.address + " (PLUTRO_DATABASE_URL) already"
            + " holds tables: restore into an empty database");
      }
      String reached = database.migrate(schemaVersion);
      if (reached == null || !org.flywaydb.core.api.MigrationVersion.fromVersion(reached)
          .equals(org.flywaydb.core.api.MigrationVersion.fromVersion(schemaVersion))) {
        throw new IOException("the backup's schema version " + schemaVersion + " is newer than"
            + " this Plutro's (" + reached + "): restore it with the Plutro that made it, or a newer one");
      }
      return database;
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    } catch (java.sql.SQLException e) {
      database.close();
      throw new IOException("cannot read the database " + database.address + ": " + e.getMessage(), e);
    }
  }

  /** Nothing answered, or it refused us: a wrong host, port, name or password, or it is down. */
  private static boolean unreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28")
              || sql.getSQLState().equals("3D000"))) {
        return true;
      }
      if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
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

  /** Runs the migrations this version has and the database has not. */
  public void migrate() {
    migrate(null);
  }

  /** Migrates up to {@code targetVersion} (all when null); answers the version reached. */
  private String migrate(String targetVersion) {
    long started = System.nanoTime();
    var configuration = Flyway.configure()
        .dataSource(address.jdbcUrl(), address.user(), address.password())
        .locations("classpath:db/migration");
    if (targetVersion != null) {
      configuration.target(targetVersion);
    }
    var flyway = configuration.load();
    var result = flyway.migrate();
    LOG.info("Database {} at schema version {} ({} migrations applied, {} ms)", address,
        result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion,
        result.migrationsExecuted, (System.nanoTime() - started) / 1_000_000);
    var current = flyway.info().current();
    return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
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
