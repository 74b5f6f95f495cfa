package org.plutro.server.service;

import org.plutro.server.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.plutro.server.domain.ActorKeys;
import org.plutro.server.config.Settings.Registrations;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/**
 * Creates a local member: validates, hashes the password (Argon2id), makes the actor's RSA and
 * Ed25519 keys, and stores account, keys and credentials in one transaction. People signing up
 * (the Mastodon API and the sign-up page) come through {@link #signUp}, under the instance's
 * registration rules; the admin command line through {@link #createConfirmed}.
 */
public final class RegisterMember {
  public static final int USERNAME_MAX = 30;
  public static final int PASSWORD_MIN = 8;
  public static final int PASSWORD_MAX = 72;
  /** The longest "why do you want to join?", as Mastodon's. */
  public static final int REASON_MAX = 420;
  private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9_]+$");
  // Deliberately simple: one @, no spaces, a dot in the domain. Real proof is the confirmation mail.
  private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$");
  private static final Pattern LOCALE = Pattern.compile("^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$");
  // Names that would let a member pose as the service or collide with our own paths.
  private static final Set<String> RESERVED = Set.of("admin", "administrator", "root", "support",
      "help", "settings", "about", "api", "actor", "inbox", "outbox", "users", "user", "auth",
      "oauth", "login", "logout", "signup", "register", "webmaster", "hostmaster", "postmaster",
      "abuse", "security", "www", "mail", "moderator", "moderators", "staff", "system", "instance",
      "plutro", "mastodon", "nodeinfo", "webfinger", "public", "static", "media", "avatars",
      "headers", "search", "explore", "notifications", "null", "undefined", "noreply", "no_reply");

  /**
   * What a new member gives us; {@code inviteCode}, {@code reason} (why they want to join, where a
   * moderator approves sign-ups), {@code displayName} and {@code passwordConfirmation} (the
   * sign-up page asks for the password twice; the API does not) may be null.
   */
  public record Request(String username, String email, String password, String passwordConfirmation,
      Boolean agreement, String locale, String inviteCode, String reason, String displayName) {
    public Request(String username, String email, String password, Boolean agreement, String locale) {
      this(username, email, password, null, agreement, locale, null, null, null);
    }

    boolean invited() {
      return inviteCode != null && !inviteCode.isBlank();
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Uris uris;
  private final UserStore users;
  private final PasswordHasher hasher;
  private final Registrations registrations;
  private final Runnable mailQueued;

  /** {@code mailQueued}: wakes the job queue once a confirmation mail is queued. */
  public RegisterMember(Vertx vertx, Pool pool, Uris uris, UserStore users, PasswordHasher hasher,
      Registrations registrations, Runnable mailQueued) {
    this.vertx = vertx;
    this.pool = pool;
    this.uris = uris;
    this.users = users;
    this.hasher = hasher;
    this.registrations = registrations;
    this.mailQueued = mailQueued;
  }

  public Registrations registrations() {
    return registrations;
  }

  /**
   * A person signs up, under the instance's rules: nobody when registrations are closed; with an
   * invite when they need one; with a reason, and then waiting for a moderator, when they need
   * approval (an invite lets one in without). The new member is unconfirmed until they open the
   * link mailed to them. Returns the new account's id; fails with a {@link ServiceException}
   * (403 for the rules, 422 with Mastodon's details for the fields). {@code appId}: the app they
   * sign up with (null: the sign-up page), the one app that may have their confirmation mail
   * sent again.
   */
  public Future<Long> signUp(Request request, Long appId) {
    if (registrations == Registrations.CLOSED) {
      return Future.failedFuture(ServiceException.forbidden("Registrations are closed on this server"));
    }
    if (registrations == Registrations.INVITE && !request.invited()) {
      return Future.failedFuture(ServiceException.forbidden("Registrations on this server need an invite"));
    }
    boolean waits = registrations == Registrations.APPROVAL && !request.invited();
    ValidationErrors errors = validate(request);
    if (waits && (request.reason() == null || request.reason().isBlank())) {
      errors.add("reason", "ERR_BLANK", "can't be blank");
    }
    return register(request, "user", errors, false, !waits, appId)
        .onSuccess(id -> mailQueued.run());
  }

  /** An admin creates a member: confirmed and let in, whatever the registration rules. */
  public Future<Long> createConfirmed(Request request, String role) {
    return register(request, role, validate(request), true, true, null);
  }

  private Future<Long> register(Request request, String role, ValidationErrors errors, boolean confirmed,
      boolean approved, Long appId) {
    String username = request.username() == null ? "" : request.username().trim();
    String email = request.email() == null ? "" : request.email().trim();
    String locale = request.locale() == null || request.locale().isBlank()
        ? "en" : request.locale().trim();
    String reason = approved || request.reason() == null ? null : request.reason().strip();
    String displayName = request.displayName() == null ? "" : request.displayName().strip();
    // A name or address in use is said with the other problems, so that one try shows them all.
    return users.taken(username, email)
        .compose(taken -> {
          if (taken[0] && errors.details("username") == null) {
            errors.add("username", "ERR_TAKEN", "is already taken");
          }
          if (taken[1] && errors.details("email") == null) {
            errors.add("email", "ERR_TAKEN", "is already taken");
          }
          errors.throwIfAny();
          return vertx.executeBlocking(
              () -> new Prepared(hasher.hash(request.password()), ActorKeys.generate()), false);
        })
        .compose(prepared -> pool.withTransaction(tx -> {
          String uri = uris.actor(username);
          var actor = new AccountStore.NewLocalActor(username, uri, uris.profilePage(username),
              "Person", uris.inbox(username), uris.sharedInbox(), uris.outbox(username),
              uris.followers(username), uris.following(username), uris.featured(username),
              uris.mainKey(uri));
          return AccountStore.insertLocalActor(tx, actor, prepared.keys())
              .compose(id -> UserStore.insert(tx, id, email, prepared.passwordHash(), locale, role,
                  confirmed, approved, reason, appId).map(id))
              .compose(id -> displayName.isEmpty() ? Future.succeededFuture(id)
                  : AccountStore.updateProfile(tx, id, new AccountStore.ProfileChange(displayName, null,
                      null, null, null, null, null, null, null, null, null)).map(id))
              .compose(id -> !request.invited() ? Future.succeededFuture(id)
                  : useInvite(tx, id, request.inviteCode()))
              .compose(id -> confirmed ? Future.succeededFuture(id)
                  : AccountMails.queue(tx, id, AccountMails.Kind.CONFIRMATION).map(id));
        }))
        .recover(failure -> {
          // Two registrations racing for one name: the unique index decides, the loser gets a 422.
          if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            String field = pg.getConstraint() != null && pg.getConstraint().contains("email")
                ? "email" : "username";
            return Future.failedFuture(
                new ValidationErrors().add(field, "ERR_TAKEN", "is already taken").toException());
          }
          return Future.failedFuture(failure);
        });
  }

  // Uses an invite once, if it is still good; in the registration's transaction, so two people
  // cannot both take the last use of an invite.
  private static Future<Long> useInvite(io.vertx.sqlclient.SqlClient tx, long accountId, String code) {
    return UserStore.useInvite(tx, code.trim())
        .compose(invite -> invite.isEmpty()
            ? Future.failedFuture(new ValidationErrors()
                .add("invite_code", "ERR_INVALID", "is invalid, used up or expired").toException())
            : UserStore.linkInvite(tx, accountId, invite.get()).map(accountId));
  }

  /** Whether {@code email} looks like an address (the confirmation mail is the real proof). */
  public static boolean validEmail(String email) {
    return email != null && email.length() <= 254 && EMAIL.matcher(email).matches();
  }

  /**
   * The rules of a password (for signing up and resetting it): its length, and the same twice
   * when it was asked twice ({@code confirmation} not null).
   */
  public static void validatePassword(ValidationErrors errors, String given, String confirmation) {
    String password = given == null ? "" : given;
    if (password.isEmpty()) {
      errors.add("password", "ERR_BLANK", "can't be blank");
    } else if (password.length() < PASSWORD_MIN) {
      errors.add("password", "ERR_TOO_SHORT", "is too short (minimum is " + PASSWORD_MIN + " characters)");
    } else if (password.length() > PASSWORD_MAX) {
      errors.add("password", "ERR_TOO_LONG", "is too long (maximum is " + PASSWORD_MAX + " characters)");
    }
    if (confirmation != null && !password.isEmpty() && !password.equals(confirmation)) {
      errors.add("password_confirmation", "ERR_CONFIRMATION", "does not match the password");
    }
  }

  static ValidationErrors validate(Request request) {
    ValidationErrors errors = new ValidationErrors();
    String username = request.username() == null ? "" : request.username().trim();
    if (username.isEmpty()) {
      errors.add("username", "ERR_BLANK", "can't be blank");
    } else if (username.length() > USERNAME_MAX) {
      errors.add("username", "ERR_TOO_LONG", "is too long (maximum is " + USERNAME_MAX + " characters)");
    } else if (!USERNAME.matcher(username).matches()) {
      errors.add("username", "ERR_INVALID", "must contain only letters, numbers and underscores");
    } else if (RESERVED.contains(username.toLowerCase(Locale.ROOT))) {
      errors.add("username", "ERR_RESERVED", "is reserved");
    }
    String email = request.email() == null ? "" : request.email().trim();
    if (email.isEmpty()) {
      errors.add("email", "ERR_BLANK", "can't be blank");
    } else if (!validEmail(email)) {
      errors.add("email", "ERR_INVALID", "is invalid");
    }
    validatePassword(errors, request.password(), request.passwordConfirmation());
    if (!Boolean.TRUE.equals(request.agreement())) {
      errors.add("agreement", "ERR_ACCEPTED", "must be accepted");
    }
    if (request.reason() != null && request.reason().strip().length() > REASON_MAX) {
      errors.add("reason", "ERR_TOO_LONG", "is too long (maximum is " + REASON_MAX + " characters)");
    }
    if (request.displayName() != null
        && request.displayName().strip().codePointCount(0, request.displayName().strip().length())
            > UpdateProfile.DISPLAY_NAME_MAX) {
      errors.add("display_name", "ERR_TOO_LONG",
          "is too long (maximum is " + UpdateProfile.DISPLAY_NAME_MAX + " characters)");
    }
    if (request.locale() != null && !request.locale().isBlank()
        && !LOCALE.matcher(request.locale().trim()).matches()) {
      errors.add("locale", "ERR_INCLUSION", "is not included in the list");
    }
    return errors;
  }

  private record Prepared(String passwordHash, ActorKeys keys) {}
}
