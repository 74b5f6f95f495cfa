package org.plutro.server.domain;

import java.security.PublicKey;
import org.plutro.federation.keys.KeyPairs;

/**
 * A public key an actor publishes (its {@code publicKey}, or a Multikey of its
 * {@code assertionMethod}), as stored: its id, {@code rsa} or {@code ed25519}, and PEM.
 */
public record PublishedKey(String keyId, String algorithm, String publicKeyPem) {
  public static final String RSA = "rsa";
  public static final String ED25519 = "ed25519";

  public static PublishedKey of(String keyId, PublicKey key) {
    return new PublishedKey(keyId, KeyPairs.isEd25519(key) ? ED25519 : RSA, KeyPairs.toPem(key));
  }

  /** The key itself; throws IllegalArgumentException for a PEM that cannot be read. */
  public PublicKey publicKey() {
    return KeyPairs.publicKeyFromPem(publicKeyPem);
  }
}
