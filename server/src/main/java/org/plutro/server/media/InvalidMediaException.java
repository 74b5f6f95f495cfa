package org.plutro.server.media;

/** An upload we refuse: unknown type, unreadable, too large. The message is safe to show. */
public final class InvalidMediaException extends Exception {
  public InvalidMediaException(String message) {
    super(message, null, false, false);
  }
}
