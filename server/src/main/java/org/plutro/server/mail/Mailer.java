package org.plutro.server.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.plutro.server.config.Settings.Smtp;

/** Sends mail. A failed future means "not sent, try again later". */
public interface Mailer {
  Future<Void> send(Mail mail);

  /** Through the SMTP server of the settings, or, without one, into the log. */
  static Mailer of(Vertx vertx, Smtp smtp, String ownHostname) {
    return smtp.host().isPresent() ? new SmtpMailer(vertx, smtp, ownHostname) : new LogMailer();
  }
}
