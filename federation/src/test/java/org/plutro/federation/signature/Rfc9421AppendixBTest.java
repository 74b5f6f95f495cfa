package org.plutro.federation.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.plutro.federation.signature.Requests.unwrap;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.plutro.federation.keys.KeyPairs;

/**
 * Known-answer tests from RFC 9421 appendix B. Keys, messages, signature bases and signatures are
 * copied verbatim from the RFC (line wrapping per RFC 8792 undone by {@link Requests#unwrap}).
 */
class Rfc9421AppendixBTest {
  // B.1.1 test-key-rsa
  static final String TEST_KEY_RSA_PUBLIC = """
      -----BEGIN RSA PUBLIC KEY-----
      MIIBCgKCAQEAhAKYdtoeoy8zcAcR874L8cnZxKzAGwd7v36APp7Pv6Q2jdsPBRrw
      WEBnez6d0UDKDwGbc6nxfEXAy5mbhgajzrw3MOEt8uA5txSKobBpKDeBLOsdJKFq
      MGmXCQvEG7YemcxDTRPxAleIAgYYRjTSd/QBwVW9OwNFhekro3RtlinV0a75jfZg
      kne/YiktSvLG34lw2zqXBDTC5NHROUqGTlML4PlNZS5Ri2U4aCNx2rUPRcKIlE0P
      uKxI4T+HIaFpv8+rdV6eUgOrB2xeI1dSFFn/nnv5OoZJEIB+VmuKn3DCUcCZSFlQ
      PSXSfBDiUGhwOw76WuSSsf1D4b/vLoJ10wIDAQAB
      -----END RSA PUBLIC KEY-----
      """;
  static final String TEST_KEY_RSA_PRIVATE = """
      -----BEGIN RSA PRIVATE KEY-----
      MIIEqAIBAAKCAQEAhAKYdtoeoy8zcAcR874L8cnZxKzAGwd7v36APp7Pv6Q2jdsP
      BRrwWEBnez6d0UDKDwGbc6nxfEXAy5mbhgajzrw3MOEt8uA5txSKobBpKDeBLOsd
      JKFqMGmXCQvEG7YemcxDTRPxAleIAgYYRjTSd/QBwVW9OwNFhekro3RtlinV0a75
      jfZgkne/YiktSvLG34lw2zqXBDTC5NHROUqGTlML4PlNZS5Ri2U4aCNx2rUPRcKI
      lE0PuKxI4T+HIaFpv8+rdV6eUgOrB2xeI1dSFFn/nnv5OoZJEIB+VmuKn3DCUcCZ
      SFlQPSXSfBDiUGhwOw76WuSSsf1D4b/vLoJ10wIDAQABAoIBAG/JZuSWdoVHbi56
      vjgCgkjg3lkO1KrO3nrdm6nrgA9P9qaPjxuKoWaKO1cBQlE1pSWp/cKncYgD5WxE
      CpAnRUXG2pG4zdkzCYzAh1i+c34L6oZoHsirK6oNcEnHveydfzJL5934egm6p8DW
      +m1RQ70yUt4uRc0YSor+q1LGJvGQHReF0WmJBZHrhz5e63Pq7lE0gIwuBqL8SMaA
      yRXtK+JGxZpImTq+NHvEWWCu09SCq0r838ceQI55SvzmTkwqtC+8AT2zFviMZkKR
      Qo6SPsrqItxZWRty2izawTF0Bf5S2VAx7O+6t3wBsQ1sLptoSgX3QblELY5asI0J
      YFz7LJECgYkAsqeUJmqXE3LP8tYoIjMIAKiTm9o6psPlc8CrLI9CH0UbuaA2JCOM
      cCNq8SyYbTqgnWlB9ZfcAm/cFpA8tYci9m5vYK8HNxQr+8FS3Qo8N9RJ8d0U5Csw
      DzMYfRghAfUGwmlWj5hp1pQzAuhwbOXFtxKHVsMPhz1IBtF9Y8jvgqgYHLbmyiu1
      mwJ5AL0pYF0G7x81prlARURwHo0Yf52kEw1dxpx+JXER7hQRWQki5/NsUEtv+8RT
      qn2m6qte5DXLyn83b1qRscSdnCCwKtKWUug5q2ZbwVOCJCtmRwmnP131lWRYfj67
      B/xJ1ZA6X3GEf4sNReNAtaucPEelgR2nsN0gKQKBiGoqHWbK1qYvBxX2X3kbPDkv
      9C+celgZd2PW7aGYLCHq7nPbmfDV0yHcWjOhXZ8jRMjmANVR/eLQ2EfsRLdW69bn
      f3ZD7JS1fwGnO3exGmHO3HZG+6AvberKYVYNHahNFEw5TsAcQWDLRpkGybBcxqZo
      81YCqlqidwfeO5YtlO7etx1xLyqa2NsCeG9A86UjG+aeNnXEIDk1PDK+EuiThIUa
      /2IxKzJKWl1BKr2d4xAfR0ZnEYuRrbeDQYgTImOlfW6/GuYIxKYgEKCFHFqJATAG
      IxHrq1PDOiSwXd2GmVVYyEmhZnbcp8CxaEMQoevxAta0ssMK3w6UsDtvUvYvF22m
      qQKBiD5GwESzsFPy3Ga0MvZpn3D6EJQLgsnrtUPZx+z2Ep2x0xc5orneB5fGyF1P
      WtP+fG5Q6Dpdz3LRfm+KwBCWFKQjg7uTxcjerhBWEYPmEMKYwTJF5PBG9/ddvHLQ
      EQeNC8fHGg4UXU8mhHnSBt3EA10qQJfRDs15M38eG2cYwB1PZpDHScDnDA0=
      -----END RSA PRIVATE KEY-----
      """;
  // B.1.2 test-key-rsa-pss
  static final String TEST_KEY_RSA_PSS_PUBLIC = """
      -----BEGIN PUBLIC KEY-----
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr4tmm3r20Wd/PbqvP1s2
      +QEtvpuRaV8Yq40gjUR8y2Rjxa6dpG2GXHbPfvMs8ct+Lh1GH45x28Rw3Ry53mm+
      oAXjyQ86OnDkZ5N8lYbggD4O3w6M6pAvLkhk95AndTrifbIFPNU8PPMO7OyrFAHq
      gDsznjPFmTOtCEcN2Z1FpWgchwuYLPL+Wokqltd11nqqzi+bJ9cvSKADYdUAAN5W
      Utzdpiy6LbTgSxP7ociU4Tn0g5I6aDZJ7A8Lzo0KSyZYoA485mqcO0GVAdVw9lq4
      aOT9v6d+nb4bnNkQVklLQ3fVAvJm+xdDOp9LCNCN48V2pnDOkFV6+U9nV5oyc6XI
      2wIDAQAB
      -----END PUBLIC KEY-----
      """;
  // B.1.3 test-key-ecc-p256
  static final String TEST_KEY_ECC_P256_PUBLIC = """
      -----BEGIN PUBLIC KEY-----
      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf
      w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
      -----END PUBLIC KEY-----
      """;
  // B.1.4 test-key-ed25519
  static final String TEST_KEY_ED25519_PUBLIC = """
      -----BEGIN PUBLIC KEY-----
      MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
      -----END PUBLIC KEY-----
      """;
  static final String TEST_KEY_ED25519_PRIVATE = """
      -----BEGIN PRIVATE KEY-----
      MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
      -----END PRIVATE KEY-----
      """;

  // B.2 test-request; the Date header is 1618884475, created is 1618884473
  private static final Instant NOW = Instant.ofEpochSecond(1618884475L);
  private static final String CONTENT_DIGEST = unwrap("""
      sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+T\\
        aPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:""");

  private static SignedRequest testRequest(String signatureInput, String signature) {
    MultiMap headers = Requests.headers(
        "Host", "example.com",
        "Date", "Tue, 20 Apr 2021 02:07:55 GMT",
        "Content-Type", "application/json",
        "Content-Digest", CONTENT_DIGEST,
        "Content-Length", "18");
    if (signatureInput != null) {
      headers.add("Signature-Input", signatureInput);
      headers.add("Signature", signature);
    }
    return Requests.request("POST", "/foo?param=Value&Pet=dog", "{\"hello\": \"world\"}", headers);
  }

  private static String header(String line) {
    return line.substring(line.indexOf(": ") + 2);
  }

  @Test
  void b21MinimalSignatureUsingRsaPssSha512() throws Exception {
    String base = unwrap("""
        "@signature-params": ();created=1618884473;keyid="test-key-rsa-pss"\\
          ;nonce="b3k2pp5k7z-50gnwp.yemd\"""");
    SignedRequest request = testRequest(header(unwrap("""
        Signature-Input: sig-b21=();created=1618884473\\
          ;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd\"""")), header(unwrap("""
        Signature: sig-b21=:d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopem\\
          LJcWDy/lkbbHAve4cRAtx31Iq786U7it++wgGxbtRxf8Udx7zFZsckzXaJMkA7ChG\\
          52eSkFxykJeNqsrWH5S+oxNFlD4dzVuwe8DhTSja8xxbR/Z2cOGdCbzR72rgFWhzx\\
          2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+O6c0mKZsfxVrogUvA4HELjVKWmAvtl6\\
          UnCh8jYzuVG5WSb/QEVPnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/SITLq9mhho8K3\\
          +7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q==:""")));

    ParsedSignature parsed = Rfc9421Signatures.parseWithoutPolicy(request, "sig-b21");
    assertEquals(base, parsed.signatureBases().get(0));
    assertEquals("test-key-rsa-pss", parsed.keyId());
    SignatureVerifier.verify(parsed, KeyPairs.publicKeyFromPem(TEST_KEY_RSA_PSS_PUBLIC));
    // It covers nothing of the request, so the policy turns it away.
    assertEquals("signature does not cover @method", assertThrows(SignatureException.class,
        () -> SignatureVerifier.parse(request, NOW)).getMessage());
  }

  @Test
  void b22SelectiveCoveredComponentsUsingRsaPssSha512() throws Exception {
    String base = unwrap("""
        "@authority": example.com
        "content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX\\
          +TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:
        "@query-param";name="Pet": dog
        "@signature-params": ("@authority" "content-digest" \\
          "@query-param";name="Pet")\\
          ;created=1618884473;keyid="test-key-rsa-pss"\\
          ;tag="header-example\"""");
    SignedRequest request = testRequest(header(unwrap("""
        Signature-Input: sig-b22=("@authority" "content-digest" \\
          "@query-param";name="Pet");created=1618884473\\
          ;keyid="test-key-rsa-pss";tag="header-example\"""")), header(unwrap("""
        Signature: sig-b22=:LjbtqUbfmvjj5C5kr1Ugj4PmLYvx9wVjZvD9GsTT4F7GrcQ\\
          EdJzgI9qHxICagShLRiLMlAJjtq6N4CDfKtjvuJyE5qH7KT8UCMkSowOB4+ECxCmT\\
          8rtAmj/0PIXxi0A0nxKyB09RNrCQibbUjsLS/2YyFYXEu4TRJQzRw1rLEuEfY17SA\\
          RYhpTlaqwZVtR8NV7+4UKkjqpcAoFqWFQh62s7Cl+H2fjBSpqfZUJcsIk4N6wiKYd\\
          4je2U/lankenQ99PZfB4jY3I5rSV2DSBVkSFsURIjYErOs0tFTQosMTAoxk//0RoK\\
          UqiYY8Bh0aaUEb0rQl3/XaVe4bXTugEjHSw==:""")));

    ParsedSignature parsed = Rfc9421Signatures.parseWithoutPolicy(request, "sig-b22");
    assertEquals(base, parsed.signatureBases().get(0));
    SignatureVerifier.verify(parsed, KeyPairs.publicKeyFromPem(TEST_KEY_RSA_PSS_PUBLIC));
  }

  @Test
  void b23FullCoverageUsingRsaPssSha512PassesThePolicy() throws Exception {
    String base = unwrap("""
        "date": Tue, 20 Apr 2021 02:07:55 GMT
        "@method": POST
        "@path": /foo
        "@query": ?param=Value&Pet=dog
        "@authority": example.com
        "content-type": application/json
        "content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX\\
          +TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:
        "content-length": 18
        "@signature-params": ("date" "@method" "@path" "@query" \\
          "@authority" "content-type" "content-digest" "content-length")\\
          ;created=1618884473;keyid="test-key-rsa-pss\"""");
    SignedRequest request = testRequest(header(unwrap("""
        Signature-Input: sig-b23=("date" "@method" "@path" "@query" \\
          "@authority" "content-type" "content-digest" "content-length")\\
          ;created=1618884473;keyid="test-key-rsa-pss\"""")), header(unwrap("""
        Signature: sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yB\\
          iMIRGOnMYwZ/5MR6fb0Kh1rIRASVxFkeGt683+qRpRRU5p2voTp768ZrCUb38K0fU\\
          xN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7KsLNmvKiLJH1\\
          pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9\\
          bpG6A9BmzhuzF8Eim5f8ui9eH8LZH896+QIF61ka39VBrohr9iyMUJpvRX2Zbhl5Z\\
          JzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA==:""")));

    ParsedSignature parsed = SignatureVerifier.parse(request, NOW);
    assertEquals(SignatureStandard.RFC9421, parsed.standard());
    assertEquals("sig-b23", parsed.label());
    assertEquals(base, parsed.signatureBases().get(0));
    SignatureVerifier.verify(parsed, KeyPairs.publicKeyFromPem(TEST_KEY_RSA_PSS_PUBLIC));
    assertEquals("signature does not verify", assertThrows(SignatureException.class,
        () -> SignatureVerifier.verify(parsed, KeyPairs.publicKeyFromPem(TEST_KEY_RSA_PUBLIC)))
        .getMessage());
  }

  @Test
  void b24EcdsaP256Sha256SignatureVerifiesOverTheRfcBase() throws Exception {
    // B.2.4 signs a response (@status), which our request model does not carry; the algorithm
    // is checked directly against the RFC's base and signature.
    String base = unwrap("""
        "@status": 200
        "content-type": application/json
        "content-digest": sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ4\\
          1QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:
        "content-length": 23
        "@signature-params": ("@status" "content-type" "content-digest" \\
          "content-length");created=1618884473;keyid="test-key-ecc-p256\"""");
    byte[] signature = Base64.getDecoder().decode(unwrap("""
        wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NK\\
          ocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw=="""));
    PublicKey key = KeyFactory.getInstance("EC").generatePublic(
        new java.security.spec.X509EncodedKeySpec(pemBody(TEST_KEY_ECC_P256_PUBLIC)));
    byte[] data = base.getBytes(StandardCharsets.UTF_8);
    assertEquals(true, SignatureAlgorithm.ECDSA_P256_SHA256.verify(key, data, signature));
    data[0] ^= 1;
    assertEquals(false, SignatureAlgorithm.ECDSA_P256_SHA256.verify(key, data, signature));
  }

  @Test
  void b26Ed25519IsVerifiedAndReproducedExactly() throws Exception {
    String base = unwrap("""
        "date": Tue, 20 Apr 2021 02:07:55 GMT
        "@method": POST
        "@path": /foo
        "@authority": example.com
        "content-type": application/json
        "content-length": 18
        "@signature-params": ("date" "@method" "@path" "@authority" \\
          "content-type" "content-length");created=1618884473\\
          ;keyid="test-key-ed25519\"""");
    String signature = unwrap("""
        wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1\\
          u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==""");
    SignedRequest request = testRequest(header(unwrap("""
        Signature-Input: sig-b26=("date" "@method" "@path" "@authority" \\
          "content-type" "content-length");created=1618884473\\
          ;keyid="test-key-ed25519\"""")), "sig-b26=:" + signature + ":");

    ParsedSignature parsed = Rfc9421Signatures.parseWithoutPolicy(request, "sig-b26");
    assertEquals(base, parsed.signatureBases().get(0));
    SignatureVerifier.verify(parsed, KeyPairs.publicKeyFromPem(TEST_KEY_ED25519_PUBLIC));

    PrivateKey privateKey = KeyPairs.privateKeyFromPem(TEST_KEY_ED25519_PRIVATE);
    byte[] ours =
        SignatureAlgorithm.ED25519.sign(privateKey, base.getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(Base64.getDecoder().decode(signature), ours);

    // The body's Content-Digest is not covered, so our policy refuses the request itself.
    assertEquals("signature does not cover the body digest", assertThrows(
        SignatureException.class, () -> SignatureVerifier.parse(request, NOW)).getMessage());
    // An RSA algorithm named against the Ed25519 key is refused.
    SignedRequest rsaNamed = testRequest(header(unwrap("""
        Signature-Input: sig-b26=("date" "@method" "@path" "@authority" \\
          "content-type" "content-length");created=1618884473\\
          ;keyid="test-key-ed25519";alg="rsa-v1_5-sha256\"""")), "sig-b26=:" + signature + ":");
    SignatureException mismatch = assertThrows(SignatureException.class,
        () -> SignatureVerifier.verify(Rfc9421Signatures.parseWithoutPolicy(rsaNamed, "sig-b26"),
            KeyPairs.publicKeyFromPem(TEST_KEY_ED25519_PUBLIC)));
    assertEquals("algorithm 'rsa-v1_5-sha256' does not fit the key type 'Ed25519'",
        mismatch.getMessage());
  }

  @Test
  void testKeyRsaSignsRsaV15Sha256ThatPassesPolicyAsSecondLabel() throws Exception {
    String input = "(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\" \"date\")"
        + ";created=1618884473;keyid=\"test-key-rsa\";alg=\"rsa-v1_5-sha256\"";
    SignedRequest unsigned = testRequest("sig1=" + input, "sig1=:AAAA:");
    String base = Rfc9421Signatures.parseWithoutPolicy(unsigned, "sig1").signatureBases().get(0);
    assertEquals("""
        "@method": POST
        "@target-uri": https://example.com/foo?param=Value&Pet=dog
        "@authority": example.com
        "content-digest": %s
        "date": Tue, 20 Apr 2021 02:07:55 GMT
        "@signature-params": %s""".formatted(CONTENT_DIGEST, input), base);
    byte[] signature = SignatureAlgorithm.RSA_V1_5_SHA256.sign(rsaPrivate(TEST_KEY_RSA_PRIVATE),
        base.getBytes(StandardCharsets.UTF_8));

    // The first label (B.2.1's, covering nothing) fails the policy; the second is used.
    SignedRequest request = testRequest(
        "sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\", sig1=" + input,
        "sig-b21=:AAAA:, sig1=:" + Base64.getEncoder().encodeToString(signature) + ":");
    ParsedSignature parsed = SignatureVerifier.parse(request, NOW);
    assertEquals("sig1", parsed.label());
    assertEquals("test-key-rsa", parsed.keyId());
    SignatureVerifier.verify(parsed, KeyPairs.publicKeyFromPem(TEST_KEY_RSA_PUBLIC));
    assertThrows(SignatureException.class,
        () -> SignatureVerifier.verify(parsed, KeyPairs.publicKeyFromPem(TEST_KEY_RSA_PSS_PUBLIC)));
  }

  private static PrivateKey rsaPrivate(String pem) throws Exception {
    var rsa = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(pemBody(pem));
    return KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
        rsa.getModulus(), rsa.getPublicExponent(), rsa.getPrivateExponent(), rsa.getPrime1(),
        rsa.getPrime2(), rsa.getExponent1(), rsa.getExponent2(), rsa.getCoefficient()));
  }

  static byte[] pemBody(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
  }
}
