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
import org.plutro.server.store.UserStore.PendingSignUp;
import org.plutro.server.text.Html;
import org.plutro.server.uri.Uris;

/**
 * The mails a member's account sends them: confirm your address, reset your password, confirm
 * your new address, the notice to the old address, and a moderator's answer to a sign-up that
 * waited for approval (approved, or not); and the notice to each admin that a sign-up waits,
 * with the reason it gave. Each is a durable job, queued in the
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
  public enum Kind {
    CONFIRMATION, PASSWORD_RESET, EMAIL_CHANGE, EMAIL_CHANGE_NOTICE, SIGN_UP_WAITING, SIGN_UP_APPROVED,
    SIGN_UP_REFUSED
  }

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

  /** Queues, for each admin, the notice that the member's sign-up waits for approval. */
  public static Future<Void> queueSignUpWaiting(SqlClient tx, long accountId) {
    return UserStore.adminIds(tx).compose(admins -> {
      Future<Void> queued = Future.succeededFuture();
      for (long admin : admins) {
        queued = queued.compose(done -> JobStore.queue(tx, JOB,
            payload(accountId, Kind.SIGN_UP_WAITING).put("admin", Long.toString(admin))));
      }
      return queued;
    });
  }

  /**
   * Queues the mail that a moderator did not let {@code refused} in; their account is gone, so
   * the mail carries its address and name.
   */
  public static Future<Void> queueRefusal(SqlClient tx, long accountId, UserStore.Refused refused) {
    return JobStore.queue(tx, JOB, payload(accountId, Kind.SIGN_UP_REFUSED).put("to", refused.email())
        .put("username", refused.username()));
  }

  private static JsonObject payload(long accountId, Kind kind) {
    return new JsonObject().put("subject", Long.toString(accountId))
        .put("mail", kind.name().toLowerCase(Locale.ROOT));
  }

  /** The job: writes and sends one mail. A mail no longer wanted is done without sending. */
  public Future<Void> send(JsonObject payload) {
    long accountId = Long.parseLong(payload.getString("subject"));
    Kind kind = Kind.valueOf(payload.getString("mail").toUpperCase(Locale.ROOT));
    if (kind == Kind.SIGN_UP_REFUSED) {
      return mailer.send(withHtml(new Mail(payload.getString("to"),
          "Your sign-up on " + instanceName + " was not approved",
          text("Hello @" + payload.getString("username") + ",",
              "A moderator of " + instanceName + " read your sign-up and did not approve it. Your"
                  + " account was removed, with your address and everything you gave us.",
              "This is the last mail you get from us."), null)));
    }
    if (kind == Kind.SIGN_UP_WAITING) {
      return signUpWaiting(accountId, Long.parseLong(payload.getString("admin")));
    }
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
      case SIGN_UP_APPROVED -> Optional.of(mailer.send(withHtml(new Mail(user.email(),
          "Welcome to " + instanceName + ": your account is approved",
          text("Hello " + handle + ",",
              "A moderator of " + instanceName + " approved your sign-up. "
                  + (user.confirmed() ? "You can now sign in, post and follow people:"
                      : "Confirm your email address with the link we sent you, then sign in:"),
              uris.signInPage()), null))));
      case SIGN_UP_WAITING, SIGN_UP_REFUSED -> Optional.empty();
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

  /**
   * Tells admin {@code adminId} that the member's sign-up waits, with the reason they gave; done
   * without a mail when it no longer waits or the admin is gone.
   */
  private Future<Void> signUpWaiting(long accountId, long adminId) {
    return users.pendingOne(accountId).compose(waiting -> users.byAccountId(adminId).compose(admin -> {
      if (waiting.isEmpty() || admin.isEmpty() || !admin.get().isAdmin() || admin.get().disabled()) {
        return Future.succeededFuture();
      }
      PendingSignUp signUp = waiting.get();
      String reason = signUp.reason() == null || signUp.reason().isBlank() ? "(none given)"
          // On one line: its own paragraphs could pass for the mail's (a link among them).
          : "“" + signUp.reason().strip().replaceAll("\\s+", " ") + "”";
      return mailer.send(withHtml(new Mail(admin.get().email(),
          "New sign-up waiting for approval on " + instanceName,
          text("@" + signUp.username() + " (" + signUp.email() + ") signed up on " + instanceName
                  + " and waits for a moderator.",
              "Their reason: " + reason,
              "Approve or refuse the sign-up here:",
              uris.pendingSignUpsPage()), null)));
    }));
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
