package org.plutro.federation.signature;

/** Which HTTP signature scheme a request used. */
public enum SignatureStandard {
  /** RFC 9421 HTTP Message Signatures ({@code Signature-Input} + {@code Signature}). */
  RFC9421,
  /** draft-cavage-http-signatures-12, what Mastodon, GoToSocial and Fedify 1.x send. */
  CAVAGE
}
