package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.Locale;
import java.util.Optional;
import org.plutro.server.domain.Account;
import org.plutro.server.domain.User;
import org.plutro.server.mail.Mail;
import org.plutro.server.mail.Mailer;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.UserLinkStore;
import org.plutro.server.store.UserLinkStore.Purpose;
import org.plutro.server.store.UserStore;
import org.plutro.server.text.Html;
import org.plutro.server.uri.Uris;

/**
 * The mails a member's account sends them: confirm your address, reset your password, confirm
 * your new address, and the notice to the old address. Each is a durable job, queued in the
 * transaction that calls for it, so a mail server that is down delays a mail and loses none. The
 * link's token is made when the job runs and only its hash is stored: the jobs table holds no
 * secret, and a retry mails a fresh link.
 */
public final class AccountMails {
  public static final String JOB = "mail.account";
  /** How long the links work: an address link two days, a password link one hour. */
  public static final int ADDRESS_LINK_SECONDS = 2 * 24 * 60 * 60;
  public static final int PASSWORD_LINK_SECONDS = 60 * 60;

  /** Which mail. */
  public enum Kind { CONFIRMATION, PASSWORD_RESET, EMAIL_CHANGE, EMAIL_CHANGE_NOTICE }

  private final UserStore users;
  private final AccountStore accounts;
  private final UserLinkStore links;
  private final Mailer mailer;
  private final Uris uris;
  private final String instanceName;

  public AccountMails(UserStore users, AccountStore accounts, UserLinkStore links, Mailer mailer, Uris uris,
      String instanceName) {
    this.users = users;
    this.accounts = accounts;
    this.links = links;
    this.mailer = mailer;
    this.uris = uris;
    this.instanceName = instanceName;
  }

  /** Queues a {@code kind} mail to the member, in the caller's transaction; wake the job queue after commit. */
  public static Future<Void> queue(SqlClient tx, long accountId, Kind kind) {
    return JobStore.queue(tx, JOB, payload(accountId, kind));
  }

  /** Queues the notice to the old address that {@code newEmail} was asked for. */
  public static Future<Void> queueChangeNotice(SqlClient tx, long accountId, String oldEmail, String newEmail) {
    return JobStore.queue(tx, JOB, payload(accountId, Kind.EMAIL_CHANGE_NOTICE).put("to", oldEmail)
        .put("new_email", newEmail));
  }

  private static JsonObject payload(long accountId, Kind kind) {
    return new JsonObject().put("subject", Long.toString(accountId))
        .put("mail", kind.name().toLowerCase(Locale.ROOT));
  }

  /** The job: writes and sends one mail. A mail no longer wanted is done without sending. */
  public Future<Void> send(JsonObject payload) {
    long accountId = Long.parseLong(payload.getString("subject"));
    Kind kind = Kind.valueOf(payload.getString("mail").toUpperCase(Locale.ROOT));
    return users.byAccountId(accountId).compose(user -> accounts.byId(accountId).compose(account -> {
      if (user.isEmpty() || account.isEmpty() || account.get().deletedAt() != null) {
        return Future.succeededFuture();
      }
      return mail(kind, user.get(), account.get(), payload).orElseGet(Future::succeededFuture);
    }));
  }

  private Optional<Future<Void>> mail(Kind kind, User user, Account account, JsonObject payload) {
    String handle = "@" + account.username();
    return switch (kind) {
      case CONFIRMATION -> user.confirmed() ? Optional.empty() : Optional.of(withLink(user,
          Purpose.CONFIRMATION, user.email(), ADDRESS_LINK_SECONDS, link -> new Mail(user.email(),
              "Confirm your email address for " + instanceName,
              text("Hello " + handle + ",",
                  "To finish signing up on " + instanceName + ", confirm your email address with this link:",
                  link,
                  "The link works for two days. If you did not sign up, ignore this mail: without the"
                      + " link, nothing happens."), null)));
      case PASSWORD_RESET -> Optional.of(withLink(user, Purpose.PASSWORD_RESET, user.email(),
          PASSWORD_LINK_SECONDS, link -> new Mail(user.email(), "Reset your password on " + instanceName,
              text("Hello " + handle + ",",
                  "Someone, probably you, asked to reset your password on " + instanceName + "."
                      + " To choose a new one, open this link within an hour:",
                  link,
                  "The link works once. If you did not ask, ignore this mail: your password stays as it is."),
              null)));
      case EMAIL_CHANGE -> user.unconfirmedEmail() == null ? Optional.empty() : Optional.of(withLink(user,
          Purpose.EMAIL_CHANGE, user.unconfirmedEmail(), ADDRESS_LINK_SECONDS, link -> new Mail(
              user.unconfirmedEmail(), "Confirm your new email address for " + instanceName,
              text("Hello " + handle + ",",
                  "To use this address for your account on " + instanceName + ", open this link:",
                  link,
                  "The link works for two days. Until then, your account keeps its old address."), null)));
      case EMAIL_CHANGE_NOTICE -> Optional.of(mailer.send(withHtml(new Mail(payload.getString("to"),
          "Your email address on " + instanceName + " is being changed",
          text("Hello " + handle + ",",
              "Someone signed in to your account on " + instanceName + " asked to change its email"
                  + " address to " + payload.getString("new_email") + ". The change happens only when"
                  + " the link sent to that address is opened.",
              "If this was not you, choose a new password now:",
              uris.passwordResetPage()), null))));
    };
  }

  /** A link of {@code purpose} for the member, stored as a hash, then the mail that carries it. */
  private Future<Void> withLink(User user, Purpose purpose, String email, int lifetimeSeconds,
      java.util.function.Function<String, Mail> write) {
    String token = Secrets.token();
    String link = purpose == Purpose.PASSWORD_RESET ? uris.passwordResetLink(token)
        : uris.confirmationLink(token);
    return links.create(Secrets.sha256(token), user.accountId(), purpose, email, lifetimeSeconds)
        .compose(stored -> mailer.send(withHtml(write.apply(link))));
  }

  /** The text's paragraphs, signed with the instance's name and address. */
  private String text(String... paragraphs) {
    return String.join("\n\n", paragraphs) + "\n\n-- \n" + instanceName + " · " + uris.base() + "\n";
  }

  /** The same text as simple HTML: a paragraph each, the links clickable. */
  private static Mail withHtml(Mail mail) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>");
    for (String paragraph : mail.text().split("\n\n")) {
      String line = paragraph.strip();
      if (line.startsWith("http://") || line.startsWith("https://")) {
        html.append("<p><a href=\"").append(Html.escape(line)).append("\">").append(Html.escape(line))
            .append("</a></p>");
      } else {
        html.append("<p>").append(Html.escape(line).replace("\n", "<br>")).append("</p>");
      }
    }
    return new Mail(mail.to(), mail.subject(), mail.text(), html.append("</body></html>").toString());
  }
}
