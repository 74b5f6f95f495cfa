package org.plutro.server.mail;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without an SMTP server, mails (and so their links) are written to the log, for whoever runs
 * the instance to pass on: enough to try Plutro out, not to run it for others.
 */
final class LogMailer implements Mailer {
  private static final Logger LOG = LoggerFactory.getLogger(LogMailer.class);

  @Override
  public Future<Void> send(Mail mail) {
    LOG.info("Mail to {} (no SMTP server set: PLUTRO_SMTP_HOST): {}\n{}", mail.to(), mail.subject(),
        mail.text().strip());
    return Future.succeededFuture();
  }
}
