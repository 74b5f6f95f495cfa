package org.plutro.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.TestInstance;

class ClassDataSharingTest {
  @Test
  void readsTheArchiveTheJvmWasAskedToUse() {
    assertEquals(Optional.of(Path.of("b.jsa")), ClassDataSharing.requestedArchive(
        List.of("-Xmx64m", "-XX:SharedArchiveFile=a.jsa", "-XX:SharedArchiveFile=b.jsa")));
    assertEquals(Optional.empty(), ClassDataSharing.requestedArchive(List.of("-XX:SharedArchiveFile=")));
  }

  @Test
  void aStartRemovesWhatAKilledDumpOfItsArchiveLeftAndNothingElse(@TempDir Path home) throws Exception {
    long ended = endedProcess();
    Path archive = Files.writeString(home.resolve("plutro.jsa"), "an archive in use");
    Path ourLog = Files.writeString(home.resolve("java_pid" + ended + "_stdout"),
        "Command:\njava -XX:SharedArchiveFile=" + home + "/plutro.jsa.new.temp -Xshare:dump\n");
    Path otherArchivesLog = Files.writeString(home.resolve("java_pid" + ended + "_stderr"),
        "Command:\njava -XX:SharedArchiveFile=" + home + "/other.jsa.new.temp -Xshare:dump\n");
    Path liveDumpsLog = Files.writeString(home.resolve("java_pid" + ProcessHandle.current().pid()
        + "_stdout"), "Command:\njava -XX:SharedArchiveFile=" + home + "/plutro.jsa.new.temp\n");
    List<Path> partial = List.of(home.resolve("plutro.jsa.new"), home.resolve("plutro.jsa.new.temp"),
        home.resolve("plutro.jsa.new.classlist"));
    for (Path file : partial) {
      Files.writeString(file, "partial");
    }
    ClassDataSharing sharing = new ClassDataSharing(archive, home);

    // While a JVM dumps this archive (here one that looks like it), its files stay.
    Process dumping = new ProcessBuilder("sh", "-c", "sleep 60; :", "sh",
        "-XX:SharedArchiveFile=" + home.resolve("plutro.jsa.new.temp")).start();
    try {
      Eventually.within10s("the stand-in dump is seen", () ->
          sharing.dumpingProcesses(ProcessHandle.allProcesses()).findAny().isPresent());
      sharing.removeLeftovers();
      partial.forEach(file -> assertTrue(Files.exists(file), file + " is the live dump's"));
    } finally {
      dumping.destroy();
      dumping.waitFor(30, TimeUnit.SECONDS);
    }

    sharing.removeLeftovers();
    assertFalse(Files.exists(ourLog), "the ended dump's output");
    partial.forEach(file -> assertFalse(Files.exists(file), file.toString()));
    assertTrue(Files.exists(archive));
    assertTrue(Files.exists(otherArchivesLog), "another archive's dump is not ours to clean");
    assertTrue(Files.exists(liveDumpsLog), "a live process's output is still being written");
  }

  /**
   * The server in a process of its own, started as the README says, stopped while the JVM it
   * started writes the archive: that JVM ends and nothing of the dump is left. Nothing else asks it
   * anything: before dumping it answered a request of its own, so that the archive holds the
   * classes of answering one.
   */
  @Test
  void aStopDuringTheDumpEndsTheDumpingJvmAndLeavesNothingBehind(@TempDir Path home,
      @TempDir Path dataDir, @TempDir Path jars) throws Exception {
    // Class-data sharing takes classes from jars only: package the class folders.
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path) && !path.endsWith("test-classes")) {
        classPath.add(jar(path, jars.resolve(classPath.size() + ".jar")).toString());
      } else if (Files.isRegularFile(path)) {
        classPath.add(entry);
      }
    }
    int port = TestInstance.freePort();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + home.resolve("plutro.jsa"),
        "-cp", String.join(File.pathSeparator, classPath), Main.class.getName()).directory(home.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PLUTRO_"));
    builder.environment().putAll(SelfHostingSafetyTest.environment(dataDir, port));
    Path log = jars.resolve("server.log");
    Process server = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Eventually.within(Duration.ofSeconds(240), "the server dumps its classes", () ->
          server.descendants().anyMatch(ClassDataSharingTest::dumps));
      // The request log writes on a thread of its own: its line may follow the dump's start.
      Eventually.within10s("the server asked itself for readiness before dumping", () ->
          read(log).contains("GET /readyz 200"));
      server.destroy();
      assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server stops");
    } finally {
      server.destroyForcibly();
    }
    assertEquals(143, server.exitValue(), Files.readString(log));
    try (Stream<ProcessHandle> processes = ProcessHandle.allProcesses()) {
      assertFalse(processes.anyMatch(process -> dumps(process)
          && String.join(" ", ClassDataSharing.arguments(process)).contains(home.toString())),
          "the dumping JVM ended");
    }
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(List.of(), files.toList(), Files.readString(log));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean dumps(ProcessHandle process) {
    return ClassDataSharing.arguments(process).contains("-Xshare:dump");
  }

  private static long endedProcess() throws Exception {
    Process process = new ProcessBuilder("true").start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return process.pid();
  }

  private static Path jar(Path folder, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
         Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(file -> !file.equals(folder)).toList()) {
        String name = folder.relativize(file).toString().replace(File.separatorChar, '/');
        // Folders too: the server looks some up (the migrations' one).
        out.putNextEntry(new JarEntry(Files.isDirectory(file) ? name + "/" : name));
        if (Files.isRegularFile(file)) {
          Files.copy(file, (OutputStream) out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
