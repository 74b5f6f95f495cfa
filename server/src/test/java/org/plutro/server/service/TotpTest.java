package org.plutro.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** TOTP against RFC 6238's published test vectors (the HMAC-SHA1 ones), and our use of it. */
class TotpTest {
  // RFC 6238 Appendix B: the SHA1 key is the 20 ASCII bytes "12345678901234567890".
  private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final long[][] RFC_SHA1 = {
      {59L, 94287082}, {1111111109L, 7081804}, {1111111111L, 14050471},
      {1234567890L, 89005924}, {2000000000L, 69279037}, {20000000000L, 65353130}};

  @Test
  void theLibraryGivesRfc6238sSha1Codes() throws Exception {
    TimeBasedOneTimePasswordGenerator eightDigits = new TimeBasedOneTimePasswordGenerator(
        Duration.ofSeconds(30), 8, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
    SecretKeySpec key = new SecretKeySpec(RFC_KEY, "HmacSHA1");
    for (long[] vector : RFC_SHA1) {
      assertEquals(vector[1], eightDigits.generateOneTimePassword(key, Instant.ofEpochSecond(vector[0])),
          "T = " + vector[0]);
    }
  }

  @Test
  void ourSixDigitCodesAreTheVectorsLastSixDigitsWithLeadingZeros() {
    Totp totp = new Totp(Clock.systemUTC());
    for (long[] vector : RFC_SHA1) {
      assertEquals(String.format("%06d", vector[1] % 1_000_000),
          totp.code(RFC_KEY, Instant.ofEpochSecond(vector[0])), "T = " + vector[0]);
    }
    assertEquals("081804", totp.code(RFC_KEY, Instant.ofEpochSecond(1111111109L)));
  }

  @Test
  void aCodeIsAcceptedWithinOneStepOfDriftOnly() {
    Instant now = Instant.ofEpochSecond(1111111111L);
    Totp totp = new Totp(Clock.fixed(now, ZoneOffset.UTC));
    long step = now.getEpochSecond() / 30;
    for (int drift = -1; drift <= 1; drift++) {
      String code = totp.code(RFC_KEY, now.plusSeconds(30L * drift));
      assertEquals(OptionalLong.of(step + drift), totp.step(RFC_KEY, code), "drift " + drift);
    }
    assertTrue(totp.step(RFC_KEY, totp.code(RFC_KEY, now.minusSeconds(60))).isEmpty(), "two steps late");
    assertTrue(totp.step(RFC_KEY, totp.code(RFC_KEY, now.plusSeconds(60))).isEmpty(), "two steps early");
    assertEquals(OptionalLong.of(step), totp.step(RFC_KEY, "050 471"), "spaces as apps show them");
    assertTrue(totp.step(RFC_KEY, "05047").isEmpty());
    assertTrue(totp.step(RFC_KEY, "abcdef").isEmpty());
    assertTrue(totp.step(RFC_KEY, null).isEmpty());
  }

  @Test
  void theKeyIsBase32AndTheAppsAddressNamesIssuerAndAccount() {
    // RFC 4648's test vector, without padding.
    assertEquals("MZXW6YTBOI", Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(32, Totp.base32(Totp.newSecret()).length(), "160 bits");
    assertEquals("otpauth://totp/social.example:ola?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        + "&issuer=social.example&algorithm=SHA1&digits=6&period=30",
        Totp.uri("social.example", "ola", RFC_KEY));
  }

  @Test
  void aSealedSecretOpensOnlyWithItsKeyForItsAccount() {
    SecretBox box = new SecretBox(new byte[32]);
    byte[] sealed = box.seal(RFC_KEY, "two-factor:1");
    assertEquals(new String(RFC_KEY, StandardCharsets.US_ASCII),
        new String(box.open(sealed, "two-factor:1"), StandardCharsets.US_ASCII));
    assertThrows(IllegalStateException.class, () -> box.open(sealed, "two-factor:2"));
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    assertThrows(IllegalStateException.class, () -> new SecretBox(otherKey).open(sealed, "two-factor:1"));
  }
}
