package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.domain.User;
import org.plutro.server.store.TwoFactorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's two-factor sign-in: setting it up (a secret for an authenticator app, on only once a
 * code from the app proves it works), recovery codes (each usable once, kept hashed), turning it
 * off, and checking a code at sign-in. Every change asks for the current password. A TOTP code is
 * accepted once: a code of a step already used, or of an older step, is refused.
 */
public final class TwoFactor {
  private static final Logger LOG = LoggerFactory.getLogger(TwoFactor.class);
  public static final int RECOVERY_CODES = 10;
  // Lowercase letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i).
  private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How a code was given: from the app, or a recovery code. Named as sign-in history names it. */
  public enum Method {
    TOTP("totp"), RECOVERY_CODE("recovery_code");

    public final String label;

    Method(String label) {
      this.label = label;
    }
  }

  /** What the set-up page shows: the secret for typing, and the address its QR code holds. */
  public record Setup(String secret, String uri) {}

  public record Status(boolean enabled, long recoveryCodesLeft) {}

  private final Vertx vertx;
  private final TwoFactorStore store;
  private final SecretBox box;
  private final Totp totp;
  private final PasswordHasher passwords;
  private final String issuer;

  /** {@code issuer}: the name authenticator apps show for this server's codes. */
  public TwoFactor(Vertx vertx, TwoFactorStore store, SecretBox box, Totp totp,
      PasswordHasher passwords, String issuer) {
    this.vertx = vertx;
    this.store = store;
    this.box = box;
    this.totp = totp;
    this.passwords = passwords;
    this.issuer = issuer;
  }

  public Future<Boolean> enabled(long accountId) {
    return store.secret(accountId).map(secret -> secret.isPresent() && secret.get().enabled());
  }

  public Future<Status> status(long accountId) {
    return enabled(accountId).compose(on -> on
        ? store.recoveryCodesLeft(accountId).map(left -> new Status(true, left))
        : Future.succeededFuture(new Status(false, 0)));
  }

  /** Starts setting up with a new secret (replacing one not finished); nothing if it is on. */
  public Future<Void> begin(long accountId) {
    return enabled(accountId).compose(on -> on ? Future.succeededFuture()
        : store.begin(accountId, box.seal(Totp.newSecret(), context(accountId))));
  }

  /** The set-up waiting for a code, if any; never the secret of a second factor that is on. */
  public Future<Optional<Setup>> pendingSetup(long accountId, String accountName) {
    return store.secret(accountId).map(secret -> secret.filter(found -> !found.enabled()).map(found -> {
      byte[] plain = box.open(found.sealed(), context(accountId));
      return new Setup(Totp.base32(plain), Totp.uri(issuer, accountName, plain));
    }));
  }

  /**
   * Turns it on with a code from the app and the current password (422 with field errors
   * otherwise); the new recovery codes, to show once.
   */
  public Future<List<String>> enable(User user, String password, String code) {
    long accountId = user.accountId();
    return checkPassword(user, password).compose(passwordOk -> store.secret(accountId)
        .compose(secret -> {
          ValidationErrors errors = passwordErrors(passwordOk);
          if (secret.isEmpty() || secret.get().enabled()) {
            return Future.failedFuture(conflict(
                "Two-factor sign-in is already on, or its set-up has expired: start again."));
          }
          OptionalLong step = totp.step(box.open(secret.get().sealed(), context(accountId)), code);
          if (step.isEmpty()) {
            errors.add("code", "ERR_INVALID", "is not right: type the code your app shows now");
          }
          errors.throwIfAny();
          List<String> codes = recoveryCodes();
          return store.enable(accountId, step.getAsLong(), hashes(codes)).compose(enabled -> enabled
              ? Future.succeededFuture(codes)
              : Future.failedFuture(conflict("Two-factor sign-in is already on.")));
        }));
  }

  /** Turns it off with the current password and a code from the app or a recovery code. */
  public Future<Void> disable(User user, String password, String code) {
    return checkPassword(user, password).compose(passwordOk -> {
      ValidationErrors errors = passwordErrors(passwordOk);
      if (!passwordOk) {
        errors.throwIfAny();
      }
      return verify(user.accountId(), code).compose(method -> {
        if (method.isEmpty()) {
          errors.add("code", "ERR_INVALID", "is not right, or was used already");
        }
        errors.throwIfAny();
        return store.disable(user.accountId());
      });
    });
  }

  /** New recovery codes (the old ones stop working), with the current password. */
  public Future<List<String>> newRecoveryCodes(User user, String password) {
    return checkPassword(user, password).compose(passwordOk -> {
      passwordErrors(passwordOk).throwIfAny();
      return enabled(user.accountId());
    }).compose(on -> {
      if (!on) {
        return Future.failedFuture(conflict("Two-factor sign-in is off."));
      }
      List<String> codes = recoveryCodes();
      return store.replaceRecoveryCodes(user.accountId(), hashes(codes)).map(codes);
    });
  }

  /**
   * Checks a code from the app or a recovery code, and uses it up; empty if it is wrong, already
   * used, or two-factor sign-in is off.
   */
  public Future<Optional<Method>> verify(long accountId, String code) {
    if (code == null || code.isBlank()) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.secret(accountId).compose(secret -> {
      if (secret.isEmpty() || !secret.get().enabled()) {
        return Future.succeededFuture(Optional.<Method>empty());
      }
      OptionalLong step = totpStep(accountId, secret.get().sealed(), code);
      if (step.isPresent()) {
        return store.useStep(accountId, step.getAsLong())
            .map(fresh -> fresh ? Optional.of(Method.TOTP) : Optional.<Method>empty());
      }
      return store.useRecoveryCode(accountId, Secrets.sha256(normalise(code)))
          .map(used -> used ? Optional.of(Method.RECOVERY_CODE) : Optional.<Method>empty());
    });
  }

  /**
   * The step of a right app code; empty if it is not one, or if the secret cannot be opened (the
   * data folder's key was lost or replaced: recovery codes, kept as hashes, still work then).
   */
  private OptionalLong totpStep(long accountId, byte[] sealed, String code) {
    try {
      return totp.step(box.open(sealed, context(accountId)), code);
    } catch (IllegalStateException unreadable) {
      LOG.warn("The two-factor secret of account {} cannot be opened with the data folder's"
          + " two-factor.key: only recovery codes work for it", accountId);
      return OptionalLong.empty();
    }
  }

  private static ServiceException conflict(String why) {
    return new ServiceException(409, why);
  }

  private Future<Boolean> checkPassword(User user, String password) {
    return vertx.executeBlocking(() -> password != null && !password.isEmpty()
        && passwords.verify(password, user.passwordHash()), false);
  }

  private static ValidationErrors passwordErrors(boolean passwordOk) {
    ValidationErrors errors = new ValidationErrors();
    if (!passwordOk) {
      errors.add("current_password", "ERR_INVALID", "is not your password");
    }
    return errors;
  }

  /** Ten codes like {@code k7m2p-x9a4c}: 50 random bits each. */
  static List<String> recoveryCodes() {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < RECOVERY_CODES; i++) {
      StringBuilder code = new StringBuilder();
      for (int c = 0; c < 10; c++) {
        if (c == 5) {
          code.append('-');
        }
        code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
      }
      codes.add(code.toString());
    }
    return codes;
  }

  private static List<byte[]> hashes(List<String> codes) {
    return codes.stream().map(code -> Secrets.sha256(normalise(code))).toList();
  }

  /** A recovery code as typed: case, spaces and dashes do not matter. */
  private static String normalise(String code) {
    return code.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "");
  }

  /** What a sealed secret is bound to: its account. */
  private static String context(long accountId) {
    return "two-factor:" + accountId;
  }
}
