package org.plutro.server.bench;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.plutro.server.db.DatabaseAddress;
import org.plutro.server.db.EmbeddedDatabase;
import org.plutro.server.testrig.TestInstance;

/**
 * A Plutro server in a JVM of its own (the benchmark's class path, {@code org.plutro.server.Main}),
 * on its default embedded PostgreSQL in a data folder: measured from outside, as peers see it, and
 * its memory is its own. {@link #client()} speaks HTTP to it and SQL to its database.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final Path pgData;
  private final TestInstance client;

  private ServerProcess(Process process, Path log, Path pgData, TestInstance client) {
    this.process = process;
    this.log = log;
    this.pgData = pgData;
    this.client = client;
  }

  /**
   * Starts the server on {@code port} with its data in {@code folder/data} and its log in
   * {@code folder/server.log}, with these JVM options; answers once it is ready.
   */
  static ServerProcess start(Path folder, int port, List<String> jvmOptions) throws Exception {
    Path data = folder.resolve("data");
    Path log = folder.resolve("server.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath(), "org.plutro.server.Main"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    String base = "http://127.0.0.1:" + port;
    // Other PLUTRO_* settings come from the benchmark's environment.
    builder.environment().put("PLUTRO_HTTP_HOST", "127.0.0.1");
    builder.environment().put("PLUTRO_HTTP_PORT", Integer.toString(port));
    builder.environment().put("PLUTRO_PUBLIC_URL", base);
    builder.environment().put("PLUTRO_DATA_DIR", data.toString());
    builder.environment().put("PLUTRO_FEDERATION_ALLOW_PRIVATE", "true");
    Process process = builder.start();
    TestInstance http = TestInstance.attachHttp(base);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!ready(http)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the server did not start; its log:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    // The admin command line's way in: the running server's database, with its password.
    DatabaseAddress address = EmbeddedDatabase.startOrAttach(data, 16,
        EmbeddedDatabase.Opener.COMMAND_LINE).address();
    String url = "postgresql://" + encode(address.user()) + ":" + encode(address.password()) + "@"
        + address.host() + ":" + address.port() + "/" + address.database();
    return new ServerProcess(process, log, data.resolve("postgres"), TestInstance.attach(base, url));
  }

  /**
   * The benchmark's own class path: under {@code mvn exec:java} the project's classes come from
   * a class loader of the plugin's ({@code java.class.path} is Maven's then).
   */
  private static String classPath() throws URISyntaxException {
    if (ServerProcess.class.getClassLoader() instanceof URLClassLoader loader) {
      List<String> paths = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        paths.add(Path.of(url.toURI()).toString());
      }
      return String.join(File.pathSeparator, paths);
    }
    return System.getProperty("java.class.path");
  }

  private static boolean ready(TestInstance http) {
    try {
      return http.get("/readyz").status() == 200;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  TestInstance client() {
    return client;
  }

  long pid() {
    return process.pid();
  }

  /** The server JVM's resident memory (VmRSS), in MiB. */
  double rssMib() throws IOException {
    return statusMib("VmRSS");
  }

  /**
   * The resident memory's parts: anonymous (heap, metaspace, code, what malloc holds) and mapped
   * from files (libjvm.so, the class-data archive, jars), with the JVM's thread count.
   */
  String rssParts() throws IOException {
    return String.format("%.0f MiB anonymous + %.0f MiB from files, %d threads", statusMib("RssAnon"),
        statusMib("RssFile"), status("Threads"));
  }

  private double statusMib(String field) throws IOException {
    return status(field) / 1024.0;
  }

  /** A number from /proc/<pid>/status (the memory fields in KiB). */
  private long status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no " + field + " for process " + process.pid());
  }

  /**
   * Gives the C library's free-but-held memory back to the system (jcmd System.trim_native_heap)
   * and answers the JVM's line saying how much that was: memory the JVM freed but still resident.
   */
  String trimNativeHeap() throws Exception {
    return jcmd("System.trim_native_heap").lines().filter(line -> line.contains("RSS"))
        .findFirst().orElse("").strip();
  }

  /**
   * CPU seconds used so far by the server JVM and by its PostgreSQL (the postmaster, its live
   * backends, and the backends that have exited, counted in the postmaster's cutime/cstime): a
   * measure that the other work on shared cores does not change, unlike a rate.
   */
  CpuSeconds cpuSeconds() throws IOException {
    long postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).strip());
    double database = ticks(postmaster, true);
    for (var child : ProcessHandle.of(postmaster).map(ProcessHandle::children).orElseThrow().toList()) {
      database += ticks(child.pid(), false);
    }
    return new CpuSeconds(ticks(process.pid(), false) / TICKS_PER_SECOND, database / TICKS_PER_SECOND);
  }

  /** CPU seconds of the server JVM and of its database, at one moment. */
  record CpuSeconds(double jvm, double database) {
    CpuSeconds minus(CpuSeconds earlier) {
      return new CpuSeconds(jvm - earlier.jvm, database - earlier.database);
    }
  }

  // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK).
  private static final double TICKS_PER_SECOND = 100.0;

  /** utime + stime of a process from /proc/<pid>/stat, with its waited-for children's if asked; 0 once gone. */
  private static double ticks(long pid, boolean withChildren) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return 0;
    }
    // The fields after the command name, which is in parentheses and may hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return withChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
  }

  /** Starts a Flight Recorder profile in the server JVM (jcmd), written to {@code file} when stopped. */
  void startRecording(String file) throws Exception {
    jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + Path.of(file).toAbsolutePath());
  }

  void stopRecording() throws Exception {
    jcmd("JFR.stop", "name=bench");
  }

  /** The first {@code lines} lines of the live heap's class histogram (jcmd GC.class_histogram; collects first). */
  String heapHistogram(int lines) throws Exception {
    return String.join("\n", jcmd("GC.class_histogram").lines().limit(lines).toList());
  }

  /** The server JVM's heap by generation, committed and used (jcmd GC.heap_info: no collection). */
  String heapInfo() throws Exception {
    return jcmd("GC.heap_info").strip();
  }

  /**
   * The server JVM's reserved and committed memory by kind (heap, metaspace, code, threads, GC,
   * Netty's direct buffers under "Other"...), in MiB; needs -XX:NativeMemoryTracking=summary.
   */
  String nativeMemory() throws Exception {
    return jcmd("VM.native_memory", "summary", "scale=MB").strip();
  }

  private String jcmd(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid())));
    command.addAll(List.of(arguments));
    Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", arguments) + ": " + output);
    }
    return output;
  }

  /** Stops the server as an operator does (SIGTERM: it stops its PostgreSQL), at most a minute. */
  @Override
  public void close() throws Exception {
    client.close();
    process.destroy();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      System.out.println("the server did not stop within a minute; its log: " + log);
    }
  }
}
