package org.plutro.server.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.plutro.server.config.Settings.Smtp;
import org.plutro.server.config.Settings.SmtpTls;
import org.slf4j.LoggerFactory;

/** Without an SMTP server, a mail and its link are written to the log at INFO for the operator. */
class LogMailerTest {
  @Test
  void withoutAnSmtpHostTheMailAndItsLinkGoToTheLog() {
    Vertx vertx = Vertx.vertx();
    Logger logger = (Logger) LoggerFactory.getLogger(LogMailer.class);
    Level before = logger.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);
    try {
      Mailer mailer = Mailer.of(vertx, new Smtp(Optional.empty(), 587, "", "", "n@x.example", SmtpTls.STARTTLS),
          "x.example");
      assertTrue(mailer.send(new Mail("ann@example.org", "Confirm your email address for Plutro",
          "Hello @ann,\n\nhttp://x.example/auth/confirmation?confirmation_token=abc\n", null)).succeeded());
      assertEquals(1, appender.list.size());
      ILoggingEvent event = appender.list.get(0);
      assertEquals(Level.INFO, event.getLevel());
      assertTrue(event.getFormattedMessage().contains("ann@example.org"));
      assertTrue(event.getFormattedMessage().contains("/auth/confirmation?confirmation_token=abc"));
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(before);
      vertx.close();
    }
  }
}
