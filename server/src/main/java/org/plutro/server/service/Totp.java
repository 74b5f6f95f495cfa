package org.plutro.server.service;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: a 30-second step,
 * 6 digits, HMAC-SHA1, a 160-bit secret written in Base32 (RFC 4648) for people to type.
 * A code is accepted within one step of clock drift either way.
 */
public final class Totp {
  public static final Duration STEP = Duration.ofSeconds(30);
  public static final int DIGITS = 6;
  private static final int SECRET_BYTES = 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(
      STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
  private final Clock clock;

  public Totp(Clock clock) {
    this.clock = clock;
  }

  /** A new random secret. */
  public static byte[] newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /** The secret as people type it into an app: Base32, without padding. */
  public static String base32(byte[] secret) {
    return Base32.toBase32String(secret).replace("=", "");
  }

  /** The address an authenticator app reads from the QR code (Google Authenticator's format). */
  public static String uri(String issuer, String account, byte[] secret) {
    String label = encode(issuer) + ":" + encode(account);
    return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
        + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
  }

  /** The code for {@code secret} at {@code time}, with its leading zeros. */
  public String code(byte[] secret, Instant time) {
    try {
      return generator.generateOneTimePasswordString(key(secret), time, java.util.Locale.ROOT);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The time step whose code {@code code} is, if it is the code of this step, the one before or
   * the one after (clock drift); empty otherwise.
   */
  public OptionalLong step(byte[] secret, String code) {
    String typed = code == null ? "" : code.replaceAll("\\s", "");
    if (!typed.matches("[0-9]{" + DIGITS + "}")) {
      return OptionalLong.empty();
    }
    Instant now = clock.instant();
    long current = now.getEpochSecond() / STEP.toSeconds();
    for (long step = current - 1; step <= current + 1; step++) {
      String expected = code(secret, Instant.ofEpochSecond(step * STEP.toSeconds()));
      if (java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
          typed.getBytes(StandardCharsets.US_ASCII))) {
        return OptionalLong.of(step);
      }
    }
    return OptionalLong.empty();
  }

  private Key key(byte[] secret) {
    return new SecretKeySpec(secret, generator.getAlgorithm());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
