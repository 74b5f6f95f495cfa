package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import org.plutro.server.domain.User;
import org.plutro.server.store.UserStore;
import org.plutro.server.store.WebSessionStore;

/**
 * Checks a member's login (email or username) and password, the same for the sign-in page and
 * the password grant. Failures are throttled per login and per address, with Mastodon's limits,
 * and look the same whether or not the member exists.
 */
public final class SignIn {
  /** Failed attempts allowed per address within {@link #ADDRESS_WINDOW_SECONDS}. */
  public static final int ADDRESS_LIMIT = 25;
  public static final int ADDRESS_WINDOW_SECONDS = 5 * 60;
  /** Failed attempts allowed per login within {@link #LOGIN_WINDOW_SECONDS}. */
  public static final int LOGIN_LIMIT = 25;
  public static final int LOGIN_WINDOW_SECONDS = 60 * 60;

  // A valid hash of a random password, verified when the login is unknown to even out timing.
  private static final String DUMMY_HASH = new PasswordHasher().hash(Secrets.token());

  public enum Outcome { SIGNED_IN, INVALID, THROTTLED }

  public record Result(Outcome outcome, Optional<User> user) {}

  private final Vertx vertx;
  private final UserStore users;
  private final WebSessionStore sessions;
  private final PasswordHasher passwords;

  public SignIn(Vertx vertx, UserStore users, WebSessionStore sessions, PasswordHasher passwords) {
    this.vertx = vertx;
    this.users = users;
    this.sessions = sessions;
    this.passwords = passwords;
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
                    ? sessions.recordLogin(user.get().accountId(), address, userAgent, via)
                        .map(new Result(Outcome.SIGNED_IN, user))
                    : sessions.recordFailure(trimmed, address)
                        .map(new Result(Outcome.INVALID, Optional.<User>empty())));
          });
        });
  }
}
