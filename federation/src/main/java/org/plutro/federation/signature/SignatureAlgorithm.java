package org.plutro.federation.signature;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.plutro.federation.keys.KeyPairs;

/**
 * The signature algorithms we accept, with their RFC 9421 names. One {@link Signature} engine per
 * thread and algorithm is kept, since getInstance costs more than an Ed25519 verification.
 */
enum SignatureAlgorithm {
  RSA_V1_5_SHA256("rsa-v1_5-sha256", "SHA256withRSA", null, null),
  RSA_PSS_SHA512("rsa-pss-sha512", "RSASSA-PSS", null,
      new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1)),
  ED25519("ed25519", "Ed25519", KeyPairs.BC, null),
  ECDSA_P256_SHA256("ecdsa-p256-sha256", "SHA256withECDSAinP1363Format", null, null);

  private final String rfc9421Name;
  private final AlgorithmParameterSpec parameters;
  private final ThreadLocal<Signature> engines;

  SignatureAlgorithm(String rfc9421Name, String jca, Provider provider,
      AlgorithmParameterSpec parameters) {
    this.rfc9421Name = rfc9421Name;
    this.parameters = parameters;
    this.engines = ThreadLocal.withInitial(() -> {
      try {
        return provider == null ? Signature.getInstance(jca) : Signature.getInstance(jca, provider);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(jca + " is not available", e);
      }
    });
  }

  String rfc9421Name() {
    return rfc9421Name;
  }

  /** The algorithm for an RFC 9421 {@code alg} value, or null when we do not support it. */
  static SignatureAlgorithm fromRfc9421(String name) {
    for (SignatureAlgorithm algorithm : values()) {
      if (algorithm.rfc9421Name.equals(name)) {
        return algorithm;
      }
    }
    return null;
  }

  /** True when a key of this type can make or check this algorithm's signatures. */
  boolean fits(Key key) {
    return switch (this) {
      case RSA_V1_5_SHA256, RSA_PSS_SHA512 -> key instanceof RSAKey;
      case ED25519 -> KeyPairs.isEd25519(key);
      case ECDSA_P256_SHA256 -> key instanceof ECKey ec
          && ec.getParams().getCurve().getField().getFieldSize() == 256;
    };
  }

  boolean verify(PublicKey key, byte[] data, byte[] signature) throws SignatureException {
    if (!fits(key)) {
      throw new SignatureException("algorithm " + rfc9421Name + " does not fit the key type");
    }
    Signature engine = engines.get();
    try {
      if (parameters != null) {
        engine.setParameter(parameters);
      }
      engine.initVerify(this == ED25519 ? bouncyCastle(key) : key);
      engine.update(data);
      return engine.verify(signature);
    } catch (java.security.SignatureException e) {
      return false; // a signature of the wrong length or shape is just a bad signature
    } catch (GeneralSecurityException e) {
      throw new SignatureException("the key cannot check " + rfc9421Name + " signatures");
    }
  }

  byte[] sign(PrivateKey key, byte[] data) {
    if (!fits(key)) {
      throw new IllegalArgumentException("algorithm " + rfc9421Name + " does not fit the key");
    }
    Signature engine = engines.get();
    try {
      if (parameters != null) {
        engine.setParameter(parameters);
      }
      engine.initSign(this == ED25519 ? bouncyCastle(key) : key);
      engine.update(data);
      return engine.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + rfc9421Name, e);
    }
  }

  // Bouncy Castle's Ed25519 engine wants its own key classes; JDK keys are converted once here.
  private static PublicKey bouncyCastle(PublicKey key) throws GeneralSecurityException {
    if (key.getClass().getName().startsWith("org.bouncycastle.")) {
      return key;
    }
    return KeyFactory.getInstance("Ed25519", KeyPairs.BC)
        .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
  }

  private static PrivateKey bouncyCastle(PrivateKey key) throws GeneralSecurityException {
    if (key.getClass().getName().startsWith("org.bouncycastle.")) {
      return key;
    }
    return KeyFactory.getInstance("Ed25519", KeyPairs.BC)
        .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
  }
}
