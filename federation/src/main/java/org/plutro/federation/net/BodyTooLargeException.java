package org.plutro.federation.net;

/** An answer longer than the caller would read: final, asking again gets the same. */
public final class BodyTooLargeException extends IllegalStateException {
  public BodyTooLargeException(long maxBody) {
    super("answer larger than " + maxBody + " bytes");
  }
}
