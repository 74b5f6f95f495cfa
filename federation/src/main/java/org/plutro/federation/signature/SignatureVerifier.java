package org.plutro.federation.signature;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.plutro.federation.keys.KeyPairs;

/**
 * Checks HTTP signatures on incoming requests in two steps, so that the key can be fetched
 * asynchronously in between:
 *
 * <pre>{@code
 * ParsedSignature parsed = SignatureVerifier.parse(request, Instant.now()); // policy, no I/O
 * PublicKey key = ...look up parsed.keyId()...;
 * SignatureVerifier.verify(parsed, key);                                     // cryptography
 * }</pre>
 *
 * RFC 9421 is used when a {@code Signature-Input} header is present, draft-cavage otherwise.
 */
public final class SignatureVerifier {
  private SignatureVerifier() {}

  /**
   * Finds the signature and applies the policy: timestamps within an hour, the request target,
   * host and date (or created) covered, and for a request with a body a covered digest that
   * matches it.
   *
   * @throws SignatureException when the request is unsigned or the signature is malformed,
   *     unsupported or outside the policy
   */
  public static ParsedSignature parse(SignedRequest request, Instant now)
      throws SignatureException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(now, "now");
    if (request.headers().contains("signature-input")) {
      return Rfc9421Signatures.parse(request, now);
    }
    String cavage = CavageSignatures.findHeader(request);
    if (cavage == null) {
      throw new SignatureException("request is not signed");
    }
    return CavageSignatures.parse(request, cavage, now);
  }

  /**
   * Checks the signature with the sender's key.
   *
   * @throws SignatureException when the signature is invalid or the named algorithm does not fit
   *     the key type
   */
  public static void verify(ParsedSignature parsed, PublicKey key) throws SignatureException {
    Objects.requireNonNull(parsed, "parsed");
    Objects.requireNonNull(key, "key");
    List<SignatureAlgorithm> algorithms = parsed.standard() == SignatureStandard.CAVAGE
        ? cavageAlgorithms(parsed.algorithm(), key)
        : rfc9421Algorithms(parsed.algorithm(), key);
    for (SignatureAlgorithm algorithm : algorithms) {
      for (String base : parsed.signatureBases()) {
        if (algorithm.verify(key, base.getBytes(StandardCharsets.UTF_8), parsed.signature())) {
          return;
        }
      }
    }
    throw new SignatureException("signature does not verify");
  }

  private static List<SignatureAlgorithm> cavageAlgorithms(String algorithm, PublicKey key)
      throws SignatureException {
    if (algorithm == null || algorithm.equals("hs2019")) {
      // hs2019 leaves the algorithm to the key; in the fediverse an RSA key means PKCS#1 v1.5.
      if (key instanceof RSAKey) {
        return List.of(SignatureAlgorithm.RSA_V1_5_SHA256);
      }
      if (KeyPairs.isEd25519(key)) {
        return List.of(SignatureAlgorithm.ED25519);
      }
      throw new SignatureException("unsupported key type for hs2019");
    }
    SignatureAlgorithm named = algorithm.equals("rsa-sha256")
        ? SignatureAlgorithm.RSA_V1_5_SHA256 : SignatureAlgorithm.ED25519;
    return List.of(fitting(named, algorithm, key));
  }

  private static List<SignatureAlgorithm> rfc9421Algorithms(String algorithm, PublicKey key)
      throws SignatureException {
    if (algorithm != null) {
      return List.of(fitting(SignatureAlgorithm.fromRfc9421(algorithm), algorithm, key));
    }
    if (key instanceof RSAKey) {
      // Without alg an RSA key allows either RSA scheme; both are sound for the key's owner.
      return List.of(SignatureAlgorithm.RSA_V1_5_SHA256, SignatureAlgorithm.RSA_PSS_SHA512);
    }
    for (SignatureAlgorithm candidate : List.of(SignatureAlgorithm.ED25519,
        SignatureAlgorithm.ECDSA_P256_SHA256)) {
      if (candidate.fits(key)) {
        return List.of(candidate);
      }
    }
    throw new SignatureException("unsupported key type " + SafeText.quote(key.getAlgorithm()));
  }

  private static SignatureAlgorithm fitting(SignatureAlgorithm algorithm, String name,
      PublicKey key) throws SignatureException {
    if (algorithm == null) {
      throw new SignatureException("unsupported signature algorithm " + SafeText.quote(name));
    }
    if (!algorithm.fits(key)) {
      throw new SignatureException("algorithm " + SafeText.quote(name)
          + " does not fit the key type " + SafeText.quote(key.getAlgorithm()));
    }
    return algorithm;
  }
}
