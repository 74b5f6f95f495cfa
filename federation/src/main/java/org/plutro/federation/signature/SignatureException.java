package org.plutro.federation.signature;

/**
 * A request's HTTP signature is missing, malformed, outside policy or invalid.
 * The message is safe to log and to return to the sender: it never quotes key material or
 * more than a short, sanitised fragment of the request.
 */
public final class SignatureException extends Exception {
  private static final long serialVersionUID = 1L;

  public SignatureException(String message) {
    super(message, null, false, false);
  }
}
