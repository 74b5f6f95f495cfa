package org.plutro.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {
  @Test
  void thePasswordIsStoredWithFewRoundsAndStillRequiredAlsoWhenAnEarlierVersionStoredIt(
      @TempDir Path dataDir) throws Exception {
    String password;
    try (EmbeddedDatabase database = EmbeddedDatabase.startOrAttach(dataDir, 32,
        EmbeddedDatabase.Opener.SERVER)) {
      password = Files.readString(dataDir.resolve("postgres-password")).strip();
      assertEquals(EmbeddedDatabase.SCRAM_ITERATIONS, rounds(database.address().port(), password));
      // What initdb and earlier versions stored: PostgreSQL's default rounds.
      try (Connection connection = connect(database.address().port(), password);
           Statement statement = connection.createStatement()) {
        statement.execute("SET scram_iterations = 4096");
        statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
      }
      assertEquals(4096, rounds(database.address().port(), password));
    }
    try (EmbeddedDatabase database = EmbeddedDatabase.startOrAttach(dataDir, 32,
        EmbeddedDatabase.Opener.SERVER)) {
      int port = database.address().port();
      assertEquals(EmbeddedDatabase.SCRAM_ITERATIONS, rounds(port, password));
      assertEquals(password, database.address().password());
      assertFalse(connects(port, ""), "no password: refused");
      assertFalse(connects(port, password + "x"), "a wrong password: refused");
      assertTrue(connects(port, password));
    }
  }

  private static int rounds(int port, String password) throws SQLException {
    try (Connection connection = connect(port, password);
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(
             "SELECT split_part(split_part(rolpassword, '$', 2), ':', 1)::int FROM pg_authid"
                 + " WHERE rolname = 'postgres'")) {
      assertTrue(rows.next());
      return rows.getInt(1);
    }
  }

  private static boolean connects(int port, String password) {
    try (Connection connection = connect(port, password)) {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  private static Connection connect(int port, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "postgres");
    properties.setProperty("password", password);
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/plutro", properties);
  }
}
