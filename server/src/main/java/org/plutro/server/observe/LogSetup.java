package org.plutro.server.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Plutro's logging, set up in code (logback finds this class as a service) instead of from an XML
 * file: parsing one is a noticeable part of start-up. Lines go to standard error as text through
 * the appender {@value Logging#CONSOLE}; {@code PLUTRO_LOG_FORMAT=json} makes them JSON objects
 * ({@link Logging} swaps its encoder). A file named by {@code -Dlogback.configurationFile}, or the
 * tests' {@code logback-test.xml}, is used instead, as logback would.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %level %logger{0} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(Logging.CONSOLE);
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    // The request log: one line per request, written by a thread of its own in batches (the
    // event loops only queue them, and drop them if that thread falls behind);
    // PLUTRO_REQUEST_LOG=false silences it.
    context.getLogger("org.plutro.server.observe.RequestLog").setLevel(Level.INFO);
    context.getLogger("org.flywaydb").setLevel(Level.WARN);
    context.getLogger("io.zonky").setLevel(Level.WARN);
    context.getLogger("io.netty").setLevel(Level.WARN);
    // vertx-micrometer-metrics registers its shared gauges again for each connection, on purpose;
    // Micrometer warns about that once.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
