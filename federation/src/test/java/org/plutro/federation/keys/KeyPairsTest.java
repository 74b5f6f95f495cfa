package org.plutro.federation.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class KeyPairsTest {
  @Test
  void rsaKeysRoundTripThroughPemAndMultibase() throws Exception {
    KeyPair pair = KeyPairs.generateRsa();
    assertArrayEquals(pair.getPublic().getEncoded(),
        KeyPairs.publicKeyFromPem(KeyPairs.toPem(pair.getPublic())).getEncoded());
    assertArrayEquals(pair.getPrivate().getEncoded(),
        KeyPairs.privateKeyFromPem(KeyPairs.toPem(pair.getPrivate())).getEncoded());
    String multibase = KeyPairs.toMultibase(pair.getPublic());
    assertTrue(multibase.startsWith("z"));
    assertArrayEquals(pair.getPublic().getEncoded(), KeyPairs.fromMultibase(multibase).getEncoded());
  }

  @Test
  void ed25519KeysRoundTripAndSign() throws Exception {
    KeyPair pair = KeyPairs.generateEd25519();
    String multibase = KeyPairs.toMultibase(pair.getPublic());
    // did:key convention: Ed25519 multikeys start with "z6Mk".
    assertTrue(multibase.startsWith("z6Mk"), multibase);
    var publicKey = KeyPairs.fromMultibase(multibase);
    var privateKey = KeyPairs.privateKeyFromPem(KeyPairs.toPem(pair.getPrivate()));
    Signature signer = Signature.getInstance("Ed25519", KeyPairs.BC);
    signer.initSign(privateKey);
    signer.update("hello".getBytes());
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("Ed25519", KeyPairs.BC);
    verifier.initVerify(KeyPairs.publicKeyFromPem(KeyPairs.toPem(publicKey)));
    verifier.update("hello".getBytes());
    assertTrue(verifier.verify(signature));
  }

  @Test
  void knownEd25519MultikeyDecodes() {
    // The example key of the W3C Controlled Identifiers spec (Multikey, Ed25519).
    var key = KeyPairs.fromMultibase("z6MkmM42vxfqZQsv4ehtTjFFxQ4sQKS2w6WR7emozFAn5cxu");
    assertEquals("z6MkmM42vxfqZQsv4ehtTjFFxQ4sQKS2w6WR7emozFAn5cxu", KeyPairs.toMultibase(key));
  }

  @Test
  void garbageIsRefusedClearly() {
    assertThrows(IllegalArgumentException.class, () -> KeyPairs.publicKeyFromPem("nonsense"));
    assertThrows(IllegalArgumentException.class, () -> KeyPairs.fromMultibase("zzzz"));
    assertThrows(IllegalArgumentException.class, () -> KeyPairs.fromMultibase("uABC"));
  }
}
