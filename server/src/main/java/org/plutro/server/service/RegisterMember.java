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
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/**
 * Creates a local member: validates, hashes the password (Argon2id), makes the actor's RSA and
 * Ed25519 keys, and stores account, keys and credentials in one transaction. The Mastodon API
 * and the admin command line both come here.
 */
public final class RegisterMember {
  public static final int USERNAME_MAX = 30;
  public static final int PASSWORD_MIN = 8;
  public static final int PASSWORD_MAX = 72;
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

  /** What a new member gives us; {@code inviteCode} only where registrations need an invite. */
  public record Request(String username, String email, String password, Boolean agreement,
      String locale, String inviteCode) {
    public Request(String username, String email, String password, Boolean agreement, String locale) {
      this(username, email, password, agreement, locale, null);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Uris uris;
  private final UserStore users;
  private final PasswordHasher hasher;

  public RegisterMember(Vertx vertx, Pool pool, Uris uris, UserStore users, PasswordHasher hasher) {
    this.vertx = vertx;
    this.pool = pool;
    this.uris = uris;
    this.users = users;
    this.hasher = hasher;
  }

  /** Registers the member and returns the new account's id; fails with a 422 {@link ServiceException}. */
  public Future<Long> register(Request request, String role) {
    ValidationErrors errors = validate(request);
    if (!errors.isEmpty()) {
      return Future.failedFuture(errors.toException());
    }
    String username = request.username().trim();
    String email = request.email().trim();
    String locale = request.locale() == null || request.locale().isBlank()
        ? "en" : request.locale().trim();
    return users.taken(username, email)
        .compose(taken -> {
          ValidationErrors conflicts = new ValidationErrors();
          if (taken[0]) {
            conflicts.add("username", "ERR_TAKEN", "is already taken");
          }
          if (taken[1]) {
            conflicts.add("email", "ERR_TAKEN", "is already taken");
          }
          conflicts.throwIfAny();
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
                  Secrets.token()).map(id))
              .compose(id -> request.inviteCode() == null ? Future.succeededFuture(id)
                  : useInvite(tx, id, request.inviteCode()));
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
    } else if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
      errors.add("email", "ERR_INVALID", "is invalid");
    }
    String password = request.password() == null ? "" : request.password();
    if (password.isEmpty()) {
      errors.add("password", "ERR_BLANK", "can't be blank");
    } else if (password.length() < PASSWORD_MIN) {
      errors.add("password", "ERR_TOO_SHORT", "is too short (minimum is " + PASSWORD_MIN + " characters)");
    } else if (password.length() > PASSWORD_MAX) {
      errors.add("password", "ERR_TOO_LONG", "is too long (maximum is " + PASSWORD_MAX + " characters)");
    }
    if (!Boolean.TRUE.equals(request.agreement())) {
      errors.add("agreement", "ERR_ACCEPTED", "must be accepted");
    }
    if (request.locale() != null && !request.locale().isBlank()
        && !LOCALE.matcher(request.locale().trim()).matches()) {
      errors.add("locale", "ERR_INCLUSION", "is not included in the list");
    }
    return errors;
  }

  private record Prepared(String passwordHash, ActorKeys keys) {}
}
