package org.plutro.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.plutro.server.cli.AdminCommand;
import org.plutro.server.config.Settings;
import org.plutro.server.config.SettingsException;
import org.plutro.server.observe.Logging;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar plutro.jar} runs the server; {@code java -jar plutro.jar account ...} is the
 * admin command line, against the same database settings.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Settings settings;
    List<String> warnings = new ArrayList<>();
    try {
      settings = Settings.load(System.getenv(), warnings::add);
    } catch (SettingsException e) {
      System.err.println("plutro: " + e.getMessage());
      System.exit(2);
      return;
    }
    // The log format is a setting: choose it before the first line.
    Logging.apply(settings);
    warnings.forEach(LoggerFactory.getLogger(Settings.class)::warn);
    if (args.length > 0 && !args[0].equals("serve")) {
      System.exit(AdminCommand.run(settings, Arrays.asList(args), System.out, System.err));
      return;
    }
    try {
      HeapFreeRatios.apply(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
      IdleHeapCollector.start();
      PlutroServer server = PlutroServer.start(settings);
      // SIGTERM and Ctrl-C: stop serving, then stop the embedded database.
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "plutro-shutdown"));
    } catch (Exception | Error e) {
      System.err.println("plutro: cannot start: " + rootMessage(e));
      System.exit(1);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
