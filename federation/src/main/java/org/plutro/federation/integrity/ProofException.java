package org.plutro.federation.integrity;

/**
 * An integrity proof is malformed, of a kind we do not verify, or does not verify. The message is
 * safe to log: it never quotes key material or the document.
 */
public final class ProofException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProofException(String message) {
    super(message, null, false, false);
  }
}
