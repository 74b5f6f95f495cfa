package org.plutro.federation.net;

/** A URL federation may not reach (SSRF guard). */
public final class RefusedAddressException extends RuntimeException {
  public RefusedAddressException(String message) {
    super(message, null, false, false);
  }
}
