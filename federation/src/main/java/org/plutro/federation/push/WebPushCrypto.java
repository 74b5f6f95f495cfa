package org.plutro.federation.push;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Web Push message encryption: RFC 8291's {@code aes128gcm} (RFC 8188 content coding), and the
 * older {@code aesgcm} of draft-ietf-webpush-encryption-04 that Mastodon still sends to
 * subscriptions that do not ask for the standard one. P-256 keys travel as uncompressed points.
 */
public final class WebPushCrypto {
  /** An encrypted message: the body, and for {@code aesgcm} the salt and key its headers carry. */
  public record Sealed(byte[] body, byte[] salt, byte[] senderPublic) {}

  private static final int RECORD_SIZE = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ECParameterSpec P256;

  static {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      P256 = parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private WebPushCrypto() {}

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A key pair from its private scalar and its public point. */
  public static KeyPair keyPair(byte[] privateScalar, byte[] publicPoint) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance("EC");
    return new KeyPair(publicKey(publicPoint),
        factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, privateScalar), P256)));
  }

  /** The uncompressed point (65 bytes) of a P-256 public key; refuses anything else. */
  public static ECPublicKey publicKey(byte[] point) throws GeneralSecurityException {
    if (point == null || point.length != 65 || point[0] != 4) {
      throw new GeneralSecurityException("not an uncompressed P-256 point");
    }
    ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
        new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
    // The JDK checks that the point is on the curve when the key is used.
    return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256));
  }

  public static byte[] point(ECPublicKey key) {
    byte[] point = new byte[65];
    point[0] = 4;
    copyUnsigned(key.getW().getAffineX(), point, 1);
    copyUnsigned(key.getW().getAffineY(), point, 33);
    return point;
  }

  public static byte[] scalar(ECPrivateKey key) {
    byte[] scalar = new byte[32];
    copyUnsigned(key.getS(), scalar, 0);
    return scalar;
  }

  private static void copyUnsigned(BigInteger value, byte[] into, int offset) {
    byte[] bytes = value.toByteArray();
    int start = Math.max(0, bytes.length - 32);
    int length = bytes.length - start;
    System.arraycopy(bytes, start, into, offset + 32 - length, length);
  }

  /** RFC 8291: {@code payload} for the subscription's key and auth secret, fresh sender key and salt. */
  public static byte[] aes128gcm(byte[] payload, byte[] receiverPublic, byte[] authSecret)
      throws GeneralSecurityException {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return aes128gcm(payload, receiverPublic, authSecret, newKeyPair(), salt);
  }

  /** As above with the sender key and salt given (RFC 8291's example fixes both). */
  public static byte[] aes128gcm(byte[] payload, byte[] receiverPublic, byte[] authSecret, KeyPair sender,
      byte[] salt) throws GeneralSecurityException {
    if (payload.length > RECORD_SIZE - 17 - 86) {
      throw new GeneralSecurityException("payload too large for one record");
    }
    byte[] senderPublic = point((ECPublicKey) sender.getPublic());
    byte[] secret = ecdh(sender, receiverPublic);
    byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), receiverPublic, senderPublic);
    byte[] ikm = hkdf(authSecret, secret, keyInfo, 32);
    byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
    // One record, the last: the payload then the 0x02 delimiter.
    byte[] ciphertext = gcm(cek, nonce, concat(payload, new byte[] {2}));
    ByteBuffer header = ByteBuffer.allocate(16 + 4 + 1 + senderPublic.length);
    header.put(salt).putInt(RECORD_SIZE).put((byte) senderPublic.length).put(senderPublic);
    return concat(header.array(), ciphertext);
  }

  /** draft-ietf-webpush-encryption-04 ({@code aesgcm}): the salt and sender key go in headers. */
  public static Sealed aesgcm(byte[] payload, byte[] receiverPublic, byte[] authSecret)
      throws GeneralSecurityException {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    KeyPair sender = newKeyPair();
    byte[] senderPublic = point((ECPublicKey) sender.getPublic());
    byte[] secret = ecdh(sender, receiverPublic);
    byte[] ikm = hkdf(authSecret, secret, "Content-Encoding: auth\0".getBytes(StandardCharsets.US_ASCII), 32);
    byte[] context = concat("P-256\0".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 65}, receiverPublic,
        new byte[] {0, 65}, senderPublic);
    byte[] cek = hkdf(salt, ikm, concat("Content-Encoding: aesgcm\0".getBytes(StandardCharsets.US_ASCII), context), 16);
    byte[] nonce = hkdf(salt, ikm, concat("Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), context), 12);
    // Two bytes of padding length (none), then the payload.
    return new Sealed(gcm(cek, nonce, concat(new byte[] {0, 0}, payload)), salt, senderPublic);
  }

  private static byte[] ecdh(KeyPair sender, byte[] receiverPublic) throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(sender.getPrivate());
    agreement.doPhase(publicKey(receiverPublic), true);
    return agreement.generateSecret();
  }

  private static byte[] gcm(byte[] key, byte[] nonce, byte[] plaintext) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    return cipher.doFinal(plaintext);
  }

  /** HKDF-SHA-256 (RFC 5869), at most one block of output. */
  static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info);
    mac.update((byte) 1);
    return Arrays.copyOf(mac.doFinal(), length);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
