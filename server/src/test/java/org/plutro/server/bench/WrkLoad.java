package org.plutro.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load from wrk (Debian's {@code wrk} package), a separate process as in the machine's measured
 * ceilings: one thread, a fixed number of connections, each request for one of the given paths,
 * with one of the viewers' tokens or none. Used by the benchmarks when wrk is installed.
 */
final class WrkLoad {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
      Pattern.MULTILINE);
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
  private static final int REQUESTS = 8000;
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  private WrkLoad() {}

  static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "wrk"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code seconds} of requests, each for one of {@code paths} with {@code headers}, and with one
   * of the first {@code viewers} members' tokens ({@code 0}: none), or their web session cookies
   * ({@code sessions}).
   */
  static ReadBenchmark.Result run(String what, int port, List<String> paths, int viewers, boolean sessions,
      Map<String, String> headers, int connections, int seconds) throws IOException, InterruptedException {
    Path script = Files.createTempFile("plutro-wrk", ".lua");
    StringBuilder lua = new StringBuilder("local paths = {");
    for (String path : paths) {
      lua.append(quoted(path)).append(',');
    }
    lua.append("}\nlocal headers = {");
    headers.forEach((name, value) -> lua.append('[').append(quoted(name)).append("] = ")
        .append(quoted(value)).append(','));
    // Requests are formatted once, up front (random paths and viewers): wrk shares the cores
    // with the server.
    lua.append("}\nlocal requests = {}\ninit = function(args)\n")
        .append("  for i = 1, ").append(REQUESTS).append(" do\n")
        .append("    local h = {}\n    for k, v in pairs(headers) do h[k] = v end\n");
    if (viewers > 0 && sessions) {
      lua.append("    h[\"Cookie\"] = \"plutro_session=bench-session-\" .. math.random(1, ")
          .append(viewers).append(")\n");
    } else if (viewers > 0) {
      lua.append("    h[\"Authorization\"] = \"Bearer bench-token-\" .. math.random(1, ")
          .append(viewers).append(")\n");
    }
    lua.append("    requests[i] = wrk.format(\"GET\", paths[math.random(1, #paths)], h)\n  end\nend\n")
        .append("request = function()\n  return requests[math.random(1, #requests)]\nend\n");
    Files.writeString(script, lua, StandardCharsets.UTF_8);
    try {
      Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
          "--latency", "-s", script.toString(), "http://127.0.0.1:" + port + "/")
          .redirectErrorStream(true).start();
      String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      wrk.waitFor(seconds + 60L, TimeUnit.SECONDS);
      Matcher rate = RATE.matcher(out);
      if (!rate.find()) {
        throw new IllegalStateException("wrk said:\n" + out);
      }
      double p50 = 0;
      double p99 = 0;
      Matcher percentile = PERCENTILE.matcher(out);
      while (percentile.find()) {
        double ms = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
          case "us" -> 0.001;
          case "s" -> 1000;
          default -> 1;
        };
        if (percentile.group(1).equals("50")) {
          p50 = ms;
        } else {
          p99 = ms;
        }
      }
      Matcher total = TOTAL.matcher(out);
      Matcher failed = NON_2XX.matcher(out);
      ReadBenchmark.Result result = new ReadBenchmark.Result(Double.parseDouble(rate.group(1)), p50, p99,
          total.find() ? Long.parseLong(total.group(1)) : 0, failed.find() ? Long.parseLong(failed.group(1)) : 0);
      System.out.printf("%-34s wrk, %d connections: %,7.0f requests/s, p50 %6.2f ms, p99 %6.2f ms,"
          + " %d failed%n", what + ":", connections, result.perSecond(), result.p50Ms(), result.p99Ms(),
          result.failed());
      return result;
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
