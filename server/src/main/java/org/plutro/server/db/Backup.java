package org.plutro.server.db;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;

/**
 * A whole instance in one file: every table of the database, read in one snapshot (COPY, as
 * pg_dump reads them), then the media folder and the key that seals two-factor secrets in the
 * database (without it they could not be read). A restore goes into an empty data folder: the schema
 * is migrated to the backup's version, the rows are loaded with triggers off (counters and feeds
 * are in the rows already), the id sequence is set, and later migrations then run as at any
 * upgrade. The embedded PostgreSQL has no pg_dump, so this needs nothing but a connection.
 */
public final class Backup {
  static final String MANIFEST = "plutro-backup.json";
  static final String KEY = "keys/two-factor.key";
  private static final int FORMAT = 1;
  private static final String TABLES = "SELECT c.relname FROM pg_class c"
      + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
      + " AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
      + " AND c.relname <> 'flyway_schema_history' ORDER BY 1";
  private static final String COLUMNS = "SELECT attname FROM pg_attribute"
      + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''"
      + " ORDER BY attnum";
  private static final String SEQUENCES = "SELECT c.relname FROM pg_class c"
      + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
      + " AND c.relkind = 'S' ORDER BY 1";
  private static final String SCHEMA_VERSION = "SELECT version FROM flyway_schema_history"
      + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1";
  private static final String PUBLIC_URL = "SELECT public_url FROM instance_identity";

  /** What a backup holds, from its manifest. */
  public record Summary(String schemaVersion, String publicUrl, long rows, long mediaFiles) {}

  private Backup() {}

  /** Writes the database (one consistent snapshot), the media folder and the key to {@code out}. */
  public static Summary write(DatabaseAddress address, Path mediaDir, Path keyFile, OutputStream out)
      throws IOException, SQLException {
    try (Connection connection = connect(address);
         ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      connection.setAutoCommit(false);
      // The snapshot pg_dump takes: every table as of one moment, without blocking writers.
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      JsonObject manifest = new JsonObject().put("format", FORMAT)
          .put("created_at", Instant.now().toString())
          .put("schema_version", single(connection, SCHEMA_VERSION))
          .put("public_url", single(connection, PUBLIC_URL));
      JsonArray tables = new JsonArray();
      long rows = 0;
      List<String> names = strings(connection, TABLES);
      List<JsonObject> described = new ArrayList<>();
      for (String table : names) {
        described.add(new JsonObject().put("name", table).put("columns", new JsonArray(columns(connection, table))));
      }
      JsonObject sequences = new JsonObject();
      for (String sequence : strings(connection, SEQUENCES)) {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT last_value, is_called FROM " + quote(sequence))) {
          row.next();
          sequences.put(sequence, new JsonObject().put("last_value", row.getLong(1))
              .put("is_called", row.getBoolean(2)));
        }
      }
      var copier = connection.unwrap(PGConnection.class).getCopyAPI();
      for (JsonObject table : described) {
        zip.putNextEntry(new ZipEntry("database/" + table.getString("name") + ".copy"));
        long copied = copier.copyOut("COPY (SELECT " + columnList(table) + " FROM "
            + quote(table.getString("name")) + ") TO STDOUT", new KeepOpen(zip));
        zip.closeEntry();
        tables.add(table.copy().put("rows", copied));
        rows += copied;
      }
      connection.commit();
      long mediaFiles = 0;
      if (Files.isDirectory(mediaDir)) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(mediaDir)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
          zip.putNextEntry(new ZipEntry("media/" + mediaDir.relativize(file).toString().replace('\\', '/')));
          Files.copy(file, zip);
          zip.closeEntry();
          mediaFiles++;
        }
      }
      if (Files.isRegularFile(keyFile)) {
        zip.putNextEntry(new ZipEntry(KEY));
        Files.copy(keyFile, zip);
        zip.closeEntry();
      }
      manifest.put("tables", tables).put("sequences", sequences).put("media_files", mediaFiles);
      zip.putNextEntry(new ZipEntry(MANIFEST));
      zip.write(manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      return new Summary(manifest.getString("schema_version"), manifest.getString("public_url"),
          rows, mediaFiles);
    }
  }

  /** The manifest, which a backup writes last: read it before restoring anything. */
  public static JsonObject manifest(Path file) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file), StandardCharsets.UTF_8)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().equals(MANIFEST)) {
          JsonObject manifest = new JsonObject(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
          if (manifest.getInteger("format", 0) != FORMAT) {
            throw new IOException(file + " is a backup of format " + manifest.getValue("format")
                + "; this Plutro reads format " + FORMAT);
          }
          return manifest;
        }
      }
    } catch (io.vertx.core.json.DecodeException e) {
      throw new IOException(file + " has an unreadable manifest");
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + " is not a Plutro backup: " + e.getMessage());
    }
    throw new IOException(file + " is not a Plutro backup (no " + MANIFEST + ")");
  }

  /**
   * Loads the rows, media and key of {@code file} into a database migrated to the backup's schema
   * version and holding nothing yet; one transaction for the rows.
   */
  public static Summary restore(DatabaseAddress address, Path mediaDir, Path keyFile, Path file,
      JsonObject manifest)
      throws IOException, SQLException {
    long rows = 0;
    long mediaFiles = 0;
    try (Connection connection = connect(address);
         ZipInputStream zip = new ZipInputStream(Files.newInputStream(file), StandardCharsets.UTF_8)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        // Rows go in as they were: no trigger counts them again or fans them out to feeds, and
        // foreign keys hold because they held in the snapshot.
        statement.execute("SET session_replication_role = replica");
        List<String> names = new ArrayList<>();
        manifest.getJsonArray("tables").forEach(table -> names.add(quote(((JsonObject) table).getString("name"))));
        if (!names.isEmpty()) {
          // What migrations seeded is replaced by what the backup holds.
          statement.execute("TRUNCATE " + String.join(", ", names));
        }
      }
      var copier = connection.unwrap(PGConnection.class).getCopyAPI();
      Path root = mediaDir.toAbsolutePath().normalize();
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        String name = entry.getName();
        if (name.startsWith("database/") && name.endsWith(".copy")) {
          JsonObject table = table(manifest, name.substring("database/".length(), name.length() - ".copy".length()));
          rows += copier.copyIn("COPY " + quote(table.getString("name")) + " (" + columnList(table)
              + ") FROM STDIN", new KeepOpenInput(zip));
        } else if (name.startsWith("media/") && !entry.isDirectory()) {
          Path target = root.resolve(name.substring("media/".length())).normalize();
          if (!target.startsWith(root)) {
            throw new IOException("the backup names a file outside the media folder: " + name);
          }
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
          mediaFiles++;
        } else if (name.equals(KEY) && !Files.exists(keyFile)) {
          Files.createDirectories(keyFile.toAbsolutePath().getParent());
          Files.createFile(keyFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
          Files.write(keyFile, zip.readAllBytes());
        }
      }
      JsonObject sequences = manifest.getJsonObject("sequences", new JsonObject());
      for (String sequence : sequences.fieldNames()) {
        JsonObject value = sequences.getJsonObject(sequence);
        try (PreparedStatement set = connection.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
          set.setString(1, quote(sequence));
          set.setLong(2, value.getLong("last_value"));
          set.setBoolean(3, value.getBoolean("is_called"));
          set.execute();
        }
      }
      connection.commit();
    }
    return new Summary(manifest.getString("schema_version"), manifest.getString("public_url"),
        rows, mediaFiles);
  }

  /** Whether the database holds no Plutro schema at all (a restore goes only there). */
  public static boolean isEmpty(DatabaseAddress address) throws SQLException {
    try (Connection connection = connect(address)) {
      return strings(connection, TABLES).isEmpty()
          && strings(connection, "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE n.nspname = current_schema() AND c.relname = 'flyway_schema_history'").isEmpty();
    }
  }

  private static JsonObject table(JsonObject manifest, String name) throws IOException {
    for (Object item : manifest.getJsonArray("tables")) {
      if (((JsonObject) item).getString("name").equals(name)) {
        return (JsonObject) item;
      }
    }
    throw new IOException("the backup holds rows of a table its manifest does not list: " + name);
  }

  private static Connection connect(DatabaseAddress address) throws SQLException {
    return DriverManager.getConnection(address.jdbcUrl(), address.user(), address.password());
  }

  private static String single(Connection connection, String sql) throws SQLException {
    List<String> values = strings(connection, sql);
    return values.isEmpty() ? null : values.get(0);
  }

  private static List<String> strings(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static List<String> columns(Connection connection, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
      statement.setString(1, quote(table));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
      }
    }
    return columns;
  }

  private static String columnList(JsonObject table) {
    List<String> quoted = new ArrayList<>();
    table.getJsonArray("columns").forEach(column -> quoted.add(quote((String) column)));
    return String.join(", ", quoted);
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** COPY closes the stream it writes to; a zip entry must stay open for the next one. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** The same for reading: COPY reads one entry to its end and must not close the zip. */
  private static final class KeepOpenInput extends java.io.FilterInputStream {
    KeepOpenInput(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the zip stays open for the entries that follow
    }
  }
}
