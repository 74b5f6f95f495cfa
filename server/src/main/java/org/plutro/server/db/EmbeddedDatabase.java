package org.plutro.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL that runs when no database URL is set. Its data lives in
 * {@code <data dir>/postgres} and survives restarts; its binaries unpack into
 * {@code <data dir>/pg-runtime} rather than the system temp folder. If a PostgreSQL already runs
 * on that data folder (the server, while the admin command line is used), we connect to it.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  public static final String DATABASE = "plutro";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final int port;

  private EmbeddedDatabase(EmbeddedPostgres postgres, int port) {
    this.postgres = postgres;
    this.port = port;
  }

  public static EmbeddedDatabase startOrAttach(Path dataDir, int sharedBuffersMb) throws IOException {
    Path pgData = dataDir.resolve("postgres");
    Optional<Integer> running = runningPort(pgData);
    if (running.isPresent()) {
      LOG.info("Using the embedded PostgreSQL already running on {} (port {})", pgData, running.get());
      return new EmbeddedDatabase(null, running.get());
    }
    Path runtime = dataDir.resolve("pg-runtime");
    Files.createDirectories(runtime);
    Files.createDirectories(pgData.getParent());
    long started = System.nanoTime();
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(runtime.toFile())
        .setRegisterShutdownHook(false)
        // zonky starts PostgreSQL with -F (no fsync) and synchronous_commit=off, a test library's
        // defaults; a server's data must survive a power cut, and what we answered as stored
        // must be on disk. -c options come after zonky's, so these win.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "200")
        .setServerConfig("shared_buffers", sharedBuffersMb + "MB")
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
    ensureDatabase(postgres);
    LOG.info("Embedded PostgreSQL started on port {} with data in {} and {} MiB of shared buffers ({} ms)",
        postgres.getPort(), pgData, sharedBuffersMb, (System.nanoTime() - started) / 1_000_000);
    return new EmbeddedDatabase(postgres, postgres.getPort());
  }

  /** JDBC-free connection settings for the reactive client and Flyway. */
  public DatabaseAddress address() {
    return new DatabaseAddress("127.0.0.1", port, DATABASE, "postgres", "");
  }

  @Override
  public void close() throws IOException {
    if (postgres != null) {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped");
    }
  }

  private static void ensureDatabase(EmbeddedPostgres postgres) throws IOException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
         Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery(
          "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rows.next()) {
          statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot create the " + DATABASE + " database: " + e.getMessage(), e);
    }
  }

  /** The port in postmaster.pid when its process is alive (see PostgreSQL's pidfile.h). */
  private static Optional<Integer> runningPort(Path pgData) {
    Path pidFile = pgData.resolve("postmaster.pid");
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.size() < 4) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
