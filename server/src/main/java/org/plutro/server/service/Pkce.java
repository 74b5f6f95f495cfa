package org.plutro.server.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;

/** PKCE (RFC 7636) with the S256 method only, as Mastodon: {@code plain} is refused. */
public final class Pkce {
  // RFC 7636 §4.1 and §4.2: 43 to 128 unreserved characters.
  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

  private Pkce() {}

  public static boolean wellFormed(String value) {
    return value != null && FORMAT.matcher(value).matches();
  }

  /** {@code BASE64URL(SHA256(verifier)) == challenge}, compared in constant time. */
  public static boolean verifies(String verifier, String challenge) {
    if (!wellFormed(verifier) || challenge == null) {
      return false;
    }
    String computed = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Secrets.sha256(verifier));
    return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
        challenge.getBytes(StandardCharsets.US_ASCII));
  }
}
