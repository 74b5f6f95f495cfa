package org.plutro.federation.signature;

import java.util.List;

/**
 * A signature found on a request that passed the policy checks, ready to be checked against the
 * key named by {@link #keyId()} once the caller has fetched it.
 */
public final class ParsedSignature {
  private final SignatureStandard standard;
  private final String keyId;
  private final String algorithm;
  private final String label;
  private final List<String> coveredComponents;
  private final List<String> signatureBases;
  private final byte[] signature;

  ParsedSignature(SignatureStandard standard, String keyId, String algorithm, String label,
      List<String> coveredComponents, List<String> signatureBases, byte[] signature) {
    this.standard = standard;
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.label = label;
    this.coveredComponents = List.copyOf(coveredComponents);
    this.signatureBases = List.copyOf(signatureBases);
    this.signature = signature.clone();
  }

  /** The key id exactly as sent: an opaque string (with or without a {@code #fragment}). */
  public String keyId() {
    return keyId;
  }

  public SignatureStandard standard() {
    return standard;
  }

  /**
   * The algorithm the sender named ({@code rsa-sha256}, {@code hs2019}, {@code rsa-v1_5-sha256},
   * ...), lower-cased, or null when it named none and the key type decides.
   */
  public String algorithm() {
    return algorithm;
  }

  /** The RFC 9421 label (e.g. {@code sig1}); null for draft-cavage. */
  public String label() {
    return label;
  }

  /** Covered components as the sender named them: {@code (request-target)}, {@code @method}. */
  public List<String> coveredComponents() {
    return coveredComponents;
  }

  /**
   * The strings that were signed, in the order to try them. Two for a draft-cavage request with a
   * query (with and without it, as senders differ), one otherwise.
   */
  List<String> signatureBases() {
    return signatureBases;
  }

  byte[] signature() {
    return signature;
  }

  @Override
  public String toString() {
    return "ParsedSignature[" + standard + ", keyId=" + keyId + ", algorithm=" + algorithm + "]";
  }
}
