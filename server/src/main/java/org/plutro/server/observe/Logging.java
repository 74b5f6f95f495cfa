package org.plutro.server.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import org.plutro.server.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log lines as the settings ask. {@link LogSetup} writes text to standard error through the appender
 * {@value #CONSOLE}; with
 * {@code PLUTRO_LOG_FORMAT=json} that appender gets a JSON encoder instead, one object per line
 * ({@code @timestamp}, {@code level}, {@code logger_name}, {@code message}, {@code stack_trace},
 * and key-value pairs such as the request log's {@code method}, {@code route}, {@code status},
 * {@code duration_ms} as fields). The format is chosen once the settings are read, before
 * anything is logged.
 */
public final class Logging {
  static final String CONSOLE = "CONSOLE";

  private Logging() {}

  public static void apply(Settings settings) {
    if (settings.logFormat() != Settings.LogFormat.JSON
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE);
    if (!(appender instanceof OutputStreamAppender<ILoggingEvent> console)) {
      return;
    }
    LogstashEncoder json = new LogstashEncoder();
    json.setContext(context);
    json.start();
    console.stop();
    console.setEncoder(json);
    console.start();
  }
}
