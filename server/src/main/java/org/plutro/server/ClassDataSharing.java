package org.plutro.server;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-data sharing for start-up. The README's command and the Dockerfile start the JVM with
 * {@code -XX:SharedArchiveFile=FILE}: the classes a start loads are mapped from FILE instead of
 * being read, checked and parsed from the jar one by one. When the JVM could not use FILE (there is
 * none yet, or it was made for another jar), the server writes it once it is ready, on a worker
 * thread, as {@code jcmd PID VM.cds static_dump FILE} would: the next start uses it. On JDK 19 and
 * later {@code -XX:+AutoCreateSharedArchive} asks the JVM to do that itself; then this does nothing.
 */
final class ClassDataSharing {
  private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);
  private static final String ARCHIVE_OPTION = "-XX:SharedArchiveFile=";
  private static final Pattern DUMP_LOG = Pattern.compile("java_pid[0-9]+_std(out|err)");

  private ClassDataSharing() {}

  /** Writes the archive the JVM was asked to use, if it could not. */
  static void afterStart(Vertx vertx) {
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
    Optional<Path> archive = requestedArchive(options);
    if (archive.isEmpty() || inUse() || options.contains("-XX:+AutoCreateSharedArchive")) {
      return;
    }
    vertx.executeBlocking(() -> dump(archive.get()), false).onComplete(written -> {
      if (written.succeeded()) {
        LOG.info("Wrote the class-data archive {} ({} ms): the next start uses it", archive.get(),
            written.result());
      } else {
        LOG.warn("Cannot write the class-data archive {}: {}", archive.get(),
            written.cause().toString());
      }
    });
  }

  /** The file named by the last {@code -XX:SharedArchiveFile}, as the JVM reads its options. */
  static Optional<Path> requestedArchive(List<String> options) {
    Optional<Path> archive = Optional.empty();
    for (String option : options) {
      if (option.startsWith(ARCHIVE_OPTION) && option.length() > ARCHIVE_OPTION.length()) {
        archive = Optional.of(Path.of(option.substring(ARCHIVE_OPTION.length())));
      }
    }
    return archive;
  }

  /** The JVM says "sharing" only when it mapped an archive, and it maps ours or none. */
  private static boolean inUse() {
    return System.getProperty("java.vm.info", "").contains("sharing");
  }

  /** Dumps the classes loaded so far; a start never sees a half-written file. */
  private static long dump(Path archive) throws Exception {
    long started = System.nanoTime();
    Path absolute = archive.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path written = absolute.resolveSibling(absolute.getFileName() + ".new");
    Files.deleteIfExists(written);
    ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
        new Object[] {new String[] {"static_dump", written.toString()}},
        new String[] {String[].class.getName()});
    if (!Files.exists(written)) {
      throw new IllegalStateException("the JVM wrote no archive (see its messages above)");
    }
    Files.move(written, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    removeDumpLogs(written);
    return (System.nanoTime() - started) / 1_000_000;
  }

  /**
   * JDK 17 writes the dumping JVM's output to {@code java_pid<pid>_stdout} and {@code _stderr} in
   * the working directory and leaves them there; once the archive is written they say nothing.
   */
  private static void removeDumpLogs(Path written) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("").toAbsolutePath())) {
      for (Path file : files.filter(file -> DUMP_LOG.matcher(file.getFileName().toString()).matches()).toList()) {
        if (Files.readString(file, StandardCharsets.ISO_8859_1).contains(written.getFileName().toString())) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
