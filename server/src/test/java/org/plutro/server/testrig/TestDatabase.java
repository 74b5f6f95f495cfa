package org.plutro.server.testrig;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.plutro.server.db.DatabaseAddress;

/**
 * One real embedded PostgreSQL for the whole test run; every Plutro instance a test starts gets a
 * database of its own in it, so instances are as separate as on two machines.
 */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabase() {}

  /** A new, empty database: {@code postgresql://postgres@127.0.0.1:port/test_N}. */
  public static synchronized String newDatabaseUrl() {
    try {
      if (postgres == null) {
        Path root = Path.of("target", "test-postgres").toAbsolutePath();
        Files.createDirectories(root);
        // A run that was killed leaves its data behind, which initdb refuses to write over.
        deleteTree(root.resolve("data"));
        postgres = EmbeddedPostgres.builder()
            .setDataDirectory(root.resolve("data"))
            // Removed at the next start instead of at exit: deleting hundreds of test databases
            // in a shutdown hook outlasted Surefire's 30 s and got the JVM killed half-way.
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(root.resolve("runtime").toFile())
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .start();
      }
      String name = "test_" + COUNTER.incrementAndGet();
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
           Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      }
      return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + name;
    } catch (IOException | java.sql.SQLException e) {
      throw new IllegalStateException("cannot start the test PostgreSQL", e);
    }
  }

  /** A new database migrated to the current schema, for tests that use stores without a server. */
  public static String newMigratedDatabaseUrl() {
    String url = newDatabaseUrl();
    DatabaseAddress address = DatabaseAddress.parse(url);
    Flyway.configure().dataSource(address.jdbcUrl(), address.user(), address.password())
        .locations("classpath:db/migration").load().migrate();
    return url;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
