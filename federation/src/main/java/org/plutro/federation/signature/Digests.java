package org.plutro.federation.signature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Body digests: {@code Digest: SHA-256=<base64>} (RFC 3230, what draft-cavage senders use) and
 * {@code Content-Digest: sha-256=:<base64>:} (RFC 9530; sha-512 accepted too).
 */
public final class Digests {
  private static final ThreadLocal<MessageDigest> SHA_256 = digest("SHA-256");
  private static final ThreadLocal<MessageDigest> SHA_512 = digest("SHA-512");
  private static final int MAX_HEADER = 4096;

  private Digests() {}

  /** The value of a {@code Digest} header for the body: {@code SHA-256=<base64>}. */
  public static String digestHeader(byte[] body) {
    return "SHA-256=" + Base64.getEncoder().encodeToString(sha256(body));
  }

  /** The value of a {@code Content-Digest} header for the body: {@code sha-256=:<base64>:}. */
  public static String contentDigestHeader(byte[] body) {
    return "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
  }

  /**
   * Checks a {@code Digest} header against the body. Every SHA-256 or SHA-512 entry must
   * match, and at least one must be there; other algorithms are ignored.
   */
  public static void checkDigest(String header, byte[] body) throws SignatureException {
    if (header == null || header.isBlank()) {
      throw new SignatureException("Digest header missing");
    }
    if (header.length() > MAX_HEADER) {
      throw new SignatureException("Digest header too large");
    }
    boolean checked = false;
    for (String entry : header.split(",")) {
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new SignatureException("malformed Digest header");
      }
      String algorithm = entry.substring(0, equals).trim().toLowerCase(Locale.ROOT);
      String value = entry.substring(equals + 1).trim();
      byte[] expected;
      if (algorithm.equals("sha-256")) {
        expected = sha256(body);
      } else if (algorithm.equals("sha-512")) {
        expected = sha512(body);
      } else {
        continue;
      }
      if (!MessageDigest.isEqual(expected, decode(value, "Digest"))) {
        throw new SignatureException("Digest does not match the body");
      }
      checked = true;
    }
    if (!checked) {
      throw new SignatureException("Digest header has no SHA-256 or SHA-512 value");
    }
  }

  /**
   * Checks a {@code Content-Digest} header (an RFC 8941 dictionary) against the body. Every
   * sha-256 or sha-512 member must match, and at least one must be there.
   */
  public static void checkContentDigest(String header, byte[] body) throws SignatureException {
    if (header == null || header.isBlank()) {
      throw new SignatureException("Content-Digest header missing");
    }
    if (header.length() > MAX_HEADER) {
      throw new SignatureException("Content-Digest header too large");
    }
    boolean checked = false;
    for (var member : StructuredFields.parseDictionary(header, "Content-Digest").entrySet()) {
      byte[] expected;
      if (member.getKey().equals("sha-256")) {
        expected = sha256(body);
      } else if (member.getKey().equals("sha-512")) {
        expected = sha512(body);
      } else {
        continue;
      }
      if (!(member.getValue() instanceof StructuredFields.Item item)
          || !(item.value() instanceof StructuredFields.ByteSequence bytes)) {
        throw new SignatureException("malformed Content-Digest header");
      }
      if (!MessageDigest.isEqual(expected, bytes.bytes())) {
        throw new SignatureException("Content-Digest does not match the body");
      }
      checked = true;
    }
    if (!checked) {
      throw new SignatureException("Content-Digest header has no sha-256 or sha-512 value");
    }
  }

  /** True when the request carries, or by its method should carry, a body that needs a digest. */
  static boolean expectsBody(String method, byte[] body) {
    if (body != null && body.length > 0) {
      return true;
    }
    return method.equalsIgnoreCase("POST")
        || method.equalsIgnoreCase("PUT")
        || method.equalsIgnoreCase("PATCH");
  }

  static byte[] sha256(byte[] body) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    return digest.digest(body == null ? new byte[0] : body);
  }

  static byte[] sha512(byte[] body) {
    MessageDigest digest = SHA_512.get();
    digest.reset();
    return digest.digest(body == null ? new byte[0] : body);
  }

  private static byte[] decode(String base64, String header) throws SignatureException {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new SignatureException("malformed " + header + " header");
    }
  }

  private static ThreadLocal<MessageDigest> digest(String algorithm) {
    return ThreadLocal.withInitial(() -> {
      try {
        return MessageDigest.getInstance(algorithm);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(algorithm + " is not available", e);
      }
    });
  }
}
