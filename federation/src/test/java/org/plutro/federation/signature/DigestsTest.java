package org.plutro.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestsTest {
  private static final byte[] BODY = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void digestHeaderMatchesTheDraftCavageExample() throws Exception {
    // draft-cavage-12 appendix C request
    assertEquals("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
        Digests.digestHeader(BODY));
    Digests.checkDigest("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", BODY);
    Digests.checkDigest("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", BODY);
  }

  @Test
  void contentDigestAcceptsTheRfc9421ExampleSha512() throws Exception {
    // RFC 9421 appendix B.2 test-request
    Digests.checkContentDigest("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnr"
        + "IiYllu7BNNyealdVLvRwEmTHWXvJwew==:", BODY);
    Digests.checkContentDigest(Digests.contentDigestHeader(BODY), BODY);
    assertTrue(Digests.contentDigestHeader(BODY).startsWith("sha-256=:X48E9q"));
  }

  @Test
  void mismatchesAndGarbageAreRejected() {
    byte[] other = "{}".getBytes(StandardCharsets.UTF_8);
    assertMessage("Digest does not match the body",
        () -> Digests.checkDigest(Digests.digestHeader(BODY), other));
    assertMessage("Content-Digest does not match the body",
        () -> Digests.checkContentDigest(Digests.contentDigestHeader(BODY), other));
    assertMessage("malformed Digest header", () -> Digests.checkDigest("SHA-256=%%%", BODY));
    assertMessage("Digest header has no SHA-256 or SHA-512 value",
        () -> Digests.checkDigest("MD5=abc", BODY));
    assertMessage("malformed Content-Digest header",
        () -> Digests.checkContentDigest("sha-256=\"x\"", BODY));
    assertMessage("Content-Digest header missing", () -> Digests.checkContentDigest(null, BODY));
  }

  private static void assertMessage(String expected,
      org.junit.jupiter.api.function.Executable executable) {
    assertEquals(expected, assertThrows(SignatureException.class, executable).getMessage());
  }
}
