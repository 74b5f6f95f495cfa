package org.plutro.federation.vocab;

import java.util.Objects;
import java.util.Optional;

/**
 * A property that peers send either as a bare id or as the embedded object ({@code actor},
 * {@code object}, {@code inReplyTo}, {@code replies}...): one type for both. {@link #id()} is the
 * id either way; it is null only for an embedded object that has none (an anonymous collection
 * page, as Mastodon embeds in {@code replies.first}, or a Follow
 * embedded in an Accept without its id).
 */
public record Ref<T extends AsObject>(String id, Optional<T> embedded) {
  public Ref {
    Objects.requireNonNull(embedded, "embedded");
    if (id == null && embedded.isEmpty()) {
      throw new IllegalArgumentException("a reference needs an id or an embedded object");
    }
    if (embedded.isPresent() && !Objects.equals(id, embedded.get().id())) {
      throw new IllegalArgumentException("a reference's id is its embedded object's id");
    }
  }

  /** A bare id. */
  public static <T extends AsObject> Ref<T> to(String id) {
    return new Ref<>(Objects.requireNonNull(id, "id"), Optional.empty());
  }

  /** An embedded object (its id, possibly null, is the reference's id). */
  public static <T extends AsObject> Ref<T> of(T object) {
    return new Ref<>(object.id(), Optional.of(object));
  }

  public boolean isEmbedded() {
    return embedded.isPresent();
  }

  /** The embedded object's (first) type, when there is one. */
  public Optional<String> embeddedType() {
    return embedded.map(AsObject::type);
  }

  /** The id only (drops the embedded object, e.g. to write a reference instead of a copy). */
  public Ref<T> idOnly() {
    return embedded.isEmpty() || id == null ? this : to(id);
  }
}
