package org.plutro.server;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
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
 * <p>That dump archives no lambda classes, so a second one follows, in a JVM started here, from a
 * class list with the loaded classes' lambda call sites ({@link LambdaCallSites}); its archive
 * replaces the first.
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
  /** This JVM's options that the dumping JVM does not take (as the JVM's own dump leaves them). */
  private static final List<String> NOT_FOR_THE_DUMP = List.of("-XX:SharedArchiveFile",
      "-XX:SharedClassListFile", "-Xshare", "-XX:DumpLoadedClassList", "-XX:ArchiveClassesAtExit",
      "-XX:+RecordDynamicDumpInfo", "-XX:+AutoCreateSharedArchive", "-XX:OnError", "-Xlog",
      "-XX:StartFlightRecording", "-agentlib", "-agentpath", "-javaagent");

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
   * Removes what an interrupted dump left, then writes the archive if the JVM could not use it,
   * after {@code firstRequest} has loaded the classes of answering a request (see FirstRequest).
   * All on a worker thread: the server serves meanwhile.
   */
  void afterStart(Vertx vertx, Runnable firstRequest) {
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
    boolean write = !inUse() && !options.contains("-XX:+AutoCreateSharedArchive");
    CompletableFuture<Void> done = new CompletableFuture<>();
    dumping = done;
    vertx.executeBlocking(() -> {
      removeLeftovers();
      if (!write || stopping) {
        return -1L;
      }
      firstRequest.run();
      // A stop may have come during the request.
      return stopping ? -1L : dump();
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
      if (!stopping) {
        Path classList = written.resolveSibling(written.getFileName() + ".classlist");
        writeClassList(classList);
        dumpAgain(classList);
      }
    } finally {
      // Its output says nothing once the archive is written, and a failure was logged above.
      removeLeftovers();
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  /**
   * Writes the class list of a second dump: the classes this JVM loaded and their lambda call
   * sites. JDK 17's own dump lists no lambdas from a running JVM, so a start spins each lambda's
   * class itself (1,400 of them: measured, 13-17% of a start's CPU time). The call sites of a
   * listed class that this start did not run are archived too; unused, they are not loaded.
   */
  private static void writeClassList(Path classList) throws Exception {
    List<String> classes = new ArrayList<>();
    List<String> lambdas = new ArrayList<>();
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    for (String name : loadedClasses()) {
      try (InputStream classFile = loader.getResourceAsStream(name + ".class")) {
        if (classFile != null) {
          lambdas.addAll(LambdaCallSites.lines(name, classFile));
          classes.add(name);
        }
      } catch (IOException e) {
        // That class's lambdas are spun at start, as before.
      }
    }
    classes.addAll(lambdas);
    Files.write(classList, classes, StandardCharsets.UTF_8);
  }

  /**
   * The classes this JVM has loaded ({@code a/b/C}), from the JVM's class hierarchy: one
   * {@code a.b.C/<loader>} a line under {@code |--} marks; hidden classes (lambdas) have a
   * {@code /} in their name.
   */
  private static List<String> loadedClasses() throws Exception {
    String hierarchy = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmClassHierarchy",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    List<String> names = new ArrayList<>();
    for (String line : hierarchy.split("\n")) {
      String entry = line.replaceFirst("^[|\\- ]*", "").replace(" (intf)", "").strip();
      int loader = entry.lastIndexOf('/');
      if (loader > 0 && entry.indexOf('/') == loader) {
        names.add(entry.substring(0, loader).replace('.', '/'));
      }
    }
    return names;
  }

  /**
   * Dumps {@code classList} as the JVM's own dump does (the same class path and options; see
   * jdk.internal.misc.CDS), and puts that archive in place of the first.
   */
  private void dumpAgain(Path classList) throws IOException, InterruptedException {
    Path temporary = written().resolveSibling(written().getFileName() + ".temp");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
        ARCHIVE_OPTION + temporary, "-cp", System.getProperty("java.class.path")));
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (NOT_FOR_THE_DUMP.stream().noneMatch(option::startsWith)) {
        command.add(option);
      }
    }
    Process dump = new ProcessBuilder(command).redirectErrorStream(true).start();
    // Its output is only read to say why it failed.
    String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (dump.waitFor() != 0 || !Files.exists(temporary)) {
      throw new IllegalStateException("the dump with lambdas failed (" + dump.exitValue() + "): "
          + output.substring(Math.max(0, output.length() - 500)).strip());
    }
    Files.move(temporary, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
