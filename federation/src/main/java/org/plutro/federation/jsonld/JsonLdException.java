package org.plutro.federation.jsonld;

/** A document we cannot read as JSON-LD; the message is safe to show the sender. */
public final class JsonLdException extends Exception {
  public JsonLdException(String message) {
    super(message, null, false, false);
  }
}
