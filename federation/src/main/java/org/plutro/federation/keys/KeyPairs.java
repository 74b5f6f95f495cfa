package org.plutro.federation.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Key pairs of actors: RSA-2048 (the key every peer understands) and Ed25519 (FEP-521a, RFC 9421).
 * PEM in and out, and Multikey ({@code publicKeyMultibase}) encoding.
 * Ed25519 goes through Bouncy Castle: the JDK's provider is about 20 times slower here.
 */
public final class KeyPairs {
  /** Bouncy Castle, for Ed25519 keys and signatures. Not installed globally. */
  public static final Provider BC = new BouncyCastleProvider();

  private static final byte[] ED25519_PUB_PREFIX = {(byte) 0xed, 0x01};
  private static final byte[] RSA_PUB_PREFIX = {(byte) 0x85, 0x24};
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private KeyPairs() {}

  public static KeyPair generateRsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }

  public static KeyPair generateEd25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519", BC).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  /** True for an Ed25519 key, whichever provider made it. */
  public static boolean isEd25519(java.security.Key key) {
    String algorithm = key.getAlgorithm();
    return "Ed25519".equalsIgnoreCase(algorithm) || "EdDSA".equalsIgnoreCase(algorithm);
  }

  public static String toPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  public static String toPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** Reads SubjectPublicKeyInfo ("PUBLIC KEY") and PKCS#1 ("RSA PUBLIC KEY") PEM, RSA or Ed25519. */
  public static PublicKey publicKeyFromPem(String pem) {
    try {
      if (pem.contains("BEGIN RSA PUBLIC KEY")) {
        var rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(
            ASN1Sequence.getInstance(pemBody(pem)));
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
      byte[] der = pemBody(pem);
      String algorithm = SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm().getId();
      if ("1.3.101.112".equals(algorithm)) {
        return KeyFactory.getInstance("Ed25519", BC).generatePublic(new X509EncodedKeySpec(der));
      }
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("not a readable public key PEM", e);
    }
  }

  /** Reads a PKCS#8 ("PRIVATE KEY") PEM, RSA or Ed25519. */
  public static PrivateKey privateKeyFromPem(String pem) {
    byte[] der = pemBody(pem);
    try {
      var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(der);
      if ("1.3.101.112".equals(info.getPrivateKeyAlgorithm().getAlgorithm().getId())) {
        return KeyFactory.getInstance("Ed25519", BC).generatePrivate(new PKCS8EncodedKeySpec(der));
      }
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("not a readable private key PEM", e);
    }
  }

  /** FEP-521a / Multikey: "z" + base58btc(multicodec prefix + raw key). */
  public static String toMultibase(PublicKey key) {
    byte[] prefix;
    byte[] raw;
    if (isEd25519(key)) {
      prefix = ED25519_PUB_PREFIX;
      byte[] spki = key.getEncoded();
      raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    } else if (key instanceof RSAPublicKey rsa) {
      prefix = RSA_PUB_PREFIX;
      try {
        raw = new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent())
            .getEncoded();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    } else {
      throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }
    byte[] bytes = new byte[prefix.length + raw.length];
    System.arraycopy(prefix, 0, bytes, 0, prefix.length);
    System.arraycopy(raw, 0, bytes, prefix.length, raw.length);
    return "z" + Base58.encode(bytes);
  }

  /** Reads a {@code publicKeyMultibase} value (Ed25519 or RSA). */
  public static PublicKey fromMultibase(String multibase) {
    if (multibase == null || !multibase.startsWith("z")) {
      throw new IllegalArgumentException("only base58btc multibase keys are supported");
    }
    byte[] bytes = Base58.decode(multibase.substring(1));
    try {
      if (startsWith(bytes, ED25519_PUB_PREFIX) && bytes.length == 34) {
        ByteArrayOutputStream spki = new ByteArrayOutputStream();
        spki.writeBytes(ED25519_SPKI_PREFIX);
        spki.write(bytes, 2, 32);
        return KeyFactory.getInstance("Ed25519", BC)
            .generatePublic(new X509EncodedKeySpec(spki.toByteArray()));
      }
      if (startsWith(bytes, RSA_PUB_PREFIX)) {
        var rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(
            ASN1Sequence.getInstance(Arrays.copyOfRange(bytes, 2, bytes.length)));
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable multibase key", e);
    }
    throw new IllegalArgumentException("unknown multicodec key type");
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length > prefix.length && bytes[0] == prefix[0] && bytes[1] == prefix[1];
  }

  private static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static byte[] pemBody(String pem) {
    if (pem == null) {
      throw new IllegalArgumentException("no PEM");
    }
    String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  /** Bitcoin's base58 alphabet, as multibase "z" uses (keys, and integrity proof values). */
  public static final class Base58 {
    private static final char[] ALPHABET =
        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

    private Base58() {}

    public static String encode(byte[] input) {
      StringBuilder out = new StringBuilder();
      BigInteger value = new BigInteger(1, input);
      while (value.signum() > 0) {
        BigInteger[] divmod = value.divideAndRemainder(FIFTY_EIGHT);
        out.append(ALPHABET[divmod[1].intValue()]);
        value = divmod[0];
      }
      for (int i = 0; i < input.length && input[i] == 0; i++) {
        out.append(ALPHABET[0]);
      }
      return out.reverse().toString();
    }

    public static byte[] decode(String input) {
      BigInteger value = BigInteger.ZERO;
      for (char c : input.toCharArray()) {
        int digit = Arrays.binarySearch(ALPHABET, c);
        if (digit < 0) {
          throw new IllegalArgumentException("not base58: " + c);
        }
        value = value.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(digit));
      }
      byte[] magnitude = value.toByteArray();
      int strip = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
      int zeros = 0;
      while (zeros < input.length() && input.charAt(zeros) == ALPHABET[0]) {
        zeros++;
      }
      byte[] out = new byte[zeros + magnitude.length - strip];
      System.arraycopy(magnitude, strip, out, zeros, magnitude.length - strip);
      return out;
    }
  }
}
