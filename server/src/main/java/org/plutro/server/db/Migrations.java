package org.plutro.server.db;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrations this version ships (migrations/, packaged at {@link #LOCATION}), and whether a
 * database's schema history is exactly them: every one applied successfully with the same
 * description and checksum, and nothing else. Then Flyway would validate and find nothing to do,
 * so start-up does not load it. Anything else — a new database, a missing, failed, changed or
 * unknown migration — goes to Flyway, which migrates or refuses as it always did.
 */
final class Migrations {
  static final String LOCATION = "db/migration";
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__([^/]+)\\.sql");
  private static final String HISTORY = "SELECT version, description, type, checksum, success"
      + " FROM flyway_schema_history";

  /** One migration as Flyway records it in {@code flyway_schema_history}. */
  record Migration(String version, String description, int checksum) {}

  private Migrations() {}

  /** Whether the database's schema history is exactly the packaged migrations. */
  static boolean upToDate(DatabaseAddress address) {
    try (Connection connection = DriverManager.getConnection(address.jdbcUrl(), address.user(),
        address.password())) {
      return upToDate(connection);
    } catch (SQLException e) {
      // No answer: Flyway says what is wrong.
      return false;
    }
  }

  /** Whether the schema history on {@code connection} is exactly the packaged migrations. */
  static boolean upToDate(Connection connection) {
    Map<String, Migration> packaged;
    try {
      packaged = packaged();
    } catch (IOException | URISyntaxException e) {
      LOG.warn("Cannot read the packaged migrations ({}): Flyway will", e.toString());
      return false;
    }
    if (packaged.isEmpty()) {
      return false;
    }
    Map<String, Migration> applied = new HashMap<>();
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(HISTORY)) {
      while (rows.next()) {
        // A failed migration, a baseline or any other marker: Flyway's to judge.
        if (!rows.getBoolean("success") || !"SQL".equals(rows.getString("type"))
            || rows.getString("version") == null) {
          return false;
        }
        Migration migration = new Migration(rows.getString("version"),
            rows.getString("description"), rows.getInt("checksum"));
        applied.put(migration.version(), migration);
      }
    } catch (SQLException e) {
      // No history table yet (a new database), or no answer: Flyway says what is wrong.
      return false;
    }
    return applied.equals(packaged);
  }

  /** The packaged migrations by version, as Flyway records them ({@code V1_2__a_b.sql}: 1.2, "a b"). */
  static Map<String, Migration> packaged() throws IOException, URISyntaxException {
    Map<String, Migration> migrations = new HashMap<>();
    ClassLoader loader = Migrations.class.getClassLoader();
    for (String name : packagedNames(loader)) {
      Matcher matcher = VERSIONED.matcher(name);
      if (!matcher.matches()) {
        // A repeatable or misnamed migration: what Flyway makes of it is Flyway's to say.
        throw new IOException("not a versioned migration: " + name);
      }
      try (InputStream in = loader.getResourceAsStream(LOCATION + "/" + name)) {
        if (in == null) {
          throw new IOException("cannot read " + LOCATION + "/" + name);
        }
        String version = matcher.group(1).replace('_', '.');
        migrations.put(version, new Migration(version, matcher.group(2).replace('_', ' '),
            checksum(in)));
      }
    }
    return migrations;
  }

  /**
   * Flyway's checksum of a migration: CRC32 of its lines in UTF-8, without line ends, and without
   * the byte-order mark of the first (flyway-core's ChecksumCalculator). Taken over the file's bytes
   * between line ends rather than line by line through a reader: the same for UTF-8, and decoding
   * and encoding every line again cost a start some 80 ms of CPU. A file that is not UTF-8 may get
   * another sum than Flyway's, which only sends the start to Flyway.
   */
  static int checksum(InputStream sql) throws IOException {
    byte[] bytes = sql.readAllBytes();
    int line = startsWithByteOrderMark(bytes) ? 3 : 0;
    CRC32 crc = new CRC32();
    while (line < bytes.length) {
      int end = line;
      while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
        end++;
      }
      crc.update(bytes, line, end - line);
      line = end + 1;
    }
    return (int) crc.getValue();
  }

  private static boolean startsWithByteOrderMark(byte[] bytes) {
    return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF;
  }

  private static List<String> packagedNames(ClassLoader loader) throws IOException, URISyntaxException {
    URL folder = loader.getResource(LOCATION);
    List<String> names = new ArrayList<>();
    if (folder == null) {
      return names;
    }
    if (folder.getProtocol().equals("jar")) {
      URL jarUrl = ((JarURLConnection) folder.openConnection()).getJarFileURL();
      try (JarFile jar = new JarFile(Path.of(jarUrl.toURI()).toFile())) {
        jar.stream().map(entry -> entry.getName())
            .filter(name -> name.startsWith(LOCATION + "/") && name.length() > LOCATION.length() + 1)
            .forEach(name -> names.add(name.substring(LOCATION.length() + 1)));
      }
    } else {
      try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
        files.forEach(file -> names.add(file.getFileName().toString()));
      }
    }
    return names;
  }
}
