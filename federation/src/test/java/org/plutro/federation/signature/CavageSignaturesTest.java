package org.plutro.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plutro.federation.keys.KeyPairs;

/** draft-cavage-http-signatures-12: the draft's appendix C vectors and peer-shaped requests. */
class CavageSignaturesTest {
  // Appendix C: keyId="Test"
  private static final String DRAFT_PUBLIC_KEY = """
      -----BEGIN PUBLIC KEY-----
      MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCFENGw33yGihy92pDjZQhl0C3
      6rPJj+CvfSC8+q28hxA161QFNUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6
      Z4UMR7EOcpfdUE9Hf3m/hs+FUR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJw
      oYi+1hqp1fIekaxsyQIDAQAB
      -----END PUBLIC KEY-----
      """;
  private static final Instant DRAFT_NOW = Instant.parse("2014-01-05T21:31:40Z");

  private static SignedRequest draftRequest(String header, String value) {
    MultiMap headers = Requests.headers(
        "Host", "example.com",
        "Date", "Sun, 05 Jan 2014 21:31:40 GMT",
        "Content-Type", "application/json",
        "Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
        "Content-Length", "18",
        header, value);
    return Requests.request("POST", "/foo?param=value&pet=dog", "{\"hello\": \"world\"}", headers);
  }

  @Test
  void c3AllHeadersTestPassesPolicyAndVerifies() throws Exception {
    SignedRequest request = draftRequest("Signature", "keyId=\"Test\",algorithm=\"rsa-sha256\","
        + "headers=\"(request-target) host date content-type digest content-length\","
        + "signature=\"vSdrb+dS3EceC9bcwHSo4MlyKS59iFIrhgYkz8+oVLEEzmYZZvRs"
        + "8rgOp+63LEM3v+MFHB32NfpB2bEKBIvB1q52LaEUHFv120V01IL+TAD48XaERZF"
        + "ukWgHoBTLMhYS2Gb51gWxpeIq8knRmPnYePbF5MOkR0Zkly4zKH7s1dE=\"");
    ParsedSignature parsed = SignatureVerifier.parse(request, DRAFT_NOW);
    assertEquals(SignatureStandard.CAVAGE, parsed.standard());
    assertEquals("Test", parsed.keyId());
    assertEquals("""
        (request-target): post /foo?param=value&pet=dog
        host: example.com
        date: Sun, 05 Jan 2014 21:31:40 GMT
        content-type: application/json
        digest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=
        content-length: 18""", parsed.signatureBases().get(0));
    SignatureVerifier.verify(parsed, KeyPairs.publicKeyFromPem(DRAFT_PUBLIC_KEY));
  }

  @Test
  void c2BasicTestVerifiesButLacksTheDigestOurPolicyWants() throws Exception {
    SignedRequest request = draftRequest("Authorization", "Signature keyId=\"Test\","
        + "algorithm=\"rsa-sha256\",headers=\"(request-target) host date\", "
        + "signature=\"qdx+H7PHHDZgy4"
        + "y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn"
        + "7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBs"
        + "kLu6kd9Fswtemr3lgdDEmn04swr2Os0=\"");
    assertEquals("signature does not cover the body digest", assertThrows(
        SignatureException.class, () -> SignatureVerifier.parse(request, DRAFT_NOW)).getMessage());

    String signingString = CavageSignatures.signingString(request,
        List.of("(request-target)", "host", "date"), request.path(), Map.of());
    assertEquals("""
        (request-target): post /foo?param=value&pet=dog
        host: example.com
        date: Sun, 05 Jan 2014 21:31:40 GMT""", signingString);
    byte[] signature = Base64.getDecoder().decode("qdx+H7PHHDZgy4"
        + "y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn"
        + "7ndmw2iicw3HMbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBs"
        + "kLu6kd9Fswtemr3lgdDEmn04swr2Os0=");
    assertEquals(true, SignatureAlgorithm.RSA_V1_5_SHA256.verify(
        KeyPairs.publicKeyFromPem(DRAFT_PUBLIC_KEY),
        signingString.getBytes(StandardCharsets.UTF_8), signature));
  }

  @Test
  void c1DefaultTestIsRefusedForNotCoveringTheRequestTarget() throws Exception {
    SignedRequest request = draftRequest("Signature", "keyId=\"Test\",algorithm=\"rsa-sha256\","
        + "signature=\"SjWJWbWN7i0wzBvtPl8rbASWz5xQW6mcJmn+ibttBqtifLN7Sazz"
        + "6m79cNfwwb8DMJ5cou1s7uEGKKCs+FLEEaDV5lp7q25WqS+lavg7T8hc0GppauB"
        + "6hbgEKTwblDHYGEtbGmtdHgVCk9SuS13F0hZ8FD0k/5OxEPXe5WozsbM=\"");
    assertEquals("signature does not cover (request-target)", assertThrows(
        SignatureException.class, () -> SignatureVerifier.parse(request, DRAFT_NOW)).getMessage());
    byte[] signature = Base64.getDecoder().decode("SjWJWbWN7i0wzBvtPl8rbASWz5xQW6mcJmn+ibttBqt"
        + "ifLN7Sazz6m79cNfwwb8DMJ5cou1s7uEGKKCs+FLEEaDV5lp7q25WqS+lavg7T8hc0GppauB6hbgEKTwblDHYG"
        + "EtbGmtdHgVCk9SuS13F0hZ8FD0k/5OxEPXe5WozsbM=");
    assertEquals(true, SignatureAlgorithm.RSA_V1_5_SHA256.verify(
        KeyPairs.publicKeyFromPem(DRAFT_PUBLIC_KEY),
        "date: Sun, 05 Jan 2014 21:31:40 GMT".getBytes(StandardCharsets.UTF_8), signature));
  }

  /** A delivery as Mastodon sends it, signed here with the JDK directly, not with our signer. */
  @Test
  void mastodonShapedDeliveryVerifies() throws Exception {
    KeyPair keys = KeyPairs.generateRsa();
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    String body = "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"type\":\"Follow\"}";
    String date = "Tue, 24 Nov 2026 12:00:00 GMT";
    String digest = Digests.digestHeader(body.getBytes(StandardCharsets.UTF_8));
    String signingString = "(request-target): post /users/bob/inbox\nhost: plutro.example\n"
        + "date: " + date + "\ndigest: " + digest + "\ncontent-type: application/activity+json";
    MultiMap headers = Requests.headers(
        "Host", "plutro.example",
        "Date", date,
        "Digest", digest,
        "Content-Type", "application/activity+json",
        "Signature", "keyId=\"https://mastodon.example/users/alice#main-key\","
            + "algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest content-type\","
            + "signature=\"" + jdkSign(keys, signingString, "SHA256withRSA") + "\"");
    SignedRequest request = Requests.request("POST", "/users/bob/inbox", body, headers);

    ParsedSignature parsed = SignatureVerifier.parse(request, now);
    assertEquals("https://mastodon.example/users/alice#main-key", parsed.keyId());
    assertEquals("rsa-sha256", parsed.algorithm());
    SignatureVerifier.verify(parsed, keys.getPublic());
  }

  /** GoToSocial: hs2019, key id without '#', and a signed GET whose query may not be signed. */
  @Test
  void goToSocialShapedGetVerifiesWithOrWithoutTheQueryInTheSignature() throws Exception {
    KeyPair keys = KeyPairs.generateRsa();
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    String date = "Tue, 24 Nov 2026 12:00:00 GMT";
    for (String signedTarget : List.of("/users/bob/outbox?page=true", "/users/bob/outbox")) {
      String signingString = "(request-target): get " + signedTarget + "\nhost: plutro.example\n"
          + "date: " + date;
      MultiMap headers = Requests.headers(
          "Host", "plutro.example",
          "Date", date,
          "Signature", "keyId=\"https://gts.example/users/alice/main-key\",algorithm=\"hs2019\","
              + "headers=\"(request-target) host date\",signature=\""
              + jdkSign(keys, signingString, "SHA256withRSA") + "\"");
      SignedRequest request = Requests.request("GET", "/users/bob/outbox?page=true", null,
          headers);
      ParsedSignature parsed = SignatureVerifier.parse(request, now);
      assertEquals("https://gts.example/users/alice/main-key", parsed.keyId());
      SignatureVerifier.verify(parsed, keys.getPublic());
      assertThrows(SignatureException.class,
          () -> SignatureVerifier.verify(parsed, KeyPairs.generateRsa().getPublic()));
    }
  }

  @Test
  void hs2019WithAnEd25519KeyAndCreatedInsteadOfDate() throws Exception {
    KeyPair keys = KeyPairs.generateEd25519();
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    long created = now.getEpochSecond() - 30;
    String signingString = "(request-target): get /users/bob\nhost: plutro.example\n"
        + "(created): " + created;
    MultiMap headers = Requests.headers(
        "Host", "plutro.example",
        "Signature", "keyId=\"https://ed.example/key\",algorithm=\"hs2019\",created=" + created
            + ",headers=\"(request-target) host (created)\",signature=\""
            + jdkSign(keys, signingString, "Ed25519") + "\"");
    ParsedSignature parsed = SignatureVerifier.parse(
        Requests.request("GET", "/users/bob", null, headers), now);
    SignatureVerifier.verify(parsed, keys.getPublic());
    assertEquals("algorithm 'rsa-sha256' does not fit the key type 'Ed25519'",
        assertThrows(SignatureException.class, () -> SignatureVerifier.verify(
            SignatureVerifier.parse(Requests.request("GET", "/users/bob", null, Requests.headers(
                "Host", "plutro.example",
                "Signature", headers.get("Signature").replace("hs2019", "rsa-sha256"))), now),
            keys.getPublic())).getMessage());
  }

  static String jdkSign(KeyPair keys, String text, String algorithm) throws Exception {
    Signature signature = algorithm.equals("Ed25519")
        ? Signature.getInstance("Ed25519", KeyPairs.BC) : Signature.getInstance(algorithm);
    signature.initSign(keys.getPrivate());
    signature.update(text.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signature.sign());
  }
}
