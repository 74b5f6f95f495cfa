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
 * database of its own in it, so instances are as separate as on two machines. Migrated databases
 * are copies of one template migrated once per run: Flyway took seconds per instance (6 to 15 s on
 * a loaded machine), a copy takes under one, and the server then finds every migration applied.
 * A server's own first migration of an empty database is still tested where tests start one on
 * {@link #newDatabaseUrl()} (and on an embedded database).
 */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String TEMPLATE = "plutro_template";
  private static EmbeddedPostgres postgres;
  private static boolean templateMigrated;

  private TestDatabase() {}

  /** A new, empty database: {@code postgresql://postgres@127.0.0.1:port/test_N}. */
  public static synchronized String newDatabaseUrl() {
    return create("");
  }

  /**
   * A new database migrated to the current schema: what a server's first start makes of an empty
   * one, without running Flyway again (test instances, and tests that use stores without a server).
   */
  public static synchronized String newMigratedDatabaseUrl() {
    if (!templateMigrated) {
      String template = url(TEMPLATE);
      execute("CREATE DATABASE " + TEMPLATE);
      DatabaseAddress address = DatabaseAddress.parse(template);
      Flyway.configure().dataSource(address.jdbcUrl(), address.user(), address.password())
          .locations("classpath:db/migration").load().migrate();
      templateMigrated = true;
    }
    return create(" TEMPLATE " + TEMPLATE);
  }

  private static String create(String options) {
    String name = "test_" + COUNTER.incrementAndGet();
    execute("CREATE DATABASE " + name + options);
    return url(name);
  }

  private static String url(String name) {
    return "postgresql://postgres@127.0.0.1:" + postgres().getPort() + "/" + name;
  }

  private static void execute(String statement) {
    try (Connection connection = postgres().getPostgresDatabase().getConnection();
         Statement sql = connection.createStatement()) {
      sql.execute(statement);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  private static EmbeddedPostgres postgres() {
    try {
      if (postgres == null) {
        // Surefire's forks run side by side, each with a PostgreSQL of its own (see server/pom.xml).
        Path root = Path.of(System.getProperty("plutro.test.postgres", "target/test-postgres"))
            .toAbsolutePath();
        Files.createDirectories(root);
        // A run that was killed leaves its data behind, which initdb refuses to write over.
        Folders.deleteTree(root.resolve("data"));
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
      return postgres;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test PostgreSQL", e);
    }
  }
}
