package org.plutro.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner.Style;
import org.plutro.federation.keys.KeyPairs;

class HttpSignatureSignerTest {
  static final KeyPair RSA = KeyPairs.generateRsa();
  static final KeyPair ED25519 = KeyPairs.generateEd25519();
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final String KEY_ID = "https://plutro.example/users/alice#main-key";
  static final String BODY = "{\"type\":\"Create\"}";

  static HttpSignatureSigner signer(KeyPair keys) {
    return new HttpSignatureSigner(KEY_ID, keys.getPrivate(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** What the receiving server would see for a request we signed. */
  static SignedRequest received(String method, URI target, MultiMap headers, String body) {
    String path = target.getRawPath() + (target.getRawQuery() == null ? ""
        : "?" + target.getRawQuery());
    return new SignedRequest(method, path, headers.get("host"), target.getScheme(), headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  static MultiMap post(Style style, KeyPair keys, URI target) {
    MultiMap headers = Requests.headers("Content-Type",
        "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"");
    signer(keys).sign(style, "POST", target, headers, BODY.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  @Test
  void cavagePostHasMastodonsHeaderSetAndRoundTrips() throws Exception {
    URI inbox = URI.create("https://peer.example:8443/users/bob/inbox");
    MultiMap headers = post(Style.CAVAGE, RSA, inbox);
    assertEquals("peer.example:8443", headers.get("Host"));
    assertEquals("Tue, 24 Nov 2026 12:00:00 GMT", headers.get("Date"));
    assertEquals(Digests.digestHeader(BODY.getBytes(StandardCharsets.UTF_8)),
        headers.get("Digest"));
    assertTrue(headers.get("Signature").matches("keyId=\"https://plutro\\.example/users/alice"
        + "#main-key\",algorithm=\"rsa-sha256\",headers=\"\\(request-target\\) host date digest "
        + "content-type\",signature=\"[A-Za-z0-9+/]+=*\""), headers.get("Signature"));

    ParsedSignature parsed = SignatureVerifier.parse(received("POST", inbox, headers, BODY), NOW);
    assertEquals(KEY_ID, parsed.keyId());
    SignatureVerifier.verify(parsed, RSA.getPublic());
  }

  @Test
  void cavageGetSignsAcceptWhenPresent() throws Exception {
    URI actor = URI.create("https://peer.example/users/bob?x=1");
    MultiMap withAccept = Requests.headers("Accept", "application/activity+json");
    signer(RSA).sign(Style.CAVAGE, "GET", actor, withAccept, null);
    assertTrue(withAccept.get("Signature")
        .contains(",headers=\"(request-target) host date accept\","));
    assertEquals(false, withAccept.contains("Digest"));
    SignatureVerifier.verify(
        SignatureVerifier.parse(received("GET", actor, withAccept, null), NOW), RSA.getPublic());

    MultiMap plain = MultiMap.caseInsensitiveMultiMap();
    signer(RSA).sign(Style.CAVAGE, "GET", actor, plain, null);
    assertTrue(plain.get("Signature").contains(",headers=\"(request-target) host date\","));
    SignatureVerifier.verify(
        SignatureVerifier.parse(received("GET", actor, plain, null), NOW), RSA.getPublic());
  }

  @Test
  void rfc9421PostWithRsaRoundTrips() throws Exception {
    URI inbox = URI.create("https://peer.example/inbox");
    MultiMap headers = post(Style.RFC9421, RSA, inbox);
    assertEquals("sig1=(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\" \"date\")"
        + ";created=" + NOW.getEpochSecond() + ";keyid=\"" + KEY_ID + "\";alg=\"rsa-v1_5-sha256\"",
        headers.get("Signature-Input"));
    assertTrue(headers.get("Signature").matches("sig1=:[A-Za-z0-9+/]+=*:"));
    assertEquals(Digests.contentDigestHeader(BODY.getBytes(StandardCharsets.UTF_8)),
        headers.get("Content-Digest"));
    assertEquals(false, headers.contains("Digest"));

    ParsedSignature parsed = SignatureVerifier.parse(received("POST", inbox, headers, BODY), NOW);
    assertEquals(SignatureStandard.RFC9421, parsed.standard());
    assertEquals("rsa-v1_5-sha256", parsed.algorithm());
    SignatureVerifier.verify(parsed, RSA.getPublic());
  }

  @Test
  void rfc9421GetWithEd25519RoundTrips() throws Exception {
    URI actor = URI.create("https://peer.example/users/bob?page=2");
    MultiMap headers = Requests.headers("Accept", "application/activity+json");
    signer(ED25519).sign(Style.RFC9421, "GET", actor, headers, null);
    assertEquals("sig1=(\"@method\" \"@target-uri\" \"@authority\" \"date\")"
        + ";created=" + NOW.getEpochSecond() + ";keyid=\"" + KEY_ID + "\";alg=\"ed25519\"",
        headers.get("Signature-Input"));
    ParsedSignature parsed = SignatureVerifier.parse(received("GET", actor, headers, null), NOW);
    SignatureVerifier.verify(parsed, ED25519.getPublic());
    assertEquals("algorithm 'ed25519' does not fit the key type 'RSA'", assertThrows(
        SignatureException.class, () -> SignatureVerifier.verify(parsed, RSA.getPublic()))
        .getMessage());
  }

  @Test
  void keepsHostAndDateTheCallerSet() throws Exception {
    URI inbox = URI.create("https://peer.example/inbox");
    MultiMap headers = Requests.headers("Host", "peer.example", "Date",
        "Tue, 24 Nov 2026 11:59:00 GMT");
    signer(RSA).sign(Style.CAVAGE, "POST", inbox, headers, BODY.getBytes(StandardCharsets.UTF_8));
    assertEquals("Tue, 24 Nov 2026 11:59:00 GMT", headers.get("Date"));
    assertEquals(1, headers.getAll("Host").size());
    assertTrue(headers.get("Signature").contains("headers=\"(request-target) host date digest\""));
    SignatureVerifier.verify(
        SignatureVerifier.parse(received("POST", inbox, headers, BODY), NOW), RSA.getPublic());
  }

  @Test
  void cavageNeedsAnRsaKeyAndKeyIdsMustBeQuotable() {
    assertThrows(IllegalStateException.class, () -> signer(ED25519).sign(Style.CAVAGE, "GET",
        URI.create("https://peer.example/"), MultiMap.caseInsensitiveMultiMap(), null));
    assertThrows(IllegalArgumentException.class,
        () -> new HttpSignatureSigner("bad\"id", RSA.getPrivate()));
  }
}
