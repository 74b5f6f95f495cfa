package org.plutro.server.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import org.plutro.server.config.Settings.Smtp;

/**
 * Mail through an SMTP server (Vert.x's mail client, a small pool of connections). With TLS or
 * STARTTLS the server's certificate must be valid for its name; STARTTLS is required, never
 * silently skipped.
 */
final class SmtpMailer implements Mailer {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final MailClient client;
  private final String from;

  SmtpMailer(Vertx vertx, Smtp smtp, String ownHostname) {
    MailConfig config = new MailConfig()
        .setHostname(smtp.host().orElseThrow())
        .setPort(smtp.port())
        .setOwnHostname(ownHostname)
        .setStarttls(smtp.tls() == org.plutro.server.config.Settings.SmtpTls.STARTTLS
            ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
        .setSsl(smtp.tls() == org.plutro.server.config.Settings.SmtpTls.TLS)
        .setLogin(smtp.username().isEmpty() ? LoginOption.DISABLED : LoginOption.REQUIRED)
        .setKeepAlive(true);
    config.setHostnameVerificationAlgorithm("HTTPS");
    config.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    if (!smtp.username().isEmpty()) {
      config.setUsername(smtp.username()).setPassword(smtp.password());
    }
    this.client = MailClient.createShared(vertx, config, "plutro-smtp");
    this.from = smtp.from();
  }

  @Override
  public Future<Void> send(Mail mail) {
    MailMessage message = new MailMessage().setFrom(from).setTo(mail.to()).setSubject(mail.subject())
        .setText(mail.text());
    if (mail.html() != null) {
      message.setHtml(mail.html());
    }
    return client.sendMail(message).mapEmpty();
  }
}
