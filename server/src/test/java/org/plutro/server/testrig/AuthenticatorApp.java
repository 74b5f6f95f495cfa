package org.plutro.server.testrig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.util.encoders.Base32;
import org.plutro.server.service.Totp;

/**
 * A person's authenticator app in a test: it holds the key typed from the set-up page and gives
 * codes as the phone would. The server takes each time step's code once, so the app gives a step
 * not used yet: this one, or the next (within the one step of drift the server allows), and waits
 * for the clock when both are used.
 */
public final class AuthenticatorApp {
  private static final long STEP = Totp.STEP.toSeconds();

  private final byte[] secret;
  private final Totp totp = new Totp(Clock.systemUTC());
  private long lastStep = Long.MIN_VALUE;

  /** The app with the key as the set-up page shows it (spaces ignored). */
  public AuthenticatorApp(String typedKey) {
    String key = typedKey.replaceAll("\\s", "").toUpperCase(java.util.Locale.ROOT);
    this.secret = Base32.decode(key + "=".repeat((8 - key.length() % 8) % 8));
  }

  /** A code of a step not given before. */
  public String code() {
    long step = Math.max(lastStep + 1, now());
    if (step > now() + 1) {
      Eventually.within(Duration.ofSeconds(2 * STEP + 5), "the next time step", () -> step <= now() + 1);
    }
    lastStep = step;
    return codeOf(step);
  }

  /** The code given last (to try it again). */
  public String lastCode() {
    return codeOf(lastStep);
  }

  /** A code the server must refuse: a step far from now. */
  public String staleCode() {
    return codeOf(now() - 10);
  }

  private String codeOf(long step) {
    return totp.code(secret, Instant.ofEpochSecond(step * STEP));
  }

  private static long now() {
    return Instant.now().getEpochSecond() / STEP;
  }
}
