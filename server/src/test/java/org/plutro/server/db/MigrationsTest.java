package org.plutro.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;
import org.junit.jupiter.api.Test;
import org.plutro.server.config.Settings;
import org.plutro.server.testrig.TestDatabase;

/**
 * A start skips Flyway only when the schema history is exactly the packaged migrations; a changed,
 * renamed, unknown or failed migration still goes to Flyway, which refuses to start on it.
 */
class MigrationsTest {
  private final String url = TestDatabase.newMigratedDatabaseUrl();
  private final DatabaseAddress address = DatabaseAddress.parse(url);

  @Test
  void aDatabaseFlywayMigratedIsUpToDateAndOpensWithoutFlyway() throws Exception {
    // Our checksums and descriptions are Flyway's, for every packaged migration.
    assertTrue(Migrations.upToDate(address));
    open().close();
  }

  @Test
  void checksumsAreFlywaysWhateverTheLineEnds() throws Exception {
    for (String sql : List.of("", "SELECT 1;", "\uFEFFSELECT 1;\n", "a\r\nb\r\n\r\nc", "a\rb\n\nc\n",
        "-- é, ß, 絵文字 😀\nSELECT 'ü';\r\n", "\n\n\r\r")) {
      assertEquals(ChecksumCalculator.calculate(new StringResource(sql)),
          Migrations.checksum(new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8))), sql);
    }
  }

  @Test
  void aChangedMigrationIsRefused() throws Exception {
    execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '4'");
    assertFalse(Migrations.upToDate(address));
    assertThrows(FlywayException.class, this::open);

    execute("UPDATE flyway_schema_history SET checksum = checksum - 1 WHERE version = '4'");
    assertTrue(Migrations.upToDate(address));
    open().close();
  }

  @Test
  void aRenamedMigrationIsRefused() throws Exception {
    execute("UPDATE flyway_schema_history SET description = 'something else' WHERE version = '4'");
    assertFalse(Migrations.upToDate(address));
    assertThrows(FlywayException.class, this::open);
  }

  @Test
  void anUnknownMigrationIsRefused() throws Exception {
    // Applied by some other build, between two of ours: not a newer version's, so not ignored.
    execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
        + " checksum, installed_by, execution_time, success) SELECT max(installed_rank) + 1, '4.5',"
        + " 'unknown', 'SQL', 'V4_5__unknown.sql', 1, 'postgres', 1, true FROM flyway_schema_history");
    assertFalse(Migrations.upToDate(address));
    assertThrows(FlywayException.class, this::open);
  }

  @Test
  void aFailedOrMissingMigrationGoesToFlyway() throws Exception {
    execute("UPDATE flyway_schema_history SET success = false WHERE version = '4'");
    assertFalse(Migrations.upToDate(address));
    execute("UPDATE flyway_schema_history SET success = true WHERE version = '4'");
    execute("DELETE FROM flyway_schema_history WHERE version = (SELECT max(version::int)::text"
        + " FROM flyway_schema_history)");
    assertFalse(Migrations.upToDate(address));
  }

  private Database open() throws Exception {
    return Database.open(Settings.load(Map.of("PLUTRO_DATABASE_URL", url,
        "PLUTRO_PUBLIC_URL", "http://127.0.0.1:1")), EmbeddedDatabase.Opener.SERVER);
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(address.jdbcUrl(), address.user(),
        address.password());
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
