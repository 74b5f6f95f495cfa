/**
 * HTTP signatures for federation: RFC 9421 and draft-cavage-http-signatures-12, with RFC 3230
 * {@code Digest} and RFC 9530 {@code Content-Digest}. Pure computation: no I/O, no key lookup.
 *
 * <p>Incoming: {@link org.plutro.federation.signature.SignatureVerifier#parse} applies the
 * policy (timestamps within an hour; request target, host, date or created, and the body digest
 * covered; digest matching the body) before any key lookup, then
 * {@link org.plutro.federation.signature.SignatureVerifier#verify} checks the signature with the
 * key fetched for {@link org.plutro.federation.signature.ParsedSignature#keyId()}.
 *
 * <p>Outgoing: {@link org.plutro.federation.signature.HttpSignatureSigner}.
 */
package org.plutro.federation.signature;
