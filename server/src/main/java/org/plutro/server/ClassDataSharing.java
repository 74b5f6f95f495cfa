package org.plutro.server;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
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
 *
 * <p>JDK 17 dumps in a second JVM, and writes {@code FILE.new.classlist}, {@code FILE.new.temp} and
 * that JVM's output, {@code java_pid<its pid>_stdout} and {@code _stderr}, in the working
 * directory. A stop during the dump ends that JVM and removes them; a start removes what a process
 * killed during its dump left.
 */
final class ClassDataSharing {
  private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);
  private static final String ARCHIVE_OPTION = "-XX:SharedArchiveFile=";
  private static final Pattern DUMP_LOG = Pattern.compile("java_pid([0-9]+)_std(out|err)");
  /** What JDK 17's dump adds to the name it is given. */
  private static final List<String> DUMP_SUFFIXES = List.of("", ".temp", ".classlist");

  private final Path archive;
  private final Path workingDirectory;
  private volatile boolean stopping;
  private volatile CompletableFuture<Void> dumping = CompletableFuture.completedFuture(null);

  ClassDataSharing(Path archive, Path workingDirectory) {
    this.archive = archive.toAbsolutePath();
    this.workingDirectory = workingDirectory.toAbsolutePath();
  }

  /** For the archive this JVM was started with, if any; the dump's output goes to the working directory. */
  static Optional<ClassDataSharing> ofThisJvm() {
    return requestedArchive(ManagementFactory.getRuntimeMXBean().getInputArguments())
        .map(archive -> new ClassDataSharing(archive, Path.of("")));
  }

  /**
   * Removes what an interrupted dump left, then writes the archive if the JVM could not use it.
   * All on a worker thread: the server serves meanwhile.
   */
  void afterStart(Vertx vertx) {
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
    boolean write = !inUse() && !options.contains("-XX:+AutoCreateSharedArchive");
    CompletableFuture<Void> done = new CompletableFuture<>();
    dumping = done;
    vertx.executeBlocking(() -> {
      removeLeftovers();
      return write && !stopping ? dump() : -1L;
    }, false).onComplete(written -> {
      done.complete(null);
      if (written.failed() && stopping) {
        LOG.info("Did not write the class-data archive {}: the server stopped first", archive);
      } else if (written.failed()) {
        LOG.warn("Cannot write the class-data archive {}: {}", archive, written.cause().toString());
      } else if (written.result() >= 0) {
        LOG.info("Wrote the class-data archive {} ({} ms): the next start uses it", archive,
            written.result());
      }
    });
  }

  /**
   * Ends a dump under way and removes what it wrote. The JVM that dumps would otherwise die with
   * this one (its output goes to a pipe to us) and leave its files behind.
   */
  void stop(Duration wait) {
    stopping = true;
    long deadline = System.nanoTime() + wait.toNanos();
    while (!dumping.isDone() && System.nanoTime() < deadline) {
      dumpingProcesses(ProcessHandle.current().descendants()).forEach(ProcessHandle::destroy);
      try {
        // The dump may not have started its JVM yet: look again shortly.
        dumping.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // still dumping
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        break;
      }
    }
    try {
      removeLeftovers();
    } catch (IOException e) {
      LOG.warn("Cannot remove what the class-data dump left: {}", e.toString());
    }
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
  private long dump() throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(archive.getParent());
    Path written = written();
    Files.deleteIfExists(written);
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
          new Object[] {new String[] {"static_dump", written.toString()}},
          new String[] {String[].class.getName()});
      if (!Files.exists(written)) {
        throw new IllegalStateException("the JVM wrote no archive (see its messages above)");
      }
      Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      // Its output says nothing once the archive is written, and a failure was logged above.
      removeLeftovers();
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** Where the dump writes before the archive is moved into place. */
  private Path written() {
    return archive.resolveSibling(archive.getFileName() + ".new");
  }

  /**
   * Removes the files of dumps of this archive whose JVM has ended: its output in the working
   * directory, the class list and the partial archive. A dump under way (this process's, or
   * another server's on the same jar) keeps its files.
   */
  void removeLeftovers() throws IOException {
    String name = written().getFileName().toString();
    try (Stream<Path> files = Files.list(workingDirectory)) {
      for (Path file : files.toList()) {
        Matcher log = DUMP_LOG.matcher(file.getFileName().toString());
        if (log.matches() && !alive(Long.parseLong(log.group(1)))
            && Files.readString(file, StandardCharsets.ISO_8859_1).contains(name)) {
          Files.deleteIfExists(file);
        }
      }
    }
    try (Stream<ProcessHandle> processes = ProcessHandle.allProcesses()) {
      if (dumpingProcesses(processes).findAny().isPresent()) {
        return;
      }
    }
    for (String suffix : DUMP_SUFFIXES) {
      Files.deleteIfExists(written().resolveSibling(name + suffix));
    }
  }

  /** The JVMs dumping this archive: JDK 17's dump names its partial file on their command line. */
  Stream<ProcessHandle> dumpingProcesses(Stream<ProcessHandle> processes) {
    String option = ARCHIVE_OPTION + written() + ".temp";
    return processes.filter(process -> arguments(process).contains(option));
  }

  /**
   * A process's command line. The JDK reads only its first 4 KiB on Linux and then answers none,
   * and the dumping JVM's holds the whole class path: read it from /proc where there is one.
   */
  static List<String> arguments(ProcessHandle process) {
    try {
      String line = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"),
          StandardCharsets.UTF_8);
      return Arrays.asList(line.split("\0"));
    } catch (IOException | RuntimeException e) {
      return process.info().arguments().map(Arrays::asList).orElse(List.of());
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
