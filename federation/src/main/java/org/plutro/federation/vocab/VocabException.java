package org.plutro.federation.vocab;

/**
 * A document whose modelled properties cannot be read: a required one is missing, or one has a
 * JSON type or a value that it cannot have. {@link #property()} names it as a path from the
 * document ({@code object.attributedTo}, {@code tag[2].href}); the message is safe to show the
 * sender (it names the property and the problem, never echoes the value).
 */
public final class VocabException extends RuntimeException {
  private final String property;

  public VocabException(String property, String problem) {
    super(property + ": " + problem, null, false, false);
    this.property = property;
  }

  /** Where in the document: {@code id}, {@code object.to[3]}, {@code attachment[0].url}. */
  public String property() {
    return property;
  }
}
