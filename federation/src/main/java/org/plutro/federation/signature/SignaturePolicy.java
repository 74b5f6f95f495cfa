package org.plutro.federation.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/** The checks both standards share: timestamps and the body digest. */
final class SignaturePolicy {
  /** How far a Date or created time may be from our clock, either way. */
  static final Duration MAX_SKEW = Duration.ofHours(1);
  /** Longest signature header we read; real ones are under 1 KiB. */
  static final int MAX_HEADER_LENGTH = 8192;
  /** Most covered components we accept in one signature. */
  static final int MAX_COMPONENTS = 32;

  private SignaturePolicy() {}

  static void checkTime(Instant time, Instant now, String what) throws SignatureException {
    if (time.isBefore(now.minus(MAX_SKEW))) {
      throw new SignatureException(what + " is more than an hour in the past");
    }
    if (time.isAfter(now.plus(MAX_SKEW))) {
      throw new SignatureException(what + " is more than an hour in the future");
    }
  }

  static void checkExpires(long expires, Instant now) throws SignatureException {
    if (expires < now.getEpochSecond()) {
      throw new SignatureException("signature has expired");
    }
  }

  /**
   * A request with a body must carry a digest of it, cover that digest, and the digest must
   * match: otherwise the signature says nothing about the content.
   */
  static void checkBodyDigest(SignedRequest request, Collection<?> covered)
      throws SignatureException {
    if (!Digests.expectsBody(request.method(), request.body())) {
      return;
    }
    boolean digest = covered.contains("digest");
    boolean contentDigest = covered.contains("content-digest");
    if (!digest && !contentDigest) {
      if (request.header("digest") == null && request.header("content-digest") == null) {
        throw new SignatureException("request has a body but no Digest or Content-Digest header");
      }
      throw new SignatureException("signature does not cover the body digest");
    }
    if (digest) {
      Digests.checkDigest(request.header("digest"), request.body());
    }
    if (contentDigest) {
      Digests.checkContentDigest(request.header("content-digest"), request.body());
    }
  }

  static void checkHeaderLength(String value, String field) throws SignatureException {
    if (value.length() > MAX_HEADER_LENGTH) {
      throw new SignatureException(field + " header too large");
    }
  }
}
