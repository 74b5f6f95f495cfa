package org.plutro.federation.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.plutro.federation.signature.HttpSignatureSignerTest.BODY;
import static org.plutro.federation.signature.HttpSignatureSignerTest.NOW;
import static org.plutro.federation.signature.HttpSignatureSignerTest.ED25519;
import static org.plutro.federation.signature.HttpSignatureSignerTest.RSA;
import static org.plutro.federation.signature.HttpSignatureSignerTest.post;
import static org.plutro.federation.signature.HttpSignatureSignerTest.received;

import io.vertx.core.MultiMap;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.plutro.federation.http.RequestSigner.Style;
import org.plutro.federation.keys.KeyPairs;

/** Every way a request is turned away, and the message it is turned away with. */
class VerificationPolicyTest {
  private static final URI INBOX = URI.create("https://plutro.example/users/bob/inbox");

  private static void rejects(String message, Executable executable) {
    assertEquals(message, assertThrows(SignatureException.class, executable).getMessage());
  }

  private static void rejectsParse(String message, MultiMap headers, String body) {
    rejects(message, () -> SignatureVerifier.parse(received("POST", INBOX, headers, body), NOW));
  }

  private static MultiMap cavage(String signature) {
    return Requests.headers("Host", "plutro.example", "Date", "Tue, 24 Nov 2026 12:00:00 GMT",
        "Digest", Digests.digestHeader(BODY.getBytes()), "Signature", signature);
  }

  @Test
  void unsigned() {
    rejectsParse("request is not signed", Requests.headers("Host", "plutro.example"), BODY);
    rejectsParse("request is not signed",
        Requests.headers("Host", "plutro.example", "Authorization", "Bearer abc"), BODY);
  }

  @Test
  void tamperedBodyAndWrongDigest() {
    for (Style style : Style.values()) {
      MultiMap headers = post(style, RSA, INBOX);
      String message = style == Style.CAVAGE ? "Digest does not match the body"
          : "Content-Digest does not match the body";
      rejectsParse(message, headers, BODY.replace("Create", "Delete"));
    }
    MultiMap headers = post(Style.CAVAGE, RSA, INBOX);
    headers.set("Digest", Digests.digestHeader("{}".getBytes()));
    rejectsParse("Digest does not match the body", headers, BODY);
  }

  @Test
  void digestMissingOrNotCovered() {
    MultiMap stripped = post(Style.CAVAGE, RSA, INBOX);
    stripped.remove("Digest");
    rejectsParse("Digest header missing", stripped, BODY);

    MultiMap none = cavage("keyId=\"k\",headers=\"(request-target) host date\",signature=\"AAAA\"");
    none.remove("Digest");
    rejectsParse("request has a body but no Digest or Content-Digest header", none, BODY);
    rejectsParse("signature does not cover the body digest",
        cavage("keyId=\"k\",headers=\"(request-target) host date\",signature=\"AAAA\""), BODY);

    MultiMap rfc9421 = post(Style.RFC9421, RSA, INBOX);
    rfc9421.remove("Content-Digest");
    rejectsParse("Content-Digest header missing", rfc9421, BODY);
    // A POST with an empty body still needs its (empty) digest covered.
    rejectsParse("request has a body but no Digest or Content-Digest header", Requests.headers(
        "Host", "plutro.example", "Date", "Tue, 24 Nov 2026 12:00:00 GMT",
        "Signature", "keyId=\"k\",headers=\"(request-target) host date\",signature=\"AAAA\""),
        null);
  }

  @Test
  void staleAndFutureDates() {
    for (Style style : Style.values()) {
      MultiMap headers = post(style, RSA, INBOX);
      SignedRequest request = received("POST", INBOX, headers, BODY);
      String what = style == Style.CAVAGE ? "Date" : "signature created time";
      rejects(what + " is more than an hour in the past",
          () -> SignatureVerifier.parse(request, NOW.plus(Duration.ofHours(2))));
      rejects(what + " is more than an hour in the future",
          () -> SignatureVerifier.parse(request, NOW.minus(Duration.ofHours(2))));
    }
    rejectsParse("unreadable Date header", Requests.headers("Host", "plutro.example",
        "Date", "yesterday", "Signature",
        "keyId=\"k\",headers=\"(request-target) host date digest\",signature=\"AAAA\"",
        "Digest", Digests.digestHeader(BODY.getBytes())), BODY);
    MultiMap noDate = cavage(
        "keyId=\"k\",headers=\"(request-target) host digest\",signature=\"AAAA\"");
    rejectsParse("signature does not cover date", noDate, BODY);
    noDate.remove("Date");
    rejectsParse("signature does not cover date", noDate, BODY);
  }

  @Test
  void expired() {
    long past = NOW.getEpochSecond() - 60;
    rejectsParse("signature has expired", cavage("keyId=\"k\",expires=" + past
        + ",headers=\"(request-target) host date digest\",signature=\"AAAA\""), BODY);
    MultiMap headers = post(Style.RFC9421, RSA, INBOX);
    headers.set("Signature-Input", headers.get("Signature-Input") + ";expires=" + past);
    rejectsParse("signature has expired", headers, BODY);
  }

  @Test
  void signatureByAnotherKeyOrForAnotherAlgorithm() throws Exception {
    for (Style style : Style.values()) {
      ParsedSignature parsed = SignatureVerifier.parse(
          received("POST", INBOX, post(style, RSA, INBOX), BODY), NOW);
      rejects("signature does not verify",
          () -> SignatureVerifier.verify(parsed, KeyPairs.generateRsa().getPublic()));
    }
    ParsedSignature cavage = SignatureVerifier.parse(
        received("POST", INBOX, post(Style.CAVAGE, RSA, INBOX), BODY), NOW);
    rejects("algorithm 'rsa-sha256' does not fit the key type 'Ed25519'",
        () -> SignatureVerifier.verify(cavage, ED25519.getPublic()));
    ParsedSignature rfc9421 = SignatureVerifier.parse(
        received("POST", INBOX, post(Style.RFC9421, RSA, INBOX), BODY), NOW);
    rejects("algorithm 'rsa-v1_5-sha256' does not fit the key type 'Ed25519'",
        () -> SignatureVerifier.verify(rfc9421, ED25519.getPublic()));
  }

  @Test
  void unsupportedAlgorithms() {
    rejectsParse("unsupported signature algorithm 'hmac-sha256'", cavage("keyId=\"k\","
        + "algorithm=\"hmac-sha256\",headers=\"(request-target) host date digest\","
        + "signature=\"AAAA\""), BODY);
    MultiMap headers = post(Style.RFC9421, RSA, INBOX);
    headers.set("Signature-Input", headers.get("Signature-Input").replace("rsa-v1_5-sha256",
        "hmac-sha256"));
    rejectsParse("unsupported signature algorithm 'hmac-sha256'", headers, BODY);
  }

  @Test
  void malformedHeaders() {
    rejectsParse("malformed Signature header at offset 0", cavage("!!!garbage"), BODY);
    rejectsParse("malformed Signature header: unterminated string",
        cavage("keyId=\"k\",signature=\"AAAA"), BODY);
    rejectsParse("malformed Signature header: signature is not base64", cavage("keyId=\"k\","
        + "headers=\"(request-target) host date digest\",signature=\"not base64!\""), BODY);
    rejectsParse("Signature header has no keyId", cavage("signature=\"AAAA\""), BODY);
    rejectsParse("malformed Signature header: parameter 'keyid' given twice",
        cavage("keyId=\"a\",keyId=\"b\",signature=\"AAAA\""), BODY);
    rejectsParse("Signature header too large",
        cavage("keyId=\"" + "k".repeat(100_000) + "\",signature=\"AAAA\""), BODY);

    MultiMap rfc9421 = post(Style.RFC9421, RSA, INBOX);
    rfc9421.set("Signature-Input", "sig1=(\"@method\" \"@target-uri");
    rejectsParse("malformed Signature-Input header: unterminated string", rfc9421, BODY);
    rfc9421.set("Signature-Input", "sig1=(\"@method\"");
    rejectsParse("malformed Signature-Input header at offset 15", rfc9421, BODY);
    rfc9421.set("Signature-Input", "sig1=(" + "\"@method\" ".repeat(5000) + ")");
    rejectsParse("Signature-Input header too large", rfc9421, BODY);
    MultiMap noValue = post(Style.RFC9421, RSA, INBOX);
    noValue.set("Signature", "other=:AAAA:");
    rejectsParse("no Signature value for 'sig1'", noValue, BODY);
    MultiMap unterminatedBytes = post(Style.RFC9421, RSA, INBOX);
    unterminatedBytes.set("Signature", "sig1=:AAAA");
    rejectsParse("malformed Signature header: unterminated byte sequence", unterminatedBytes,
        BODY);
  }

  @Test
  void missingCoverage() {
    rejectsParse("signature does not cover (request-target)",
        cavage("keyId=\"k\",headers=\"host date digest\",signature=\"AAAA\""), BODY);
    rejectsParse("signature does not cover host",
        cavage("keyId=\"k\",headers=\"(request-target) date digest\",signature=\"AAAA\""), BODY);

    String rest = ";created=" + NOW.getEpochSecond() + ";keyid=\"k\"";
    MultiMap headers = post(Style.RFC9421, RSA, INBOX);
    headers.set("Signature-Input", "sig1=(\"@target-uri\" \"@authority\" \"content-digest\")"
        + rest);
    rejectsParse("signature does not cover @method", headers, BODY);
    headers.set("Signature-Input", "sig1=(\"@method\" \"@authority\" \"content-digest\")" + rest);
    rejectsParse("signature does not cover @target-uri (or @path and @authority)", headers, BODY);
    headers.set("Signature-Input", "sig1=(\"@method\" \"@target-uri\" \"content-digest\")" + rest);
    rejectsParse("signature does not cover @authority or host", headers, BODY);
    headers.set("Signature-Input",
        "sig1=(\"@method\" \"@target-uri\" \"host\" \"content-digest\");keyid=\"k\"");
    rejectsParse("signature does not cover date and has no created time", headers, BODY);
  }

  @Test
  void firstFailingLabelExplainsWhenNoLabelPasses() {
    MultiMap headers = post(Style.RFC9421, RSA, INBOX);
    headers.set("Signature-Input", "a=(\"@method\");keyid=\"k\", b=(\"@path\");keyid=\"k\"");
    headers.set("Signature", "a=:AAAA:, b=:AAAA:");
    rejectsParse("signature does not cover @target-uri (or @path and @authority)", headers, BODY);
  }

  @Test
  void queryStringToleranceOnlyAppliesToCavage() throws Exception {
    URI withQuery = URI.create("https://plutro.example/users/bob/outbox?page=1");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    HttpSignatureSignerTest.signer(RSA).sign(Style.RFC9421, "GET",
        URI.create("https://plutro.example/users/bob/outbox"), headers, null);
    ParsedSignature parsed = SignatureVerifier.parse(received("GET", withQuery, headers, null),
        NOW);
    rejects("signature does not verify", () -> SignatureVerifier.verify(parsed, RSA.getPublic()));
  }

  @Test
  void clockIsInjected() {
    assertThrows(NullPointerException.class, () -> SignatureVerifier.parse(
        received("GET", INBOX, MultiMap.caseInsensitiveMultiMap(), null), (Instant) null));
  }
}
