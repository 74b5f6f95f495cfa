package org.plutro.federation.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Web Push encryption against RFC 8291's own example, the legacy coding by decryption, and VAPID. */
class WebPushCryptoTest {
  static final Base64.Decoder B64 = Base64.getUrlDecoder();
  // RFC 8291, section 5 and Appendix A.
  static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
  static final byte[] UA_PUBLIC = B64.decode("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
  static final byte[] UA_PRIVATE = B64.decode("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94");
  static final byte[] AUTH = B64.decode("BTBZMqHH6r4Tts7J_aSIgg");
  static final byte[] AS_PUBLIC = B64.decode("BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8");
  static final byte[] AS_PRIVATE = B64.decode("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw");
  static final byte[] SALT = B64.decode("DGv6ra1nlYgDCS1FRnbzlw");
  static final String BODY = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

  @Test
  void theRfcExampleEncryptsToTheRfcBody() throws Exception {
    byte[] body = WebPushCrypto.aes128gcm(PLAINTEXT.getBytes(StandardCharsets.UTF_8), UA_PUBLIC, AUTH,
        WebPushCrypto.keyPair(AS_PRIVATE, AS_PUBLIC), SALT);
    assertArrayEquals(B64.decode(BODY), body);
  }

  @Test
  void freshMessagesDifferAndTheirReceiverReadsThem() throws Exception {
    byte[] one = WebPushCrypto.aes128gcm("hello".getBytes(StandardCharsets.UTF_8), UA_PUBLIC, AUTH);
    byte[] two = WebPushCrypto.aes128gcm("hello".getBytes(StandardCharsets.UTF_8), UA_PUBLIC, AUTH);
    assertTrue(!Arrays.equals(one, two), "a fresh salt and key each time");
    assertEquals("hello", new String(WebPushDecrypt.aes128gcm(one, UA_PRIVATE, UA_PUBLIC, AUTH), StandardCharsets.UTF_8));
  }

  @Test
  void theLegacyCodingIsReadByItsReceiver() throws Exception {
    WebPushCrypto.Sealed sealed = WebPushCrypto.aesgcm(PLAINTEXT.getBytes(StandardCharsets.UTF_8), UA_PUBLIC, AUTH);
    assertEquals(PLAINTEXT, new String(WebPushDecrypt.aesgcm(sealed.body(), sealed.salt(), sealed.senderPublic(),
        UA_PRIVATE, UA_PUBLIC, AUTH), StandardCharsets.UTF_8));
  }

  @Test
  void badKeysAreRefused() {
    assertThrows(GeneralSecurityException.class, () -> WebPushCrypto.aes128gcm(new byte[1], new byte[10], AUTH));
    byte[] offCurve = UA_PUBLIC.clone();
    offCurve[64] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> WebPushCrypto.aes128gcm(new byte[1], offCurve, AUTH));
  }

  @Test
  void theVapidTokenIsSignedForThePushServicesOrigin() throws Exception {
    KeyPair keys = WebPushCrypto.newKeyPair();
    Vapid vapid = new Vapid(keys, "mailto:admin@plutro.example");
    String header = vapid.authorization(URI.create("https://push.example:8443/send/abc?x=1"),
        Instant.ofEpochSecond(1_700_000_000));
    assertTrue(header.startsWith("vapid t="), header);
    String token = header.substring(8, header.indexOf(','));
    assertEquals(vapid.publicKey(), header.substring(header.indexOf("k=") + 2));
    String[] parts = token.split("\\.");
    JsonObject claims = new JsonObject(new String(B64.decode(parts[1]), StandardCharsets.UTF_8));
    assertEquals("https://push.example:8443", claims.getString("aud"));
    assertEquals(1_700_000_000L + 43_200, claims.getLong("exp"));
    assertEquals("mailto:admin@plutro.example", claims.getString("sub"));
    Signature verify = Signature.getInstance("SHA256withECDSAinP1363Format");
    verify.initVerify(WebPushCrypto.publicKey(B64.decode(vapid.publicKey())));
    verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertTrue(verify.verify(B64.decode(parts[2])));
  }

  /** The receiving side, written from the specs on its own, as a browser or app decrypts. */
  static final class WebPushDecrypt {
    static byte[] aes128gcm(byte[] body, byte[] uaPrivate, byte[] uaPublic, byte[] auth) throws Exception {
      byte[] salt = Arrays.copyOfRange(body, 0, 16);
      int idLength = body[20] & 0xff;
      byte[] asPublic = Arrays.copyOfRange(body, 21, 21 + idLength);
      byte[] secret = agree(uaPrivate, uaPublic, asPublic);
      byte[] ikm = WebPushCrypto.hkdf(auth, secret, join("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic), 32);
      byte[] cek = WebPushCrypto.hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
      byte[] nonce = WebPushCrypto.hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
      byte[] padded = open(cek, nonce, Arrays.copyOfRange(body, 21 + idLength, body.length));
      int end = padded.length - 1;
      while (padded[end] == 0) {
        end--;
      }
      assertEquals(2, padded[end], "the last record's delimiter");
      return Arrays.copyOf(padded, end);
    }

    static byte[] aesgcm(byte[] body, byte[] salt, byte[] asPublic, byte[] uaPrivate, byte[] uaPublic, byte[] auth)
        throws Exception {
      byte[] secret = agree(uaPrivate, uaPublic, asPublic);
      byte[] ikm = WebPushCrypto.hkdf(auth, secret, "Content-Encoding: auth\0".getBytes(StandardCharsets.US_ASCII), 32);
      byte[] context = join("P-256\0".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 65}, uaPublic, new byte[] {0, 65}, asPublic);
      byte[] cek = WebPushCrypto.hkdf(salt, ikm, join("Content-Encoding: aesgcm\0".getBytes(StandardCharsets.US_ASCII), context), 16);
      byte[] nonce = WebPushCrypto.hkdf(salt, ikm, join("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), context), 12);
      byte[] padded = open(cek, nonce, body);
      int padding = ((padded[0] & 0xff) << 8) | (padded[1] & 0xff);
      return Arrays.copyOfRange(padded, 2 + padding, padded.length);
    }

    static byte[] agree(byte[] uaPrivate, byte[] uaPublic, byte[] asPublic) throws Exception {
      KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
      agreement.init(WebPushCrypto.keyPair(uaPrivate, uaPublic).getPrivate());
      agreement.doPhase(WebPushCrypto.publicKey(asPublic), true);
      return agreement.generateSecret();
    }

    static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext) throws Exception {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      return cipher.doFinal(ciphertext);
    }

    static byte[] join(byte[]... parts) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (byte[] part : parts) {
        out.writeBytes(part);
      }
      return out.toByteArray();
    }
  }
}
