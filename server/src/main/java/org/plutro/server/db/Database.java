package org.plutro.server.db;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.pgclient.PgBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
    return prepared(settings, database);
  }

  /**
   * For the server: the database's address at once, and the database started and migrated on a
   * thread of its own, so that the server builds its components meanwhile (they connect only when
   * used). Taking the data folder happens here, before this returns.
   */
  public static Opening opening(Settings settings) throws IOException {
    if (settings.databaseUrl().isPresent()) {
      DatabaseAddress address = DatabaseAddress.parse(settings.databaseUrl().get());
      return new Opening(address, inBackground(() -> prepared(settings, new Database(address, null))));
    }
    EmbeddedDatabase.Claim claim = EmbeddedDatabase.claim(settings.dataDir(),
        EmbeddedDatabase.Opener.SERVER);
    return new Opening(claim.address(), inBackground(() -> prepared(settings,
        new Database(claim.address(), claim.start(settings.embeddedSharedBuffersMbOrDefault())))));
  }

  /** A database being opened by {@link #opening}. */
  public static final class Opening {
    private final DatabaseAddress address;
    private final CompletableFuture<Database> database;
    private final long begun = System.nanoTime();
    private volatile long ended;

    private Opening(DatabaseAddress address, CompletableFuture<Database> database) {
      this.address = address;
      this.database = database;
      database.whenComplete((opened, failure) -> ended = System.nanoTime());
    }

    /** Where the database answers once opened. */
    public DatabaseAddress address() {
      return address;
    }

    /** How long opening took, or has taken so far. */
    public long millis() {
      return ((ended == 0 ? System.nanoTime() : ended) - begun) / 1_000_000;
    }

    /** Waits for the database; its failure is thrown as it was. */
    public Database await() throws Exception {
      try {
        return database.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception failure) {
          throw failure;
        }
        throw e;
      }
    }

    /** The server could not start: stops the database once it is up (if it comes up at all). */
    public void abandon() {
      try {
        database.get().close();
      } catch (Exception e) {
        // It did not open: nothing to stop.
      }
    }
  }

  private static CompletableFuture<Database> inBackground(Callable<Database> open) {
    CompletableFuture<Database> opened = new CompletableFuture<>();
    new Thread(() -> {
      try {
        opened.complete(open.call());
      } catch (Throwable e) {
        opened.completeExceptionally(e);
      }
    }, "plutro-database-start").start();
    return opened;
  }

  /** Migrates the database and checks it belongs to this instance; closes it if either fails. */
  private static Database prepared(Settings settings, Database database) {
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
    return pool(vertx, address, size);
  }

  /** A pool for {@code address}; it connects when first used. */
  public static Pool pool(Vertx vertx, DatabaseAddress address, int size) {
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
    return client(vertx, address, size);
  }

  /** A pipelining client for {@code address} (see {@link #client(Vertx, int)}). */
  public static SqlClient client(Vertx vertx, DatabaseAddress address, int size) {
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
    if (targetVersion == null && Migrations.upToDate(address)) {
      // The usual start: Flyway would scan the class path and validate every migration to find
      // nothing to do. A changed or unknown migration is not up to date: Flyway refuses it below.
      LOG.info("Database {} has every migration of this version ({} ms)", address,
          (System.nanoTime() - started) / 1_000_000);
      return null;
    }
    var configuration = Flyway.configure()
        .dataSource(address.jdbcUrl(), address.user(), address.password())
        .locations("classpath:" + Migrations.LOCATION);
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
