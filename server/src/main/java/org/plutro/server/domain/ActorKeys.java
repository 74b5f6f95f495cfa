package org.plutro.server.domain;

import java.security.PrivateKey;
import java.security.PublicKey;
import org.plutro.federation.keys.KeyPairs;

/** A local actor's signing keys, as stored (PEM). */
public record ActorKeys(String rsaPrivatePem, String rsaPublicPem, String ed25519PrivatePem,
    String ed25519PublicPem) {

  /** Fresh keys for a new actor: RSA-2048 and Ed25519. CPU-heavy (RSA): not on the event loop. */
  public static ActorKeys generate() {
    var rsa = KeyPairs.generateRsa();
    var ed = KeyPairs.generateEd25519();
    return new ActorKeys(KeyPairs.toPem(rsa.getPrivate()), KeyPairs.toPem(rsa.getPublic()),
        KeyPairs.toPem(ed.getPrivate()), KeyPairs.toPem(ed.getPublic()));
  }

  public PrivateKey rsaPrivate() {
    return KeyPairs.privateKeyFromPem(rsaPrivatePem);
  }

  public PublicKey ed25519Public() {
    return KeyPairs.publicKeyFromPem(ed25519PublicPem);
  }

  public PublicKey rsaPublic() {
    return KeyPairs.publicKeyFromPem(rsaPublicPem);
  }

  public PrivateKey ed25519Private() {
    return KeyPairs.privateKeyFromPem(ed25519PrivatePem);
  }
}
