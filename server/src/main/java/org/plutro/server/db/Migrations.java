package org.plutro.server.db;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrations this version ships (migrations/, packaged at {@link #LOCATION}), and whether a
 * database has applied every one of them: then there is nothing for Flyway to do, and start-up
 * does not load it. Anything else (a new database, a missing or failed migration) goes to Flyway.
 */
final class Migrations {
  static final String LOCATION = "db/migration";
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__[^/]+\\.sql");
  private static final String APPLIED = "SELECT version, success FROM flyway_schema_history"
      + " WHERE version IS NOT NULL";

  private Migrations() {}

  /** Whether the database has applied, successfully, every migration this version ships. */
  static boolean allApplied(DatabaseAddress address) {
    Set<String> packaged;
    try {
      packaged = packaged();
    } catch (IOException | URISyntaxException e) {
      LOG.warn("Cannot list the packaged migrations ({}): Flyway will", e.toString());
      return false;
    }
    if (packaged.isEmpty()) {
      return false;
    }
    Set<String> applied = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(address.jdbcUrl(), address.user(),
        address.password());
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(APPLIED)) {
      while (rows.next()) {
        if (!rows.getBoolean("success")) {
          return false;
        }
        applied.add(rows.getString("version"));
      }
    } catch (SQLException e) {
      // No history table yet (a new database), or no answer: Flyway says what is wrong.
      return false;
    }
    return applied.containsAll(packaged);
  }

  /** The versions of the packaged migrations, as Flyway records them ({@code V1_2__x.sql}: 1.2). */
  static Set<String> packaged() throws IOException, URISyntaxException {
    URL folder = Migrations.class.getClassLoader().getResource(LOCATION);
    Set<String> versions = new HashSet<>();
    if (folder == null) {
      return versions;
    }
    if (folder.getProtocol().equals("jar")) {
      URL jarUrl = ((JarURLConnection) folder.openConnection()).getJarFileURL();
      try (JarFile jar = new JarFile(Path.of(jarUrl.toURI()).toFile())) {
        jar.stream().map(entry -> entry.getName())
            .filter(name -> name.startsWith(LOCATION + "/"))
            .forEach(name -> addVersion(name.substring(LOCATION.length() + 1), versions));
      }
    } else {
      try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
        files.forEach(file -> addVersion(file.getFileName().toString(), versions));
      }
    }
    return versions;
  }

  private static void addVersion(String fileName, Set<String> versions) {
    Matcher matcher = VERSIONED.matcher(fileName);
    if (matcher.matches()) {
      versions.add(matcher.group(1).replace('_', '.'));
    }
  }
}
