package org.plutro.server.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.plutro.server.config.Settings;
import org.plutro.server.db.Backup;
import org.plutro.server.db.Database;
import org.plutro.server.db.EmbeddedDatabase;

/**
 * {@code backup FILE}: the database (one consistent snapshot, taken while the server runs) and
 * the media folder in one file. {@code restore FILE}: into an empty data folder (or empty
 * database), at the backup's schema version, then migrated to this version's.
 */
final class BackupCommand {
  private BackupCommand() {}

  static int backup(Settings settings, Path file, PrintStream out, PrintStream err) throws Exception {
    if (Files.exists(file)) {
      err.println("plutro: " + file + " exists; name a new file");
      return 1;
    }
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (Database database = Database.open(settings, EmbeddedDatabase.Opener.COMMAND_LINE);
         OutputStream stream = Files.newOutputStream(partial)) {
      Backup.Summary summary = Backup.write(database.address(), settings.mediaDir(),
          settings.secretKeyFile(), stream);
      stream.close();
      // Only a complete backup carries the name asked for.
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      out.println("Backed up " + summary.publicUrl() + " (schema version " + summary.schemaVersion()
          + ", " + summary.rows() + " rows, " + summary.mediaFiles() + " media files) to " + file);
      return 0;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  static int restore(Settings settings, Path file, PrintStream out, PrintStream err) throws Exception {
    if (!Files.isRegularFile(file)) {
      err.println("plutro: no such file: " + file);
      return 1;
    }
    JsonObject manifest = Backup.manifest(file);
    if (hasFiles(settings.mediaDir())) {
      err.println("plutro: the media folder " + settings.mediaDir() + " is not empty: restore into"
          + " an empty data folder (PLUTRO_DATA_DIR)");
      return 1;
    }
    try (Database database = Database.openEmpty(settings, manifest.getString("schema_version"))) {
      Backup.Summary summary = Backup.restore(database.address(), settings.mediaDir(),
          settings.secretKeyFile(), file, manifest);
      database.migrate();
      out.println("Restored " + summary.publicUrl() + " (schema version " + summary.schemaVersion()
          + ", " + summary.rows() + " rows, " + summary.mediaFiles() + " media files) from " + file);
      if (summary.publicUrl() != null && !summary.publicUrl().equals(settings.publicUrl().toString())) {
        out.println("Start it with PLUTRO_PUBLIC_URL=" + summary.publicUrl() + ": that is its address.");
      }
      return 0;
    }
  }

  private static boolean hasFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.anyMatch(Files::isRegularFile);
    }
  }
}
