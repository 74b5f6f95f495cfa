package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.plutro.server.domain.User;
import org.plutro.server.store.TwoFactorStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.store.WebSessionStore;

/**
 * Checks a member's login (email or username) and password, the same for the sign-in page and
 * the password grant. Failures are throttled per login and per address, with Mastodon's limits,
 * and look the same whether or not the member exists.
 *
 * <p>For a member with two-factor sign-in, a right password is only the first step
 * ({@link Outcome#SECOND_FACTOR}): the browser's session then waits for a code
 * ({@link #awaitCode}), for a few minutes and a few tries, and only a right code
 * ({@link #answer}) signs in. Wrong codes count as failed sign-ins.
 */
public final class SignIn {
  /** Failed attempts allowed per address within {@link #ADDRESS_WINDOW_SECONDS}. */
  public static final int ADDRESS_LIMIT = 25;
  public static final int ADDRESS_WINDOW_SECONDS = 5 * 60;
  /** Failed attempts allowed per login within {@link #LOGIN_WINDOW_SECONDS}. */
  public static final int LOGIN_LIMIT = 25;
  public static final int LOGIN_WINDOW_SECONDS = 60 * 60;

  // Verified when the login is unknown, to even out timing: a hash of PasswordHasher's cost (random
  // bytes, written out rather than computed at start-up) that nothing is allowed to match anyway.
  private static final String DUMMY_HASH =
      "$argon2id$v=19$m=19456,t=2,p=1$+MPDK6w36ITblkug9V3skA$x0DQO/T4ia/07VlVTv2Q0MWgYX3Il6913lPzGduqwMw";

  /** How long a right password waits for its code, and how many wrong codes it takes. */
  public static final int CODE_WAIT_SECONDS = 5 * 60;
  public static final int CODE_ATTEMPTS = 5;

  /**
   * SECOND_FACTOR: the password is right, a code is needed; EXPIRED: no code is awaited (never
   * asked, too late, or too many wrong codes).
   */
  public enum Outcome { SIGNED_IN, SECOND_FACTOR, INVALID, THROTTLED, EXPIRED }

  public record Result(Outcome outcome, Optional<User> user) {}

  /** A code's answer: on SIGNED_IN, who, how they were signing in, and where they were going. */
  public record CodeResult(Outcome outcome, Optional<User> user, String via, String returnTo) {
    static CodeResult of(Outcome outcome) {
      return new CodeResult(outcome, Optional.empty(), "", "");
    }
  }

  private final Vertx vertx;
  private final UserStore users;
  private final WebSessionStore sessions;
  private final PasswordHasher passwords;
  private final TwoFactor twoFactor;
  private final TwoFactorStore codeWaits;

  public SignIn(Vertx vertx, UserStore users, WebSessionStore sessions, PasswordHasher passwords,
      TwoFactor twoFactor, TwoFactorStore codeWaits) {
    this.vertx = vertx;
    this.users = users;
    this.sessions = sessions;
    this.passwords = passwords;
    this.twoFactor = twoFactor;
    this.codeWaits = codeWaits;
  }

  /**
   * {@code via}: password (a grant), authorize (the OAuth consent page), settings, or web (the
   * site's sign-in page).
   */
  public Future<Result> check(String login, String password, String address, String userAgent,
      String via) {
    if (login == null || login.isBlank() || password == null || password.isEmpty()) {
      return Future.succeededFuture(new Result(Outcome.INVALID, Optional.empty()));
    }
    String trimmed = login.trim();
    return sessions.recentFailures(trimmed, address, LOGIN_WINDOW_SECONDS, ADDRESS_WINDOW_SECONDS)
        .compose(failures -> {
          if (failures.byLogin() >= LOGIN_LIMIT || failures.byAddress() >= ADDRESS_LIMIT) {
            return Future.succeededFuture(new Result(Outcome.THROTTLED, Optional.empty()));
          }
          return users.byLogin(trimmed).compose(user -> {
            String hash = user.map(User::passwordHash).orElse(null);
            return vertx.executeBlocking(() -> passwords.verify(password,
                    hash != null ? hash : DUMMY_HASH) && hash != null, false)
                .compose(ok -> ok
                    ? passwordRight(user.get(), address, userAgent, via)
                    : sessions.recordFailure(trimmed, address)
                        .map(new Result(Outcome.INVALID, Optional.<User>empty())));
          });
        });
  }

  /** Signed in, unless a code is needed too (the sign-in is then recorded when it comes). */
  private Future<Result> passwordRight(User user, String address, String userAgent, String via) {
    return twoFactor.enabled(user.accountId()).compose(needsCode -> needsCode
        ? Future.succeededFuture(new Result(Outcome.SECOND_FACTOR, Optional.of(user)))
        : sessions.recordLogin(user.accountId(), address, userAgent, via)
            .map(new Result(Outcome.SIGNED_IN, Optional.of(user))));
  }

  /**
   * After {@link Outcome#SECOND_FACTOR}: the browser session {@code sessionId} (not signed in)
   * waits for {@code user}'s code. {@code login} is what they typed (failures count against it),
   * {@code via} how they sign in (web, authorize), {@code returnTo} where they go afterwards.
   */
  public Future<Void> awaitCode(long sessionId, User user, String login, String via, String returnTo) {
    return codeWaits.challenge(sessionId, user.accountId(), login.trim(), via,
        returnTo == null ? "" : returnTo, CODE_WAIT_SECONDS);
  }

  /** Whether the session waits for a code. */
  public Future<Boolean> awaitsCode(long sessionId) {
    return codeWaits.pending(sessionId).map(Optional::isPresent);
  }

  /**
   * A code (from the app, or a recovery code) for the session's wait. Right: the sign-in is
   * recorded with how (for example {@code web+totp}) and the wait ends; wrong: a failed sign-in,
   * and after {@link #CODE_ATTEMPTS} the wait ends too.
   */
  public Future<CodeResult> answer(long sessionId, String code, String address, String userAgent) {
    return codeWaits.pending(sessionId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(CodeResult.of(Outcome.EXPIRED));
      }
      TwoFactorStore.Challenge wait = found.get();
      return sessions.recentFailures(wait.login(), address, LOGIN_WINDOW_SECONDS, ADDRESS_WINDOW_SECONDS)
          .compose(failures -> {
            if (failures.byLogin() >= LOGIN_LIMIT || failures.byAddress() >= ADDRESS_LIMIT) {
              return Future.succeededFuture(CodeResult.of(Outcome.THROTTLED));
            }
            return twoFactor.verify(wait.accountId(), code).compose(method -> method.isPresent()
                ? codeRight(sessionId, wait, method.get(), address, userAgent)
                : codeWrong(sessionId, wait, address));
          });
    });
  }

  private Future<CodeResult> codeRight(long sessionId, TwoFactorStore.Challenge wait,
      TwoFactor.Method method, String address, String userAgent) {
    return codeWaits.end(sessionId).compose(ended -> {
      if (!ended) { // another request answered this wait first
        return Future.succeededFuture(CodeResult.of(Outcome.EXPIRED));
      }
      return sessions.recordLogin(wait.accountId(), address, userAgent, wait.via() + "+" + method.label)
          .compose(recorded -> users.byAccountId(wait.accountId()))
          .map(user -> user.isEmpty() ? CodeResult.of(Outcome.EXPIRED)
              : new CodeResult(Outcome.SIGNED_IN, user, wait.via(), wait.returnTo()));
    });
  }

  private Future<CodeResult> codeWrong(long sessionId, TwoFactorStore.Challenge wait, String address) {
    return sessions.recordFailure(wait.login(), address)
        .compose(recorded -> codeWaits.failed(sessionId))
        .compose(wrong -> wrong < CODE_ATTEMPTS ? Future.succeededFuture(CodeResult.of(Outcome.INVALID))
            : codeWaits.end(sessionId).map(CodeResult.of(Outcome.EXPIRED)));
  }
}
